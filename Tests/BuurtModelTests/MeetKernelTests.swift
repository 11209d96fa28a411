import XCTest
import BuurtCore
@testable import BuurtModel

/// The encounter pass in AVX-512 and AVX2 lanes (`buurt_meet.c`, `buurt_meet_avx2.c`) against the Swift loop it must equal bit
/// for bit: every column meet writes, and the tie changes it makes, after weeks of meeting, on
/// settings that reach each of the kernel's paths.
final class MeetKernelTests: XCTestCase {
    /// Every field meet reads or writes, as bit patterns, after `weeks` of meet alone.
    func state(_ levers: LeverValues, lanes: Int, weeks: Int, threads: Int = 1, prefetch: Bool = false) -> [[UInt32]] {
        let w = World(levers: levers, threads: threads)
        w.meetLanes = lanes
        w.meetPrefetches = prefetch
        for t in 1...weeks { w.tick = t; w.meet() }
        let n = w.residentCount, slots = n * w.tieCapacity
        return [(0..<n).map { w.rTrustCommunity[$0].bitPattern }, (0..<n).map { w.rTrustInstitutions[$0].bitPattern },
                (0..<n).map { UInt32(w.rDegree[$0]) },
                (0..<slots).map { UInt32(bitPattern: w.tTarget[$0]) }, (0..<slots).map { w.tTrust[$0].bitPattern },
                (0..<slots).map { w.tReciprocity[$0].bitPattern }, [UInt32(w.tieCount), UInt32(w.bridgingCount)]]
    }

    func compare(_ name: String, residents: Int = 1_003, weeks: Int = 12, _ set: [Lever: Double] = [:],
                 prefetch: Bool = false, file: StaticString = #filePath, line: UInt = #line) throws {
        try XCTSkipIf(World.meetLanesSupported.isEmpty, "this processor has neither AVX-512 nor AVX2, so meet runs the Swift loop only")
        var s = Scenario.baseline()
        s.values[.residents] = Double(residents)
        for (lever, value) in set { s.values[lever] = value }
        let loop = state(s.values, lanes: 0, weeks: weeks)
        // Every kernel this processor runs (an AVX-512 machine tests the AVX2 one too).
        for width in World.meetLanesSupported {
            let lanes = state(s.values, lanes: width, weeks: weeks, prefetch: prefetch)
            XCTAssertEqual(loop.count, lanes.count)
            for (k, (a, b)) in zip(loop, lanes).enumerated() {
                if let i = a.indices.first(where: { a[$0] != b[$0] }) {
                    XCTFail("\(name), \(World.meetKernelName(width)): field \(k) differs first at index \(i): loop \(a[i]), lanes \(b[i])",
                            file: file, line: line)
                    return
                }
            }
        }
        // The run moved things: a test on a world where nothing happens could not fail.
        XCTAssertNotEqual(loop, state(s.values, lanes: 0, weeks: 1), name, file: file, line: line)
    }

    func testDefaultsLinearTrust() throws { try compare("defaults", residents: 4_099, weeks: 20) }

    /// The large-town path (partners asked of memory a pair of groups ahead, on from 262,144
    /// residents), here on a small town with fractional encounters and strangers.
    func testPrefetchingPath() throws {
        try compare("prefetching", residents: 4_099, weeks: 12, [.encountersPerWeek: 2.6, .meetingPlaces: 10], prefetch: true)
    }

    func testBetaTrust() throws { try compare("beta", [.trustModel: 1]) }

    /// A fractional number of encounters takes word 0 for the stochastic rounding.
    func testFractionalEncounters() throws { try compare("2.6 encounters", [.encountersPerWeek: 2.6]) }

    /// Many encounters: streams run past the first two blocks into words computed lane by lane.
    func testManyEncountersPastTheFirstBlocks() throws { try compare("9.5 encounters", [.encountersPerWeek: 9.5]) }

    /// Meeting places make most encounters strangers: the vector index draw and tie formation.
    func testMostlyStrangers() throws {
        try compare("strangers", [.meetingPlaces: 50, .randomEncounterMax: 0.9, .newTieChance: 0.9])
    }

    /// Tie drops above 1/64 take the exact test with every coarse word; one-sided ties and breaks.
    func testDropsBreaksAndOneSidedTies() throws {
        try compare("drops", [.tieDropChance: 0.3, .tieBreakTrust: 0.45, .oneSidedBalance: 1, .goodEncounterShare: 0.4])
    }

    /// Neighbourhoods of one resident: no stranger to meet (size < 2), and lanes at the end of the list.
    func testTinyNeighbourhoods() throws {
        try compare("tiny neighbourhoods", residents: 37, [.neighbourhoods: 30, .meetingPlaces: 20])
    }

    /// No ties at all: every encounter is with a stranger.
    func testNoTies() throws { try compare("no ties", residents: 301, [.meanDegree: 0]) }
}
