import BuurtCore
import CSupport

/// Process 11: collect.
extension World {
    /// 11. Collect the outcome metrics of this week, in `Metric` order.
    /// Resident sums are taken per chunk and added in chunk order, so they do not depend on threads.
    func collect() -> [Double] {
        let partials = SlotBuffer(repeating: buurt_collect_sums(), count: chunkCount)
        let since = Int32(tick - 51)
        let under = Group.underrepresented.rawValue
        // Column handles for the chunks (see `ColumnView`: read-only here).
        let trustI = rTrustInstitutions.view, trustC = rTrustCommunity.view
        let lastActive = rLastActive.view, tookPart = rTookPart.view, group = rGroup.view
        let residents = residentCount, size = chunkSize
        Parallel.forEachChunk(chunkCount, threads: residentThreads) { c in
            let from = c * size, to = min(residents, (c + 1) * size)
            assert((from..<to).allSatisfy { tookPart[$0] <= 3 }, "took-part flags are bits 0 and 1 only")
            // Branch-free, each sum in resident order (buurt_collect.c).
            var s = buurt_collect_sums()
            buurt_collect(trustI.kernelAddress, trustC.kernelAddress, lastActive.kernelAddress, tookPart.kernelAddress,
                          group.kernelAddress, from, to, since, under, &s)
            partials[c] = s
        }
        var t = buurt_collect_sums()
        for p in partials.slots {
            t.tiP += p.tiP; t.nP += p.nP
            t.ti += p.ti; t.tc += p.tc; t.tiU += p.tiU; t.nU += p.nU; t.active += p.active; t.activeU += p.activeU
        }
        var phaseCount = [Int](repeating: 0, count: Phase.allCases.count)
        var volunteers = 0, joint = 0
        for id in live {
            let phase = initiatives[Int(id)].phase
            phaseCount[Int(phase.rawValue)] += 1
            if phase.isLive { volunteers += initiatives[Int(id)].members.count }
            if initiatives[Int(id)].joint, phase == .active || phase == .selfSustaining { joint += 1 }
        }
        var energy = 0.0, activeM = 0
        for m in intermediaries where m.active { energy += m.energy; activeM += 1 }
        let n = Double(max(1, residentCount))
        var v = [Double](repeating: 0, count: Metric.allCases.count)
        func set(_ m: Metric, _ x: Double) { v[m.rawValue] = x }
        set(.activeInitiatives, Double(phaseCount[Int(Phase.active.rawValue)]))
        set(.selfSustainingInitiatives, Double(phaseCount[Int(Phase.selfSustaining.rawValue)]))
        set(.strandedTotal, Double(counters.strandedTotal))
        set(.newInitiatives, Double(counters.newThisWeek))
        set(.fundedInitiatives, Double(counters.funded))
        set(.meanTrustInstitutions, t.ti / n)
        set(.meanTrustCommunity, t.tc / n)
        set(.trustInstitutionsUnderrepresented, t.nU > 0 ? t.tiU / Double(t.nU) : 0)
        set(.activeIntermediaries, Double(activeM))
        set(.burnoutsTotal, Double(counters.burnouts))
        set(.successionsTotal, Double(counters.successions))
        set(.volunteers, Double(volunteers))
        set(.volunteerHours, counters.hoursThisWeek)
        set(.grantSpentEur, counters.spentThisWeek)
        set(.volunteerValueEur, counters.hoursThisWeek * levers[.shadowWage])
        set(.bridgingTieShare, tieCount > 0 ? Double(bridgingCount) / Double(tieCount) : 0)
        set(.bridgingTiesPerResident, Double(bridgingCount) / n)
        set(.bridgingTieGrowth, Double(bridgingCount - initialBridgingCount) / n)
        set(.sustainedTotal, Double(counters.sustained))
        set(.meanUnmetNeed, need.isEmpty ? 0 : need.reduce(0, +) / Double(need.count))
        set(.participationRate, Double(t.active) / n)
        set(.participationRateUnderrepresented, t.nU > 0 ? Double(t.activeU) / Double(t.nU) : 0)
        set(.applicationHoursRefused, counters.refusedHours)
        set(.strandings, Double(counters.strandingsThisWeek))
        set(.strandingsAfterGrantEndTotal, Double(counters.strandingsAfterGrantEnd))
        set(.applicationsTotal, Double(counters.applications))
        set(.grantsAwardedTotal, Double(counters.grants))
        set(.grantSpentTotalEur, counters.spentTotal)
        set(.impactTotal, counters.impactTotal)
        set(.jointInitiatives, Double(joint))
        set(.contactedInitiativesTotal, Double(counters.contacted))
        set(.meanIntermediaryEnergy, activeM > 0 ? energy / Double(activeM) : 0)
        set(.meanOpenness, servants.isEmpty ? 0 : servants.reduce(0) { $0 + $1.openness } / Double(servants.count))
        set(.liveInitiatives, Double(live.count))
        set(.grantSuccessRate, counters.applications > 0 ? Double(counters.grants) / Double(counters.applications) : 0)
        set(.hoursPerVolunteer, volunteers > 0 ? counters.hoursThisWeek / Double(volunteers) : 0)
        // Every initiative ever started, reading two fields of each in place (copying each whole
        // initiative, with its member list, cost a twentieth of a district's week).
        var ended = 0, running = 0
        initiatives.withUnsafeBufferPointer { all in
            for k in all.indices {
                let last = all[k].lastGrantEnd
                guard last >= 0 && tick - Int(last) >= 104 else { continue }
                ended += 1
                let end = all[k].endedAt
                if end < 0 || Int(end) >= Int(last) + 104 { running += 1 }
            }
        }
        set(.survivalAfterGrant, ended > 0 ? Double(running) / Double(ended) : 0)
        set(.trustInstitutionsParticipants, t.nP > 0 ? t.tiP / Double(t.nP) : 0)
        let nonP = residentCount - Int(t.nP)
        set(.trustInstitutionsNonParticipants, nonP > 0 ? (t.ti - t.tiP) / Double(nonP) : 0)
        set(.meanUnmetNeedUnderrepresented, needUnder.isEmpty ? 0 : needUnder.reduce(0, +) / Double(needUnder.count))
        set(.consultationShareUnderrepresented, counters.consultationShareUnder)
        set(.pilotGrantsTotal, Double(counters.pilots))
        set(.conflictsTotal, Double(counters.conflicts))
        return v
    }
}
