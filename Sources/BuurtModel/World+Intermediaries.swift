import BuurtCore

/// Process 9: intermediary energy and succession.
extension World {
    /// 9. Energy: E' = E - demand (1 - support) + r (1 - E) - shocks, the Job Demands-Resources
    /// form (Bakker & Demerouti 2007). Below the threshold the intermediary burns out and leaves the
    /// role; a ready mentee then takes over the role, the cases and part of the institutional ties;
    /// otherwise those are lost. Experienced initiators step up as new intermediaries, faster with
    /// capacity building.
    func intermediaryEnergy() {
        let rng = stream(.energy)
        let threshold = levers[.burnoutThreshold]
        let r = levers[.recoveryRate]
        let peer = levers[.peerSupport]
        let planning = levers[.successionPlanning]
        let mentorStep = (1 + levers[.peerMentoringGain] * peer) / max(1, levers[.mentoringWeeks])
        // Each intermediary is changed in place (a copy taken and put back cost more than the rule).
        for m in intermediaries.indices where intermediaries[m].active {
            let kind = intermediaries[m].kind, cases = intermediaries[m].cases.count
            let demand = levers[.caseDemand] * kind.drain * Double(cases)
            let support = min(levers[.peerSupportCap], levers[.peerSupportCushion] * peer)
            let rest = cases == 0 ? levers[.restFactor] : 1.0
            var energy = intermediaries[m].energy
            energy += -demand * (1 - support) + r * rest * (1 - energy) - intermediaries[m].shock + rng.gaussian(levers[.energyNoise])
            energy = min(1, energy)
            intermediaries[m].energy = energy
            intermediaries[m].shock = 0
            if intermediaries[m].mentorDraw < planning {
                if intermediaries[m].mentee < 0 || !isFree(asMentee: Int(intermediaries[m].mentee)) {
                    intermediaries[m].mentee = pickMentee(intermediary: m, rng)
                    intermediaries[m].mentoring = 0
                }
                if intermediaries[m].mentee >= 0 {
                    intermediaries[m].mentoring += mentorStep
                    let e = Int(intermediaries[m].mentee)
                    rExperience[e] += Float(levers[.menteeExperienceGain]) * (1 - rExperience[e])
                }
            }
            if energy < threshold { retire(m, burnout: true, rng) } else if rng.chance(levers[.movingAwayRate]) { retire(m, burnout: false, rng) }
        }
        // New intermediaries from experienced initiators.
        let rate = levers[.emergenceRate] * (1 + levers[.peerEmergenceGain] * peer)
        guard rate > 0 else { return }
        for id in live {
            let phase = initiatives[Int(id)].phase
            guard phase == .active || phase == .selfSustaining else { continue }
            let c = Int(initiatives[Int(id)].initiator)
            guard rRole[c] != Role.intermediary.rawValue, rExperience[c] >= Float(levers[.emergenceExperience]),
                  rng.chance(rate * (initiatives[Int(id)].supporter >= 0 ? levers[.emergenceSupportedFactor] : 1)) else { continue }
            makeIntermediary(c, kind: drawKind(rng), energy: levers[.newIntermediaryEnergyMin] + levers[.newIntermediaryEnergySpread] * rng.uniform(), rng: rng)
        }
    }

    func isFree(asMentee r: Int) -> Bool { rRole[r] != Role.intermediary.rawValue }

    /// The most experienced member of the intermediary's cases.
    func pickMentee(intermediary m: Int, _ rng: RandomStream) -> Int32 {
        var best: Int32 = -1
        var bestExp: Float = -1
        for id in intermediaries[m].cases {
            for r in initiatives[Int(id)].members where rRole[Int(r)] != Role.intermediary.rawValue {
                if rExperience[Int(r)] > bestExp { best = r; bestExp = rExperience[Int(r)] }
            }
        }
        return best
    }

    /// Burnout (or, rarely, moving away): the intermediary leaves the role; a ready mentee succeeds.
    func retire(_ m: Int, burnout: Bool, _ rng: RandomStream) {
        var me = intermediaries[m]
        me.active = false
        if burnout { counters.burnouts += 1 }
        let resident = Int(me.resident)
        intermediaryOf[me.resident] = nil
        rRole[resident] = rInitiative[resident] >= 0 ? Role.volunteer.rawValue : Role.passive.rawValue
        intermediaries[m] = me
        if me.mentorDraw < levers[.successionPlanning], me.mentee >= 0, me.mentoring >= 1,
           isFree(asMentee: Int(me.mentee)) {
            let s = makeIntermediary(Int(me.mentee), kind: me.kind, energy: levers[.successorEnergy], rng: rng)
            var successor = intermediaries[s]
            successor.servantTies = []; successor.servantTrust = []
            for (k, t) in me.servantTies.enumerated() where rng.chance(levers[.tieTransfer]) {
                successor.servantTies.append(t); successor.servantTrust.append(me.servantTrust[k])
            }
            successor.cases = me.cases
            for id in me.cases { initiatives[Int(id)].supporter = Int32(s) }
            successor.nh = me.nh
            intermediaries[s] = successor
            counters.successions += 1
        } else {
            for id in me.cases where initiatives[Int(id)].supporter == Int32(m) { initiatives[Int(id)].supporter = -1 }
        }
        intermediaries[m].cases = []
    }

    /// 10. Needs drift: unmet needs of both groups rise slowly (faster under austerity);
    /// initiatives' impact (`operate`) and consultations (`consult`) lower them.
    func needsDrift() {
        let drift = levers[.needsDriftRate] * (1 + levers[.austerityNeedFactor] * (1 - austerityFactor))
        for k in need.indices {
            need[k] += drift * (1 - need[k])
            needUnder[k] += drift * (1 - needUnder[k])
        }
    }
}
