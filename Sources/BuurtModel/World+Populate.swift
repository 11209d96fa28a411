import BuurtCore

extension World {
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
                let (a, b) = g.propensityShape
                rPropensity[r] = Float(rng.beta(a, b))
                rFreeHours[r] = Float(rng.gamma(shape: levers[.freeHoursShape], scale: levers[.freeHoursScale]))
                rTrustCommunity[r] = Float(rng.beta(levers[.trustCommunityAlpha], levers[.trustCommunityBeta]))
                let (ta, tb) = g.trustInstitutionsShape
                rTrustInstitutions[r] = Float(rng.beta(ta, tb))
                rExperience[r] = Float(rng.beta(levers[.experienceAlpha], levers[.experienceBeta]))
            }
            for t in 0..<6 { need[nh * 6 + t] = levers[.needMin] + levers[.needSpread] * rng.uniform() }
        }
        buildNetwork(rng)
        initialBridgingCount = bridgingCount

        servants = (0..<levers.int(.civilServants)).map { i in
            let dept = i % Department.table.count
            return CivilServant(themes: Department.themes(dept), department: dept,
                                openness: rng.beta(levers[.servantOpennessAlpha], levers[.servantOpennessBeta]),
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
            rExperience[r] = Float(levers[.intermediaryExperienceMin] + levers[.intermediaryExperienceSpread] * rng.uniform())
            makeIntermediary(r, kind: drawKind(rng), energy: levers[.intermediaryEnergyMin] + levers[.intermediaryEnergySpread] * rng.uniform(), rng: rng)
        }
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
            let ties = max(1, Int((levers[.servantTiesPerReach] * kind.reach).rounded()))
            let trust = Float(levers[.servantTieTrust])
            for _ in 0..<ties {
                let s = Int32(rng.index(servants.count))
                if !m.servantTies.contains(s) { m.servantTies.append(s); m.servantTrust.append(trust) }
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
        let tries = levers.int(.tieTries), locality = levers[.tieLocality]
        let trustMin = levers[.tieTrustMin], trustSpread = levers[.tieTrustSpread]
        guard residentCount > 1, half > 0 else { return }
        for i in 0..<residentCount {
            let nh = Int(rNh[i])
            let local = residents(in: nh)
            for _ in 0..<rng.poisson(half) {
                for _ in 0..<tries {
                    let j = (rng.chance(locality) && local.count > 1) ? local.lowerBound + rng.index(local.count)
                                                                : rng.index(residentCount)
                    if j == i { continue }
                    if rGroup[i] != rGroup[j] && !rng.chance(1 - homophily) { continue }
                    if addTie(i, j, trust: Float(trustMin + trustSpread * rng.uniform())) { break }
                }
            }
        }
    }
}
