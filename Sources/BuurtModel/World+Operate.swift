import BuurtCore
import CSupport

/// Processes 6-8: operate, grant end, institutions learn.
extension World {
    /// 6. Operate. Running initiatives spend cash and volunteer hours, owe reporting hours
    /// (x (1 + friction)), lower the need of their theme, build ties among members (bridging when
    /// mixed) and mature their business model (faster with an intermediary and core funding).
    func operate() {
        let rng = stream(.operate)
        let p = Operating(levers)
        let prefetch = prefetchesMembers
        let freeHours = rFreeHours.view, lastActive = rLastActive.view, experience = rExperience.view, group = rGroup.view
        for (k, id) in live.enumerated() {
            if prefetch {
                prefetchMembers(afterLive: k) { m in
                    buurt_prefetch(freeHours.kernelAddress + m); buurt_prefetch(lastActive.kernelAddress + m)
                    buurt_prefetch(experience.kernelAddress + m); buurt_prefetch(group.kernelAddress + m)
                }
            }
            let i = Int(id)
            guard initiatives[i].phase.isLive else { continue }
            // A joint initiative's partner's members, for the ties of joint work: read before the
            // initiative is changed in place (nothing it does this week changes its partner).
            let partner = Int(initiatives[i].partner)
            let partnerMembers = initiatives[i].joint && partner >= 0 && initiatives[partner].phase.isLive
                && !initiatives[partner].members.isEmpty ? initiatives[partner].members : nil
            // In place: a copy of the initiative (216 bytes, its member list retained) cost more
            // than the rest of a week's work for most of them.
            operate(&initiatives[i], partnerMembers: partnerMembers, p, rng)
        }
    }

    /// Process 6 for one live initiative, changed in place (it must not touch `initiatives`, which
    /// is being changed: the partner's members come as `partnerMembers`, nil when there is no live
    /// partner with members).
    private func operate(_ ini: inout Initiative, partnerMembers: [Int32]?, _ p: Operating, _ rng: RandomStream) {
        var hours = 0.0
        for m in ini.members {
            let r = Int(m)
            hours += hoursGiven(r)
            rLastActive[r] = Int32(tick)
            rExperience[r] += p.expGain * (1 - rExperience[r])
        }
        if ini.recognised, !ini.members.isEmpty {
            // The contact person and the visibility: a good experience with institutions.
            institutionalExperience(Int(ini.members[rng.index(ini.members.count)]), good: true,
                                    weight: Float(levers[.recognitionTrustWeight]))
        }
        switch ini.phase {
        case .forming, .seeking:
            counters.hoursThisWeek += hours
        case .active, .selfSustaining:
            var effective = hours
            var money = 0.0
            if ini.phase == .active {
                let spend = min(ini.cash, ini.weeklySpend)
                ini.cash -= spend
                money = spend
                counters.spentThisWeek += spend
                counters.spentTotal += spend
                if ini.funder >= 0 {
                    let kind = funders[Int(ini.funder)].kind
                    effective -= levers[.reportingHours] * kind.reportingFactor * (ini.pilot ? levers[.pilotReportingShare] : 1)
                        * (1 + friction(servant: ini.servant, funder: kind))
                }
                let support = ini.supporter >= 0 ? levers[.supportedMaturationGain] : 0.0
                // A grant too small for the work matures a business model slowly; reporting
                // takes its share of the volunteers' time away from building one.
                let adequacy = min(1, ini.weeklySpend / p.adequate)
                let focus = hours > 0 ? max(0, effective) / hours : 0
                let floor = levers[.maturationMoneyFloor]
                ini.maturity += p.matRate * (1 + support) * (1 + levers[.coreMaturationGain] * ini.coreFraction) * (floor + (1 - floor) * adequacy) * focus
                    * (1 - ini.maturity)
                ini.grantWeeksLeft -= 1
            } else {
                ini.maturity += levers[.selfSustainingMaturationShare] * p.matRate * (1 - ini.maturity)
            }
            counters.hoursThisWeek += hours
            effective = max(0, effective)
            let k = Int(ini.nh) * 6 + ini.theme
            let size = Double(max(1, nhStart[Int(ini.nh) + 1] - nhStart[Int(ini.nh)]))
            // Money buys materials, space and a coordinator: an adequately funded initiative does
            // three times the work of one on a grant far too small for it.
            let boost = ini.phase == .active ? levers[.moneyBoostFloor] + min(1, money / p.adequate) : levers[.selfSustainingBoost]
            let impact = min(need[k], p.impactPerHour * effective * boost * need[k] * 1000 / size)
            need[k] -= impact
            // The under-represented group's need is served as far as the group is among the
            // members, relative to its share of the neighbourhood (as consultations hear it).
            let fromUnder = ini.members.reduce(0) { $0 + (rGroup[Int($1)] == Group.underrepresented.rawValue ? 1 : 0) }
            let fit = World.heard(from: fromUnder, of: ini.members.count, share: groupShare(Int(ini.nh), Group.underrepresented.rawValue))
            needUnder[k] -= min(needUnder[k], fit * p.impactPerHour * effective * boost * needUnder[k] * 1000 / size)
            ini.impact += impact
            counters.impactTotal += impact
            if ini.members.count >= 2, rng.chance(levers[.operateTieChance]) {
                let a = Int(ini.members[rng.index(ini.members.count)])
                // Joint initiatives keep working with their partner's members.
                var pool = ini.members
                if let partnerMembers, rng.chance(levers[.partnerWorkShare]) { pool = partnerMembers }
                let b = Int(pool[rng.index(pool.count)])
                if let s = tieSlot(a, to: Int32(b)) { tieExperience(s, good: true) }
                else { addTie(a, b, trust: Float(levers[.operateTieTrust])) }
            }
            let hazard = levers[.selfSustainingHazard] * (ini.recognised ? 1 - levers[.recognitionRetention] : 1)
            if ini.members.count < 2 {
                end(&ini, stranded: ini.phase == .active)
            } else if ini.phase == .selfSustaining, rng.chance(hazard) {
                end(&ini, stranded: false)
            }
        default: break
        }
    }

    /// The levers operating reads, once a week.
    struct Operating {
        let matRate: Double, expGain: Float, adequate: Double, impactPerHour: Double

        init(_ levers: LeverValues) {
            matRate = levers[.maturationRate]; expGain = Float(levers[.memberExperienceGain])
            adequate = levers[.adequateWeeklySpend]; impactPerHour = levers[.impactPerHour]
        }
    }

    /// 7. Grant end. An initiative with enough maturity or core funding goes on (self-sustaining);
    /// otherwise it strands with high chance (`002_be3409d8dd1ee853.txt`) or looks for new money
    /// (a pilot strands with its own, lower chance).
    func grantEnd() {
        let rng = stream(.grantEnd)
        for id in live {
            // Tested in place first: most live initiatives are not at their grant's end, and a
            // copy of an initiative (with its member list) costs more than the test.
            guard initiatives[Int(id)].phase == .active, initiatives[Int(id)].grantWeeksLeft <= 0 else { continue }
            var ini = initiatives[Int(id)]
            ini.lastGrantEnd = Int32(tick)
            let m = ini.maturity
            let from = levers[.sustainFrom], at = levers[.sustainAt]
            let ramp = at > from ? min(1, max(0, (m - from) / (at - from))) : (m >= at ? 1 : 0)
            let smooth = ramp * ramp * (3 - 2 * ramp)
            let pSustain = min(1, smooth + levers[.coreSustainBonus] * ini.coreFraction
                + (ini.supporter >= 0 ? levers[.championSustainBonus] : 0)
                + (ini.recognised ? levers[.recognitionSustainBonus] : 0))
            // A pilot was meant to test the idea and lead to a project: it strands less often.
            let strandingChance = ini.pilot ? levers[.pilotStrandingChance] : levers[.strandingChance]
            ini.pilot = false
            if rng.chance(pSustain) {
                ini.phase = .selfSustaining
                counters.sustained += 1
                if ini.servant >= 0 { servants[Int(ini.servant)].successes += 1 }
            } else if rng.chance(strandingChance) {
                end(&ini, stranded: true)
            } else {
                ini.phase = .seeking
                ini.attempts = 0
                ini.waitUntil = Int32(tick)
            }
            initiatives[Int(id)] = ini
        }
    }

    /// 8. Institutions learn. Civil servants' openness drifts up after collaborations that went
    /// well and down after failures: municipality and initiatives play leapfrog
    /// (`004_499295810d90f7e4.txt`). Key persons' effect on friction and outreach is applied where
    /// those happen (`friction(servant:funder:)`, `outreach`).
    func institutionsLearn() {
        let lr = levers[.learningRate]
        for s in servants.indices {
            var o = servants[s].openness
            for _ in 0..<min(servants[s].successes, 10) { o += lr * (1 - o) }
            for _ in 0..<min(servants[s].failures, 10) { o -= lr * o }
            servants[s].openness = o
            servants[s].successes = 0
            servants[s].failures = 0
        }
    }
}
