import BuurtCore

/// Process 4: broker.
extension World {
    /// 4. Broker. Each intermediary spends energy on up to its caseload of initiatives in its
    /// neighbourhood: it matches them to a civil servant of the right department (without one an
    /// initiative searches the departments at random: 'the municipality is the municipality',
    /// `001_c8cb483a49676a29.txt` point 2), improves their applications (see `apply`) and builds
    /// trust between residents and institutions.
    func broker() {
        let rng = stream(.broker)
        var waiting: [[Int32]] = Array(repeating: [], count: neighbourhoodCount)
        for id in live {
            // Fields read in place: copying each initiative (with its member list) cost more.
            let phase = initiatives[Int(id)].phase
            if initiatives[Int(id)].supporter < 0, phase == .forming || phase == .seeking || phase == .active {
                waiting[Int(initiatives[Int(id)].nh)].append(id)
            }
        }
        var next = Array(repeating: 0, count: neighbourhoodCount)
        // Each intermediary is changed in place: a copy of it (its cases and ties) taken and put
        // back cost 7% of a small town's week.
        for m in intermediaries.indices where intermediaries[m].active {
            intermediaries[m].cases.removeAll { id in
                let supporter = initiatives[Int(id)].supporter, phase = initiatives[Int(id)].phase
                let drop = supporter != Int32(m) || !(phase == .forming || phase == .seeking || phase == .active)
                if drop && supporter == Int32(m) { initiatives[Int(id)].supporter = -1 }
                return drop
            }
            let nh = Int(intermediaries[m].nh), kind = intermediaries[m].kind
            while intermediaries[m].cases.count < kind.caseload, next[nh] < waiting[nh].count {
                let id = waiting[nh][next[nh]]
                next[nh] += 1
                initiatives[Int(id)].supporter = Int32(m)
                intermediaries[m].cases.append(id)
            }
            let weight = Float(levers[.brokerTrustWeight] * kind.reach)
            for c in intermediaries[m].cases.indices {
                let i = Int(intermediaries[m].cases[c])
                if initiatives[i].servant < 0, let s = matchServant(theme: initiatives[i].theme, intermediary: m, rng: rng) {
                    initiatives[i].servant = Int32(s)
                    markContact(&initiatives[i])
                }
                if let k = intermediaries[m].servantTies.firstIndex(of: initiatives[i].servant) {
                    intermediaries[m].servantTrust[k] = trust.update(intermediaries[m].servantTrust[k], good: true)
                }
                let member = Int(initiatives[i].members[rng.index(initiatives[i].members.count)])
                institutionalExperience(member, good: true, weight: weight)
            }
        }
        recognise(rng)
        // Initiatives on their own search the departments at random.
        guard !servants.isEmpty else { return }
        for id in live {
            let phase = initiatives[Int(id)].phase
            guard initiatives[Int(id)].supporter < 0, initiatives[Int(id)].servant < 0, phase == .seeking || phase == .active else { continue }
            guard rng.chance(levers[.selfSearchRate] * (1 - levers[.selfSearchFrictionDamping] * levers[.friction])) else { continue }
            let s = rng.index(servants.count)
            if servants[s].themes & (1 << UInt8(initiatives[Int(id)].theme)) != 0 {
                initiatives[Int(id)].servant = Int32(s)
                markContact(&initiatives[Int(id)])
            }
        }
    }

    /// Recognition and partnership without a grant (`001_c8cb483a49676a29.txt` point 1): each week
    /// a live initiative in contact with a civil servant is recognised with chance
    /// `government.recognition`. Draws nothing when the lever is 0.
    func recognise(_ rng: RandomStream) {
        let p = levers[.recognition]
        guard p > 0 else { return }
        for id in live {
            guard !initiatives[Int(id)].recognised, initiatives[Int(id)].servant >= 0, initiatives[Int(id)].phase.isLive else { continue }
            if rng.chance(p) { initiatives[Int(id)].recognised = true }
        }
    }

    func markContact(_ ini: inout Initiative) {
        if !ini.everContact { ini.everContact = true; counters.contacted += 1 }
    }

    /// The civil servant an intermediary would bring a case to: its most trusted tie in the right
    /// department, else the most open of a few servants of that department it asks around.
    func matchServant(theme: Int, intermediary m: Int, rng: RandomStream) -> Int? {
        let bit: UInt8 = 1 << UInt8(theme)
        var best: Int? = nil
        var bestTrust: Float = -1
        for (k, s) in intermediaries[m].servantTies.enumerated()
        where servants[Int(s)].themes & bit != 0 && intermediaries[m].servantTrust[k] > bestTrust {
            best = Int(s); bestTrust = intermediaries[m].servantTrust[k]
        }
        if let best { return best }
        guard !servants.isEmpty else { return nil }
        var pick: Int? = nil
        for _ in 0..<levers.int(.servantsAsked) {
            let s = rng.index(servants.count)
            if servants[s].themes & bit != 0, pick.map({ servants[s].openness > servants[$0].openness }) ?? true { pick = s }
        }
        return pick
    }
}
