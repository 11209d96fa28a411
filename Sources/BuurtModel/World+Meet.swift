import BuurtCore

/// Process 1: meet.
extension World {
    struct TieChange { var a: Int32; var b: Int32; var add: Bool }

    /// The purpose word of meet's resident streams (`AgentStream`), in the loop and in the lanes.
    static let meetPurpose: UInt32 = 1

    /// 1. Meet. Each resident has a few encounters: mostly with ties, sometimes (more with meeting
    /// places) with a random neighbour, who may become a new tie. Good: T += a(1-T); bad: T -= bT
    /// (or the Beta rule: `TrustRule`). A tie whose reciprocity balance is very one-sided loses trust.
    ///
    /// Runs in chunks; each resident draws from its own stream for the week (`AgentStream` at
    /// (tick, resident)), so its numbers do not depend on the chunking or the threads. A resident
    /// writes only its own fields and tie slots, and tie additions and removals are applied
    /// afterwards as if one by one in resident order (`applyTieChanges`).
    /// - Complexity: O(residents x encounters).
    func meet() {
        let p = MeetParameters(levers)
        let changes = SlotBuffer<[TieChange]>(repeating: [], count: chunkCount)
        let frame = MeetFrame(self, lanes: meetLanes, prefetch: meetPrefetches)
        switch trust.model {
        case .linear:
            let rule = TrustRule.Linear(trust)
            Parallel.forEachChunk(chunkCount, threads: residentThreads) { c in changes[c] = frame.chunk(c, rule, p) }
        case .beta:
            let rule = TrustRule.Beta(trust)
            Parallel.forEachChunk(chunkCount, threads: residentThreads) { c in changes[c] = frame.chunk(c, rule, p) }
        }
        // This week's institutional trust is now in the other column: the two swap, and the column
        // read this week becomes last week's.
        swap(&rTrustInstitutions, &rTrustInstitutionsPrev)
        applyTieChanges(changes.slots, trust: Float(levers[.newTieTrust]))
    }

    /// The levers meet reads, converted once per week.
    struct MeetParameters {
        let encounters: Double
        let goodShare: Float, sameBonus: Float, crossPenalty: Float
        let pRandom16: Float, tieForm16: Float, tieFormCross16: Float
        let drop16: UInt32, dropChance: Double
        let forget: Float, wc: Float, diffusion: Float
        let recMemory: Float, oneSided: Float, oneSidedW: Float, breakBelow: Float
        /// Prior trust the memory of experiences fades back to: the means of the initial Beta
        /// distributions (community trust; institutional trust by group, `Group.table`).
        let communityPrior: Float, institutionalPrior: SIMD4<Float>

        init(_ levers: LeverValues) {
            let pRandom = min(levers[.randomEncounterMax], levers[.randomEncounterBase] + levers[.randomEncounterPerPlace] * levers[.meetingPlaces])
            encounters = levers[.encountersPerWeek]
            goodShare = Float(levers[.goodEncounterShare])
            sameBonus = Float(levers[.sameInitiativeGoodBonus]); crossPenalty = Float(levers[.crossGroupGoodPenalty])
            pRandom16 = Float(pRandom * 65536)
            let newTie = levers[.newTieChance], crossTie = 1 - levers[.homophily]
            tieForm16 = Float(newTie * 65536); tieFormCross16 = Float(newTie * crossTie * 65536)
            // A tie drifts apart with chance `behaviour.tie_drop_chance` per encounter: a coarse 16-bit
            // pre-test (1/64) where that chance is below 1/64, then an exact one.
            let dropP = levers[.tieDropChance]
            drop16 = dropP <= 1.0 / 64 ? 1024 : 65536; dropChance = dropP <= 1.0 / 64 ? dropP * 64 : dropP
            forget = Float(levers[.trustForgetting])
            wc = Float(levers[.communityTrustWeight]); diffusion = Float(levers[.trustDiffusion])
            recMemory = Float(levers[.reciprocityMemory]); oneSided = Float(levers[.oneSidedBalance])
            oneSidedW = Float(levers[.oneSidedPenalty]); breakBelow = Float(levers[.tieBreakTrust])
            let (ca, cb) = (levers[.trustCommunityAlpha], levers[.trustCommunityBeta])
            communityPrior = Float(ca / (ca + cb))
            institutionalPrior = SIMD4(Group.established.institutionalPrior, Group.newcomer.institutionalPrior,
                                       Group.underrepresented.institutionalPrior, 0)
        }
    }

    /// What the encounter pass reads and writes, handed to the chunks: column handles (loaded once,
    /// not through the class on every access) and the week's scalars. It holds no reference to the
    /// `World`, so the compiler checks that the chunks share nothing else; the handles are
    /// `Sendable` on the promise that each chunk writes only its own residents' fields and tie slots.
    struct MeetFrame: Sendable {
        /// Institutional trust: `trustIPrev` is read (a resident's own starting value and its
        /// partners' last week's), `trustI` written (every resident's new value; see `meet`).
        let trustC: ColumnView<Float>, trustI: ColumnView<Float>, trustIPrev: ColumnView<Float>
        let group: ColumnView<UInt8>, initiative: ColumnView<Int32>, propensity: ColumnView<Float>
        let degree: ColumnView<UInt8>, nhOf: ColumnView<UInt16>
        let target: ColumnView<Int32>, tieTrust: ColumnView<Float>, reciprocity: ColumnView<Float>
        let nhStart: [Int]
        let key: UInt64, tick: Int, cap: Int, chunkSize: Int, residentCount: Int
        /// The week's encounters in vector lanes (16: AVX-512, 8: AVX2; `laneChunk`) rather than this
        /// loop (0), and whether the lanes fetch partners' fields ahead (`World.meetPrefetches`).
        let lanes: Int, prefetch: Bool, trust: TrustRule

        init(_ w: World, lanes: Int, prefetch: Bool) {
            self.lanes = lanes; self.prefetch = prefetch; trust = w.trust
            trustC = w.rTrustCommunity.view; trustI = w.rTrustInstitutionsPrev.view
            trustIPrev = w.rTrustInstitutions.view; group = w.rGroup.view
            initiative = w.rInitiative.view; propensity = w.rPropensity.view
            degree = w.rDegree.view; nhOf = w.rNh.view
            target = w.tTarget.view; tieTrust = w.tTrust.view; reciprocity = w.tReciprocity.view
            nhStart = w.nhStart
            key = w.meetKey; tick = w.tick; cap = w.tieCapacity; chunkSize = w.chunkSize; residentCount = w.residentCount
        }

        /// The encounters of one chunk's residents; returns the tie changes in resident order.
        /// Generic over the trust model so the compiler builds one loop per model.
        func chunk<Rule: TrustRule.Variant>(_ c: Int, _ rule: Rule, _ p: MeetParameters) -> [TieChange] {
            if lanes > 0, let changes = laneChunk(c, p) { return changes }
            var local: [TieChange] = []
            let end = min(residentCount, (c + 1) * chunkSize)
            // The residents' first random blocks, a batch at a time (see `AgentStream.firstBlocks`).
            let batch = 64
            return withUnsafeTemporaryAllocation(of: UInt64.self, capacity: 2 * batch) { blocks in
                let blocks = blocks.baseAddress!
                var batchStart = c * chunkSize, filled = batchStart
                for i in (c * chunkSize)..<end {
                    if i == filled {
                        AgentStream.firstBlocks(key: key, tick: tick, first: i, count: min(batch, end - i), purpose: World.meetPurpose, into: blocks)
                        batchStart = i; filled = i + batch
                    }
                    let b = 2 * (i - batchStart)
                    var rng = AgentStream(key: key, tick: tick, agent: i, purpose: World.meetPurpose, firstBlock: (blocks[b], blocks[b + 1]))
                    let n = rng.stochasticRound(p.encounters)
                    var tc = trustC[i], ti = trustIPrev[i]
                    let gi = group[i], ini = initiative[i], pi = propensity[i]
                    // Forgetting: old experiences fade, trust drifts back to the group's prior.
                    tc += p.forget * (p.communityPrior - tc)
                    ti += p.forget * (p.institutionalPrior[Int(gi)] - ti)
                    let deg = UInt32(truncatingIfNeeded: degree[i])
                    let row = i &* cap
                    for _ in 0..<n {
                        // Two 16-bit draws from one 32-bit word where a coarse chance will do.
                        let w1 = rng.bits()
                        let w2 = rng.bits()
                        if deg > 0 && Float(w1 >> 16) >= p.pRandom16 {
                            // A slot by multiply-and-shift of 16 bits (bias below deg / 65536).
                            let s = row &+ Int(truncatingIfNeeded: ((w1 & 0xffff) &* deg) >> 16)
                            let j = Int(truncatingIfNeeded: target[s])
                            let gj = group[j]
                            // Bonus and penalty as 0-or-1 factors, not branches (x 1 and + 0 are exact).
                            let sameInitiative: Float = ini == initiative[j] && ini >= 0 ? 1 : 0
                            let crossGroup: Float = gi != gj ? 1 : 0
                            let pGood = p.goodShare + sameInitiative * p.sameBonus - crossGroup * p.crossPenalty
                            let good = Float(w2 >> 16) < pGood * 65536
                            // This end's view of the balance, with forgetting (15/16 kept per encounter).
                            var rec = reciprocity[s] * p.recMemory
                            var t = rule.update(tieTrust[s], good: good, weight: 1)
                            tc = rule.update(tc, good: good, weight: p.wc)
                            // Only a good encounter moves trust towards the partner's and the balance;
                            // written without a branch on `good` (a coin flip the processor cannot
                            // predict): a bad one adds exactly 0.
                            let pj = propensity[j], diffused = p.diffusion * (trustIPrev[j] - ti)
                            let gave: Float = Float(w2 & 0xffff) * (pi + pj) < pi * 65536 ? 1 : -1
                            ti += good ? diffused : 0
                            rec += good ? gave : 0
                            let penalised = rule.update(t, good: false, weight: p.oneSidedW)
                            t = abs(rec) > p.oneSided ? penalised : t
                            tieTrust[s] = t
                            reciprocity[s] = rec
                            if t < p.breakBelow || (w2 & 0xffff) < p.drop16 && rng.chance(p.dropChance) {
                                local.append(TieChange(a: Int32(truncatingIfNeeded: i), b: Int32(truncatingIfNeeded: j), add: false))
                            }
                        } else {
                            let nh = Int(nhOf[i])
                            let lo = nhStart[nh], size = nhStart[nh + 1] - lo
                            if size < 2 { continue }
                            let k = lo &+ rng.index(size)
                            if k == i { continue }
                            let same = gi == group[k]
                            let good = Float(w2 >> 16) < (p.goodShare - (same ? 0 : p.crossPenalty)) * 65536
                            tc = rule.update(tc, good: good, weight: p.wc)
                            if good && Float(w2 & 0xffff) < (same ? p.tieForm16 : p.tieFormCross16) {
                                local.append(TieChange(a: Int32(truncatingIfNeeded: i), b: Int32(truncatingIfNeeded: k), add: true))
                            }
                        }
                    }
                    trustC[i] = tc
                    trustI[i] = ti
                }
                return local
            }
        }
    }
}
