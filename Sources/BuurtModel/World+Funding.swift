import BuurtCore

/// Process 5: apply and decide.
extension World {
    /// Week 0..51 of the budget year; ticks 1-52 are the first year.
    var weekOfYear: Int { (tick - 1) % 52 }

    /// Whether funders hold a decision round this week: `rounds_per_year` rounds spread evenly
    /// over the year, the first in week 0.
    func isRoundWeek(_ w: Int) -> Bool {
        let rounds = levers.int(.roundsPerYear)
        return w == 0 || (w * rounds) / 52 != ((w - 1) * rounds) / 52
    }

    /// Whether an application's score clears the funder's quality bar (0: no bar).
    func passes(_ score: Double) -> Bool { levers[.qualityBar] <= 0 || score >= levers[.qualityBar] }

    /// Whether a funder may fund a theme, under its own themes or the lever's earmark.
    func eligible(_ f: Int, theme: Int) -> Bool {
        let earmark = levers.int(.earmark)
        if earmark > 0 { return theme == earmark - 1 }
        return funders[f].kind.themes & (1 << UInt8(theme)) != 0
    }

    /// 5. Apply and decide. Writing costs application hours x (1 + friction); the decision comes
    /// after the delay x (1 + k friction), at the funder's next round. Competitive rounds rank
    /// by quality plus noise and fund from the top until the round's budget is gone; collaborative
    /// rounds pair applications from one neighbourhood into joint ones, share grants and tie the
    /// partners. Outside the earmarks an application is refused or must be redesigned. A refusal
    /// lowers members' trust in institutions.
    func applyAndDecide() {
        let rng = stream(.apply)
        for id in live { advanceApplication(Int(id), rng) }
        for f in funders.indices where isRoundWeek(weekOfYear) {
            decideRound(f, rng)
        }
        if weekOfYear == 51 { closeBudgetYear() }
    }

    func advanceApplication(_ i: Int, _ rng: RandomStream) {
        // Only forming and seeking initiatives have anything to advance (tested in place, without
        // copying the initiative).
        guard initiatives[i].phase == .forming || initiatives[i].phase == .seeking else { return }
        var ini = initiatives[i]
        defer { initiatives[i] = ini }
        switch ini.phase {
        case .forming:
            ini.formingLeft -= 1
            if ini.formingLeft <= 0 {
                if ini.members.count >= 2 { ini.phase = .seeking } else { end(&ini, stranded: false) }
            }
            return
        case .seeking: break
        default: return
        }
        if ini.decisionTick >= 0 || ini.writing {
            // Waiting on the system: each week of writing or waiting, each member may have a bad
            // experience with institutions, and some initiatives give up (both more with friction).
            let f = friction(servant: ini.servant, funder: ini.funder >= 0 ? funders[Int(ini.funder)].kind : .municipal)
            let pBad = levers[.waitingBadExperience] * f
            for m in ini.members where rng.chance(pBad) { institutionalExperience(Int(m), good: false) }
            if rng.chance(levers[.giveUpRate] * f) {
                if ini.decisionTick >= 0, ini.funder >= 0 { funders[Int(ini.funder)].pending.removeAll { $0 == ini.id } }
                let w = Float(levers[.giveUpTrustWeight])
                for r in ini.members { institutionalExperience(Int(r), good: false, weight: w) }
                end(&ini, stranded: false)
                return
            }
        }
        if ini.pilot, ini.decisionTick >= 0, tick >= Int(ini.decisionTick) {
            // A pilot is decided on its own, first come first served: granted while the funder's
            // pilot money lasts; if it ran out meanwhile, the initiative applies for a project.
            let f = Int(ini.funder)
            ini.decisionTick = -1
            if funders[f].pilotBudget >= levers[.pilotGrant] {
                funders[f].pilotBudget -= levers[.pilotGrant]
                initiatives[i] = ini
                award(i, funder: f, amount: levers[.pilotGrant])
                ini = initiatives[i]
            } else {
                ini.pilot = false
            }
            return
        }
        guard ini.decisionTick < 0, tick >= Int(ini.waitUntil), !funders.isEmpty else { return }
        if !ini.writing {
            let pilotFunder = self.pilotFunder(for: ini, rng)
            let f = pilotFunder ?? chooseFunder(for: ini, rng)
            ini.funder = Int32(f)
            ini.pilot = pilotFunder != nil
            let kind = funders[f].kind
            ini.writingLeft = levers[.applicationHours] * kind.applicationFactor * (ini.pilot ? levers[.pilotApplicationShare] : 1)
                * (1 + friction(servant: ini.servant, funder: kind)) * (ini.supporter >= 0 ? levers[.supportedWritingFactor] : 1)
            ini.hoursThisApplication = 0
            ini.writing = true
        }
        var capacity = 0.0
        let minHours = levers[.writingMinHours], share = levers[.writingShare]
        for m in ini.members { capacity += max(minHours, share * hoursGiven(Int(m))) }
        let used = min(capacity, ini.writingLeft)
        ini.writingLeft -= used
        ini.hoursThisApplication += used
        guard ini.writingLeft <= 0 else { return }
        ini.writing = false
        let f = Int(ini.funder)
        let kind = funders[f].kind
        let check = kind == .municipal ? levers[.inclusionCheckWeeks] * levers[.inclusionCheck] : 0
        if ini.pilot {
            let delay = levers[.pilotDecisionWeeks] * (1 + levers[.delayFactor] * friction(servant: ini.servant, funder: kind)) + check
            ini.decisionTick = Int32(tick + Int(delay.rounded()))
            return
        }
        if !eligible(f, theme: ini.theme), !ini.redesigned, !rng.chance(levers[.earmarkStrictness]) {
            // Sent back to redesign for a theme the funder serves: more hours, more weeks.
            let options = (0..<6).filter { eligible(f, theme: $0) }
            if !options.isEmpty {
                ini.theme = options[rng.index(options.count)]
                ini.redesigned = true
                ini.writing = true
                ini.writingLeft = levers[.redesignHoursShare] * levers[.applicationHours] * kind.applicationFactor
                    * (1 + friction(servant: ini.servant, funder: kind))
                return
            }
        }
        let delay = levers[.decisionWeeks] * kind.delayFactor
            * (1 + levers[.delayFactor] * friction(servant: ini.servant, funder: kind)) + check
        ini.decisionTick = Int32(tick + Int(delay.rounded()))
        funders[f].pending.append(ini.id)
    }

    /// An intermediary steers to an eligible funder with budget; on its own an initiative picks
    /// any funder.
    func chooseFunder(for ini: Initiative, _ rng: RandomStream) -> Int {
        if ini.supporter >= 0 {
            let ok = funders.indices.filter { eligible($0, theme: ini.theme) && funders[$0].budget > 0 }
            if !ok.isEmpty { return ok[rng.index(ok.count)] }
        }
        return rng.index(funders.count)
    }

    /// A funder to ask for a pilot grant: an initiative's first money, from a funder that serves
    /// its theme and has a pilot grant left this year (uniformly among those); nil when there is
    /// none or pilots are off (no draw then).
    func pilotFunder(for ini: Initiative, _ rng: RandomStream) -> Int? {
        guard levers[.pilotShare] > 0, !ini.everFunded else { return nil }
        let grant = levers[.pilotGrant]
        let ok = funders.indices.filter { eligible($0, theme: ini.theme) && funders[$0].pilotBudget >= grant }
        return ok.isEmpty ? nil : ok[rng.index(ok.count)]
    }

    /// Quality of an application: experience, intermediary support, civil servant trust, size,
    /// plus noise.
    func score(_ ini: Initiative, _ rng: RandomStream) -> Double {
        var exp = 0.0
        for m in ini.members { exp += Double(rExperience[Int(m)]) }
        exp /= Double(max(1, ini.members.count))
        var s = levers[.scoreExperienceWeight] * min(1, exp / levers[.scoreExperienceFull])
            + levers[.scoreSizeWeight] * min(1, Double(ini.members.count) / levers[.scoreSizeFull])
        if ini.supporter >= 0 {
            let me = intermediaries[Int(ini.supporter)]
            let floor = levers[.scoreEnergyFloor]
            s += levers[.scoreIntermediaryWeight] * min(1, me.kind.reach) * (floor + (1 - floor) * me.energy)
        }
        if ini.servant >= 0 {
            let floor = levers[.scoreKeynessFloor]
            s += levers[.scoreServantWeight] * (floor + (1 - floor) * keyness(Int(ini.servant)))
        }
        if ini.funder >= 0, funders[Int(ini.funder)].kind == .crowdfunding {
            var reach = 0
            for m in ini.members { reach += Int(rDegree[Int(m)]) }
            s += levers[.scoreCrowdWeight] * min(1, Double(reach) / levers[.scoreCrowdReach])
        }
        // Formalities: the more bureaucracy, the more applications fall short on forms and
        // conditions; an intermediary who knows the system catches most of that.
        if ini.funder >= 0 {
            s -= levers[.scoreFormalities] * friction(servant: ini.servant, funder: funders[Int(ini.funder)].kind)
                * (ini.supporter >= 0 ? levers[.scoreFormalitiesSupported] : 1)
        }
        return s + rng.gaussian(levers[.scoreNoise])
    }

    func decideRound(_ f: Int, _ rng: RandomStream) {
        var due: [Int32] = []
        var later: [Int32] = []
        for id in funders[f].pending {
            let ini = initiatives[Int(id)]
            guard ini.phase == .seeking else { continue }  // ended while waiting
            if Int(ini.decisionTick) <= tick { due.append(id) } else { later.append(id) }
        }
        funders[f].pending = later
        guard !due.isEmpty else { return }
        let roundsLeft = max(1, (weekOfYear...51).filter { isRoundWeek($0) }.count)
        var allotment = funders[f].budget / Double(roundsLeft)
        let grant = levers[.grantSize] * funders[f].kind.grantFactor
        let collaborative = levers.int(.mode) == 1

        var scored: [(id: Int32, score: Double)] = []
        for id in due {
            if !eligible(f, theme: initiatives[Int(id)].theme) { refuse(Int(id)); continue }
            scored.append((id, score(initiatives[Int(id)], rng)))
        }
        if !collaborative {
            scored.sort { $0.score != $1.score ? $0.score > $1.score : $0.id < $1.id }
            var funded: [Int32] = [], refused: [Int32] = []
            for (id, score) in scored {
                if passes(score) && allotment >= grant {
                    award(Int(id), funder: f, amount: grant); allotment -= grant; funded.append(id)
                } else { refuse(Int(id)); refused.append(id) }
            }
            funders[f].budget -= Double(funded.count) * grant
            rivalry(funded: funded, refused: refused)
        } else {
            // Pair applications of one neighbourhood into joint ones, in score order.
            scored.sort { $0.score != $1.score ? $0.score > $1.score : $0.id < $1.id }
            var used = Set<Int32>()
            var bids: [(ids: [Int32], score: Double)] = []
            for (k, a) in scored.enumerated() where !used.contains(a.id) {
                used.insert(a.id)
                var ids = [a.id], s = a.score
                // A partner from the same neighbourhood, preferably led by someone of another group
                // (where worlds mix, `004_499295810d90f7e4.txt`).
                let nh = initiatives[Int(a.id)].nh, group = rGroup[Int(initiatives[Int(a.id)].initiator)]
                let candidates = scored[(k + 1)...].filter { !used.contains($0.id) && initiatives[Int($0.id)].nh == nh }
                if let b = candidates.first(where: { rGroup[Int(initiatives[Int($0.id)].initiator)] != group }) ?? candidates.first {
                    used.insert(b.id); ids.append(b.id); s = max(s, b.score) + levers[.jointBonus]
                }
                bids.append((ids, s))
            }
            bids.sort { $0.score != $1.score ? $0.score > $1.score : $0.ids[0] < $1.ids[0] }
            let refusalWeight = Float(levers[.collaborativeRefusalWeight])
            roundTable(scored.map(\.id), rng)
            for bid in bids {
                let share = bid.ids.count == 2 ? levers[.jointShare] * grant : grant
                let cost = share * Double(bid.ids.count)
                if passes(bid.score) && allotment >= cost {
                    allotment -= cost
                    funders[f].budget -= cost
                    for id in bid.ids { award(Int(id), funder: f, amount: share) }
                    if bid.ids.count == 2 { partner(Int(bid.ids[0]), Int(bid.ids[1]), rng) }
                } else if passes(bid.score) {
                    // Good enough but no money this round: wait for the next one, not refused.
                    for id in bid.ids where initiatives[Int(id)].attempts < levers.int(.maxRefusals) - 1 {
                        initiatives[Int(id)].attempts += 1
                        initiatives[Int(id)].decisionTick = Int32(tick + 1)   // due at the next round
                        funders[f].pending.append(id)
                    }
                    for id in bid.ids where initiatives[Int(id)].decisionTick <= Int32(tick) { refuse(Int(id), weight: refusalWeight) }
                } else {
                    for id in bid.ids { refuse(Int(id), weight: refusalWeight) }
                }
            }
        }
    }

    func award(_ i: Int, funder f: Int, amount: Double) {
        var ini = initiatives[i]
        counters.applications += 1
        counters.grants += 1
        if !ini.everFunded { ini.everFunded = true; counters.funded += 1; ini.firstFunded = Int32(tick) }
        // A pilot runs funding.pilot_weeks on project money only (no core share).
        var term = ini.pilot ? levers.int(.pilotWeeks) : levers.int(.termWeeks)
        if levers.flag(.useItOrLoseIt) { term = max(1, min(term, 52 - weekOfYear)) }
        if ini.pilot { counters.pilots += 1 }
        if funders[f].kind == .municipal { ini.inclusionChecked = max(ini.inclusionChecked, levers[.inclusionCheck]) }
        ini.phase = .active
        ini.cash = amount
        ini.weeklySpend = amount / Double(term)
        ini.grantWeeksLeft = Int32(term)
        ini.coreFraction = ini.pilot ? 0 : levers[.coreShare]
        ini.decisionTick = -1
        ini.attempts = 0
        ini.grants += 1
        ini.funder = Int32(f)
        for m in ini.members { institutionalExperience(Int(m), good: true) }
        if ini.servant >= 0 { servants[Int(ini.servant)].successes += 1 }
        initiatives[i] = ini
    }

    func refuse(_ i: Int, weight: Float = 1) {
        var ini = initiatives[i]
        counters.applications += 1
        counters.refusedHours += ini.hoursThisApplication
        for m in ini.members { institutionalExperience(Int(m), good: false, weight: weight) }
        if ini.supporter >= 0 { intermediaries[Int(ini.supporter)].shock += levers[.refusalShock] }
        ini.decisionTick = -1
        ini.attempts += 1
        ini.redesigned = false
        ini.waitUntil = Int32(tick + levers.int(.refusalWaitWeeks))
        if ini.attempts >= levers.int(.maxRefusals) { end(&ini, stranded: false) }
        initiatives[i] = ini
    }

    /// Competition breeds rivalry (`000_4adb60b35140c4ed.txt`): members of refused applications
    /// lose trust in their ties to members of the other applicants of the same round, most of all
    /// to the winners'; ties that fall low are broken.
    func rivalry(funded: [Int32], refused: [Int32]) {
        guard !refused.isEmpty, funded.count + refused.count > 1 else { return }
        let rivals = Set(funded + refused)
        let winners = Set(funded)
        let wWinner = Float(levers[.rivalryLossWinner]), wOther = Float(levers[.rivalryLossOther])
        let breakBelow = Float(levers[.rivalryBreakTrust])
        for id in refused {
            for m in initiatives[Int(id)].members {
                let i = Int(m)
                var k = 0
                while k < Int(rDegree[i]) {
                    let s = i * tieCapacity + k
                    let j = Int(tTarget[s])
                    let other = rInitiative[j]
                    if other != Int32(id), rivals.contains(other) {
                        tieExperience(s, good: false, weight: winners.contains(other) ? wWinner : wOther)
                        if tTrust[s] < breakBelow { removeTie(i, j); continue }
                    }
                    k += 1
                }
            }
        }
    }

    /// A collaborative round brings the applicants of a neighbourhood to one table: the initiators
    /// of each pair of applications meet and tie, and so do four more pairs of their members.
    func roundTable(_ ids: [Int32], _ rng: RandomStream) {
        let t = Float(levers[.roundTableTrust]), pairs = levers.int(.roundTablePairs)
        for (k, a) in ids.enumerated() {
            for b in ids[(k + 1)...] where initiatives[Int(a)].nh == initiatives[Int(b)].nh {
                let ma = initiatives[Int(a)].members, mb = initiatives[Int(b)].members
                guard !ma.isEmpty, !mb.isEmpty else { continue }
                addTie(Int(ma[0]), Int(mb[0]), trust: t)
                for _ in 0..<pairs { addTie(Int(ma[rng.index(ma.count)]), Int(mb[rng.index(mb.count)]), trust: t) }
            }
        }
    }

    /// Joint grants tie the partners: members of the two initiatives meet and form ties.
    func partner(_ a: Int, _ b: Int, _ rng: RandomStream) {
        initiatives[a].joint = true; initiatives[b].joint = true
        initiatives[a].partner = Int32(b); initiatives[b].partner = Int32(a)
        // The partners' members work together: every pair meets (ties where there is room).
        let t = Float(levers[.roundTableTrust])
        for x in initiatives[a].members { for y in initiatives[b].members { addTie(Int(x), Int(y), trust: t) } }
    }

    /// Year end: unspent budget is lost (or carried over), austerity cuts the next year's budget.
    func closeBudgetYear() {
        austerityFactor *= 1 - levers[.budgetCutPerYear]
        for f in funders.indices {
            let keep = levers.flag(.useItOrLoseIt) ? 0.0 : 1.0
            let (project, pilot) = splitBudget(levers[.annualBudget] * austerityFactor)
            funders[f].budget = project + keep * funders[f].budget
            funders[f].pilotBudget = pilot + keep * funders[f].pilotBudget
        }
    }

    /// A year's money split into project and pilot money (`funding.pilot_share`).
    func splitBudget(_ money: Double) -> (project: Double, pilot: Double) {
        let share = levers[.pilotShare]
        return share > 0 ? (money * (1 - share), money * share) : (money, 0)
    }

    /// An initiative stops: stranded (it wanted to go on) or ended (it never got going).
    func end(_ ini: inout Initiative, stranded: Bool) {
        ini.phase = stranded ? .stranded : .ended
        ini.endedAt = Int32(tick)
        for m in ini.members {
            let r = Int(m)
            if stranded {
                institutionalExperience(r, good: false)
                communityExperience(r, good: false, weight: Float(levers[.communityTrustWeight]))
            }
            release(r)
        }
        ini.members.removeAll()
        if stranded {
            counters.strandedTotal += 1
            counters.strandingsThisWeek += 1
            if tick - Int(ini.lastGrantEnd) <= 8 { counters.strandingsAfterGrantEnd += 1 }
            if ini.supporter >= 0 { intermediaries[Int(ini.supporter)].shock += levers[.strandingShock] }
            if ini.servant >= 0 { servants[Int(ini.servant)].failures += 1 }
        }
    }
}
