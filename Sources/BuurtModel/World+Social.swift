import BuurtCore
import CSupport

/// Processes 2-3: spark, recruit (1, meet, is in World+Meet.swift).
extension World {
    /// 2. Spark. A resident starts an idea with a weekly chance rising with propensity, the
    /// neighbourhood's unmet need and community trust, tripled when an intermediary is among
    /// its ties (the connector who starts the wheel, `002_be3409d8dd1ee853.txt`).
    ///
    /// Candidates are drawn per neighbourhood at the largest possible chance and thinned to each
    /// resident's own chance, so only a few residents are looked at each week.
    /// Normalisations of `behaviour.spark_rate`, not behavioural numbers (docs/ODD.md, Parameters):
    /// the rate is the weekly chance at propensity 0.1 and full community trust where the highest
    /// need is 0.5.
    static let sparkReferencePropensity = 0.1, sparkNeedFactor = 2.0
    /// Bound on propensity for the thinning (the groups' Beta distributions exceed it with a chance
    /// below 10^-6; such a resident sparks at the bound's chance).
    static let sparkPropensityBound = 0.6
    /// Least volunteer hours an invitation is weighed against (a guard against dividing by zero).
    static let leastHoursWanted = 0.5

    func spark() {
        let rng = stream(.spark)
        let base = levers[.sparkRate]
        guard base > 0 else { return }
        let maxProp = World.sparkPropensityBound, reference = World.sparkReferencePropensity, needFactor = World.sparkNeedFactor
        let boost = levers[.sparkIntermediaryBoost]
        for nh in 0..<neighbourhoodCount {
            let range = residents(in: nh)
            guard !range.isEmpty else { continue }
            let needs = need[(nh * 6)..<(nh * 6 + 6)]
            let maxNeed = needs.max() ?? 0
            let pMax = min(1, base * (maxProp / reference) * maxNeed * needFactor * max(1, boost))
            guard pMax > 0 else { continue }
            for _ in 0..<rng.binomial(pMax, range.count) {
                let r = range.lowerBound + rng.index(range.count)
                guard rInitiative[r] < 0, rRole[r] != Role.intermediary.rawValue else { continue }
                var p = base * (Double(rPropensity[r]) / reference) * maxNeed * needFactor * Double(rTrustCommunity[r])
                if hasIntermediaryTie(r) { p *= boost }
                guard rng.uniform() * pMax < p else { continue }
                // Theme by roulette over the neighbourhood's needs.
                var u = rng.uniform() * needs.reduce(0, +)
                var theme = 5
                for t in 0..<6 { u -= needs[nh * 6 + t]; if u < 0 { theme = t; break } }
                startInitiative(initiator: r, theme: theme, rng: rng)
            }
        }
    }

    func hasIntermediaryTie(_ r: Int) -> Bool {
        let base = r * tieCapacity
        for k in 0..<Int(rDegree[r]) where rRole[Int(tTarget[base + k])] == Role.intermediary.rawValue { return true }
        return false
    }

    func startInitiative(initiator r: Int, theme: Int, rng: RandomStream) {
        let id = Int32(initiatives.count)
        let sizeMin = levers.int(.initiativeSizeMin), formMin = levers.int(.formingWeeksMin)
        initiatives.append(Initiative(id: id, theme: theme, nh: Int32(rNh[r]), initiator: Int32(r), members: [Int32(r)],
                                      targetSize: sizeMin + rng.index(max(1, levers.int(.initiativeSizeMax) - sizeMin + 1)),
                                      born: Int32(tick),
                                      formingLeft: Int32(formMin + rng.index(max(1, levers.int(.formingWeeksMax) - formMin + 1)))))
        live.append(id)
        rInitiative[r] = id
        rRole[r] = Role.initiator.rawValue
        rLastActive[r] = Int32(tick)
        rTookPart[r] = 1
        counters.newThisWeek += 1
    }

    /// 3. Recruit. Initiatives invite their members' ties; a resident joins with a chance rising
    /// with propensity, trust in the inviter and free hours. Members leave when hours run out
    /// (reporting load adds to that). Outreach by key persons and intermediaries reaches the
    /// under-represented group directly.
    func recruit() {
        let rng = stream(.recruit)
        let prefetch = prefetchesMembers, freeHours = rFreeHours.view
        let p = Recruiting(levers)
        for (k, id) in live.enumerated() {
            if prefetch { prefetchMembers(afterLive: k) { m in buurt_prefetch(freeHours.kernelAddress + m) } }
            // In place: a copy of the initiative (216 bytes, its member list retained and, once
            // changed, copied) cost more than the rest of a week's recruiting for most of them.
            recruit(&initiatives[Int(id)], p, rng)
        }
        outreach(rng)
    }

    /// Process 3 for one initiative, changed in place: members leave, then members invite their
    /// ties (it must not touch `initiatives`, which is being changed).
    private func recruit(_ ini: inout Initiative, _ p: Recruiting, _ rng: RandomStream) {
        // Leaving.
        var load = 0.0
        if ini.phase == .active, ini.funder >= 0 {
            let kind = funders[Int(ini.funder)].kind
            let reporting = levers[.reportingHours] * kind.reportingFactor * (1 + friction(servant: ini.servant, funder: kind))
            load = reporting / max(1, Double(ini.members.count) * p.hoursWanted)
        }
        // Waiting on a decision wears volunteers out too (more with friction).
        var waiting = 0.0
        if ini.phase == .seeking, ini.decisionTick >= 0 || ini.writing, ini.funder >= 0 {
            waiting = levers[.waitingLeave] * friction(servant: ini.servant, funder: funders[Int(ini.funder)].kind)
        }
        var leave = levers[.leaveRate] + levers[.reportingLeave] * min(1, load) + waiting
        if ini.recognised { leave *= 1 - levers[.recognitionRetention] }
        var k = 1
        while k < ini.members.count {
            let m = Int(ini.members[k])
            if rng.chance(leave + (Double(rFreeHours[m]) < p.lowHours ? p.lowHoursLeave : 0)) {
                ini.members.remove(at: k)
                release(m)
            } else { k += 1 }
        }
        // Inviting.
        if ini.members.count < ini.targetSize {
            for _ in 0..<(1 + ini.members.count / p.perInvitation) {
                let m = Int(ini.members[rng.index(ini.members.count)])
                let deg = Int(rDegree[m])
                guard deg > 0 else { continue }
                let s = m * tieCapacity + rng.index(deg)
                let j = Int(tTarget[s])
                guard isFree(j) else { continue }
                let chance = min(1, p.inviteFactor * Double(rPropensity[j]) * (p.trustOffset + Double(tTrust[s])))
                    * min(1, Double(rFreeHours[j]) / p.hoursWanted) * (ini.phase == .active ? p.activeBoost : 1)
                if rng.chance(chance) { join(j, &ini) }
                if ini.members.count >= ini.targetSize { break }
            }
        }
    }

    /// The levers recruiting reads, once a week.
    struct Recruiting {
        let hoursWanted: Double, lowHours: Double, lowHoursLeave: Double
        let inviteFactor: Double, activeBoost: Double, perInvitation: Int, trustOffset: Double

        init(_ levers: LeverValues) {
            hoursWanted = max(World.leastHoursWanted, levers[.volunteerHours])
            lowHours = levers[.lowHours]; lowHoursLeave = levers[.lowHoursLeave]
            inviteFactor = levers[.inviteFactor]; activeBoost = levers[.activeInviteBoost]
            perInvitation = max(1, levers.int(.membersPerInvitation)); trustOffset = levers[.inviteTrustOffset]
        }
    }

    func isFree(_ r: Int) -> Bool { rInitiative[r] < 0 && rRole[r] != Role.intermediary.rawValue }

    func join(_ r: Int, _ ini: inout Initiative) {
        ini.members.append(Int32(r))
        rInitiative[r] = ini.id
        rRole[r] = Role.volunteer.rawValue
        rLastActive[r] = Int32(tick)
        rTookPart[r] = 1
    }

    /// A member leaves its initiative (the caller removes it from the member list).
    func release(_ r: Int) {
        rInitiative[r] = -1
        if rRole[r] != Role.intermediary.rawValue { rRole[r] = Role.passive.rawValue }
    }

    /// Outreach: each neighbourhood's outreach hours reach residents, mostly of the
    /// under-represented group; each contact is a good experience with institutions, and some
    /// join an initiative that needs members.
    func outreach(_ rng: RandomStream) {
        let hours = levers[.outreachHours]
        guard hours > 0 else { return }
        let perHour = levers[.outreachContactsPerHour], joinFactor = levers[.outreachJoinFactor]
        let redraws = levers.int(.outreachRedraws)
        let keyShare = servants.isEmpty ? 0 : Double(servants.indices.filter { isKeyPerson($0) }.count) / Double(servants.count)
        var open: [[Int32]] = Array(repeating: [], count: neighbourhoodCount)
        for id in live {
            let k = Int(id)
            if initiatives[k].members.count < initiatives[k].targetSize, initiatives[k].phase != .selfSustaining { open[Int(initiatives[k].nh)].append(id) }
        }
        for nh in 0..<neighbourhoodCount {
            let range = residents(in: nh)
            guard !range.isEmpty else { continue }
            for _ in 0..<rng.stochasticRound(hours * perHour * (levers[.outreachBaseShare] + keyShare)) {
                var r = range.lowerBound + rng.index(range.count)
                for _ in 0..<redraws where rGroup[r] != Group.underrepresented.rawValue {
                    r = range.lowerBound + rng.index(range.count)
                }
                institutionalExperience(r, good: true)
                guard isFree(r), !open[nh].isEmpty, rng.chance(min(1, joinFactor * Double(rPropensity[r]))) else { continue }
                let pick = rng.index(open[nh].count)
                let id = Int(open[nh][pick])
                join(r, &initiatives[id])
                if initiatives[id].members.count >= initiatives[id].targetSize { open[nh].remove(at: pick) }
            }
        }
    }
}
