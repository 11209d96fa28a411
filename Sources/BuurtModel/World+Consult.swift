import BuurtCore

/// Process: consult. Who shows up decides (001_c8cb483a49676a29.txt point 3): the municipality
/// learns a neighbourhood's needs from the few residents who take part in a consultation, takes
/// them for the whole neighbourhood, and acts on their priorities. For a group that was heard the
/// action removes need; for a group that was not, it fights symptoms and part of the need is
/// displaced onto that group.
extension World {
    /// How consultation attendees are found (`government.consultation_mode`).
    enum ConsultationMode: Int { case none, evenings, lot, outreach }

    /// The under-represented group's initial need per neighbourhood and theme, drawn as `need` is
    /// (U(need_min, need_min + need_spread)) but from its own stream, so adding it changed no other draw; and each
    /// neighbourhood's share of residents in each group.
    func populateNeedUnder(_ rng: RandomStream) {
        for k in needUnder.indices { needUnder[k] = levers[.needMin] + levers[.needSpread] * rng.uniform() }
        let groups = Group.allCases.count
        nhGroupShare = Array(repeating: 0, count: neighbourhoodCount * groups)
        for nh in 0..<neighbourhoodCount {
            let range = residents(in: nh)
            guard !range.isEmpty else { continue }
            for r in range { nhGroupShare[nh * groups + Int(rGroup[r])] += 1 }
            for g in 0..<groups { nhGroupShare[nh * groups + g] /= Double(range.count) }
        }
    }

    /// How well an action chosen by `attendees` fits a group with population share `share` among
    /// whom `from` of the attendees came: attendees' share over population share, at most 1.
    static func heard(from: Int, of attendees: Int, share: Double) -> Double {
        guard share > 0 else { return 1 }
        guard attendees > 0 else { return 0 }
        return min(1, Double(from) / Double(attendees) / share)
    }

    /// Need after an action that takes away `effort` of it for a group heard to degree `h`; the
    /// unheard part `1 - h` is displaced: `displacement` of it lands on the group instead.
    static func needAfterAction(_ need: Double, effort: Double, heard h: Double, displacement: Double) -> Double {
        min(1, max(0, need - effort * need * (h - displacement * (1 - h))))
    }

    /// Consultation (every `government.consultation_interval` weeks; nothing in mode 'none').
    func consult() {
        guard let mode = ConsultationMode(rawValue: levers.int(.consultationMode)), mode != .none,
              tick % max(1, levers.int(.consultationInterval)) == 0 else { return }
        let rng = streams[StreamID.consult.rawValue]
        let wanted = levers.int(.consultationAttendees)
        let reach = levers[.eveningReachUnderrepresented]
        let effort = levers[.consultationEffort], displacement = levers[.displacement]
        let under = Group.underrepresented.rawValue
        var allAttendees = 0, allUnder = 0
        for nh in 0..<neighbourhoodCount {
            let range = residents(in: nh)
            let share = groupShare(nh, under)
            let seats = min(wanted, range.count)
            guard seats > 0 else { continue }
            var attendees: [Int] = []
            attendees.reserveCapacity(seats)
            // A resident comes with a chance proportional to a weight (propensity, and at evenings
            // the under-represented group's lower reach), drawn by rejection without replacement.
            func draw(_ count: Int, group: UInt8?) {
                let target = attendees.count + count
                var tries = 0
                while attendees.count < target, tries < 10_000 * count {
                    tries += 1
                    let r = range.lowerBound + rng.index(range.count)
                    if let g = group, (rGroup[r] == under) != (g == under) { continue }
                    var w = Double(rPropensity[r])
                    if mode == .evenings, rGroup[r] == under { w *= reach }
                    if rng.uniform() < w, !attendees.contains(r) { attendees.append(r) }
                }
            }
            if mode == .outreach, share > 0 {
                // Intermediaries and key persons bring the under-represented group in: at least its
                // population share of the seats.
                let seatsUnder = min(seats, Int((Double(seats) * share).rounded(.up)))
                draw(seatsUnder, group: under)
                draw(seats - seatsUnder, group: Group.established.rawValue)
            } else {
                draw(seats, group: nil)
            }
            guard !attendees.isEmpty else { continue }
            // Each attendee votes for the theme of the highest need their group feels.
            var votes = [Int](repeating: 0, count: 6)
            var fromUnder = 0
            let base = nh * 6
            for r in attendees {
                let isUnder = rGroup[r] == under
                if isUnder { fromUnder += 1 }
                var best = 0
                for t in 1..<6 where (isUnder ? needUnder[base + t] > needUnder[base + best] : need[base + t] > need[base + best]) {
                    best = t
                }
                votes[best] += 1
                rTookPart[r] |= 2
            }
            let hUnder = World.heard(from: fromUnder, of: attendees.count, share: share)
            let hOthers = World.heard(from: attendees.count - fromUnder, of: attendees.count, share: 1 - share)
            for t in 0..<6 where votes[t] > 0 {
                let e = effort * Double(votes[t]) / Double(attendees.count)
                need[base + t] = World.needAfterAction(need[base + t], effort: e, heard: hOthers, displacement: displacement)
                needUnder[base + t] = World.needAfterAction(needUnder[base + t], effort: e, heard: hUnder, displacement: displacement)
            }
            allAttendees += attendees.count; allUnder += fromUnder
        }
        counters.consultationShareUnder = allAttendees > 0 ? Double(allUnder) / Double(allAttendees) : 0
    }
}
