import BuurtCore

/// Process: conflict. Joining in is not having your idea adopted (001_c8cb483a49676a29.txt point
/// 4): residents have conflicting interests, and 'a brilliant idea of one can be a thorn in
/// another's eye' (the NIMBY reaction). When a running initiative's work goes against the
/// interests of residents of its neighbourhood, those of groups it leaves out lose trust in the
/// institutions that back it. The municipality can ask before it funds who has trouble with a plan
/// and whether it leaves groups out (`government.inclusion_check`).
extension World {
    /// Each week, each running initiative (active or self-sustaining) has a conflict with chance
    /// `behaviour.conflict_rate`. A conflict touches `behaviour.conflict_neighbours` residents of
    /// its neighbourhood drawn at random (members of the initiative excepted). One of group g is
    /// harmed with chance (1 - heard_g) x (1 - the initiative's inclusion check), where heard_g is
    /// the group's share among the members (and a joint partner's members) over its share of the
    /// neighbourhood, at most 1 (`World.heard`, as in consult). A harmed resident has a bad
    /// institutional experience of weight `behaviour.conflict_trust_weight`.
    func conflict() {
        let rate = levers[.conflictRate]
        guard rate > 0 else { return }
        let rng = stream(.conflict)
        let touched = levers.int(.conflictNeighbours)
        let weight = Float(levers[.conflictTrustWeight])
        let groups = Group.allCases.count
        for id in live {
            let ini = initiatives[Int(id)]
            guard ini.phase == .active || ini.phase == .selfSustaining, !ini.members.isEmpty, rng.chance(rate) else { continue }
            let nh = Int(ini.nh)
            let range = residents(in: nh)
            guard !range.isEmpty else { continue }
            var members = ini.members
            if ini.joint, ini.partner >= 0, initiatives[Int(ini.partner)].phase.isLive {
                members += initiatives[Int(ini.partner)].members
            }
            var byGroup = [Int](repeating: 0, count: groups)
            for m in members { byGroup[Int(rGroup[Int(m)])] += 1 }
            let avoided = ini.inclusionChecked
            for _ in 0..<touched {
                let r = range.lowerBound + rng.index(range.count)
                guard rInitiative[r] != id else { continue }
                let g = rGroup[r]
                let heard = World.heard(from: byGroup[Int(g)], of: members.count, share: groupShare(nh, g))
                let harm = (1 - heard) * (1 - avoided)
                if harm > 0, rng.chance(harm) {
                    institutionalExperience(r, good: false, weight: weight)
                    counters.conflicts += 1
                }
            }
        }
    }
}
