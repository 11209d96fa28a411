import BuurtCore

extension World {
    /// Beta(a, b) of participation propensity by group: established, newcomers, under-represented.
    static let propensityShape: [(Double, Double)] = [(2, 18), (1.5, 18.5), (1, 24)]

    /// Initialisation: residents with groups, propensities, hours and trust; a homophilous tie
    /// network; intermediaries, civil servants, funders and neighbourhood needs.
    func populate(_ rng: RandomStream) {
        let n = residentCount
        let under = levers[.underrepresentedShare]
        let newcomer = min(levers[.newcomerShare], 1 - under)
        for nh in 0..<neighbourhoodCount {
            for r in residents(in: nh) {
                rNh[r] = UInt16(nh)
                let u = rng.uniform()
                let g: Group = u < under ? .underrepresented : (u < under + newcomer ? .newcomer : .established)
                rGroup[r] = g.rawValue
                let (a, b) = World.propensityShape[Int(g.rawValue)]
                rPropensity[r] = Float(rng.beta(a, b))
                rFreeHours[r] = Float(rng.gamma(shape: 2, scale: 3))
                rTrustCommunity[r] = Float(rng.beta(5, 5))
                rTrustInstitutions[r] = Float(g == .underrepresented ? rng.beta(3, 5) : rng.beta(4, 4))
                rExperience[r] = Float(rng.beta(1, 9))
            }
            for t in 0..<6 { need[nh * 6 + t] = 0.3 + 0.4 * rng.uniform() }
        }
        buildNetwork(rng)
        initialBridgingCount = bridgingCount

        servants = (0..<levers.int(.civilServants)).map { i in
            let dept = i % 4
            let masks: [UInt8] = [0b001001, 0b010010, 0b001100, 0b110000] // social, housing, education, public space
            return CivilServant(themes: masks[dept], department: dept, openness: rng.beta(2, 3),
                                keyDraw: rng.uniform())
        }
        let (project, pilot) = splitBudget(levers[.annualBudget])
        funders = (0..<levers.int(.funders)).map { i in
            Funder(kind: FunderKind(rawValue: i % 3)!, budget: project, pilotBudget: pilot)
        }
        let count = min(levers.int(.intermediaries), n)
        var chosen = Set<Int>()
        while chosen.count < count {
            let r = rng.index(n)
            guard chosen.insert(r).inserted else { continue }
            rExperience[r] = Float(0.5 + 0.5 * rng.uniform())
            makeIntermediary(r, kind: drawKind(rng), energy: 0.6 + 0.4 * rng.uniform(), rng: rng)
        }
        rTrustInstitutionsPrev.assign(from: rTrustInstitutions, count: n)
    }

    func drawKind(_ rng: RandomStream) -> IntermediaryKind {
        var u = rng.uniform()
        for k in IntermediaryKind.allCases {
            u -= IntermediaryKind.shares[k.rawValue]
            if u < 0 { return k }
        }
        return .communityLeader
    }

    /// Puts resident r in the intermediary role with a few institutional ties.
    @discardableResult
    func makeIntermediary(_ r: Int, kind: IntermediaryKind, energy: Double, rng: RandomStream) -> Int {
        var m = Intermediary(resident: Int32(r), kind: kind, nh: Int32(rNh[r]), energy: energy, active: true,
                             mentorDraw: rng.uniform(), since: Int32(tick))
        if !servants.isEmpty {
            let ties = max(1, Int((2 * kind.reach).rounded()))
            for _ in 0..<ties {
                let s = Int32(rng.index(servants.count))
                if !m.servantTies.contains(s) { m.servantTies.append(s); m.servantTrust.append(0.5) }
            }
        }
        rRole[r] = Role.intermediary.rawValue
        let index = intermediaries.count
        intermediaries.append(m)
        intermediaryOf[Int32(r)] = index
        return index
    }

    /// Ties by random stubs: each resident makes Poisson(mean degree / 2) attempts, mostly within
    /// its neighbourhood; a partner of another group is accepted with chance 1 - homophily.
    func buildNetwork(_ rng: RandomStream) {
        let half = levers[.meanDegree] / 2
        let homophily = levers[.homophily]
        guard residentCount > 1, half > 0 else { return }
        for i in 0..<residentCount {
            let nh = Int(rNh[i])
            let local = residents(in: nh)
            for _ in 0..<rng.poisson(half) {
                for _ in 0..<5 {
                    let j = (rng.chance(0.9) && local.count > 1) ? local.lowerBound + rng.index(local.count)
                                                                : rng.index(residentCount)
                    if j == i { continue }
                    if rGroup[i] != rGroup[j] && !rng.chance(1 - homophily) { continue }
                    if addTie(i, j, trust: Float(0.4 + 0.4 * rng.uniform())) { break }
                }
            }
        }
    }
}
