import XCTest
import BuurtCore
@testable import BuurtModel

/// Meet's tie changes applied region by region on several threads (`World.applyTieChanges`) against
/// the same changes applied one by one: every tie row, degree and count the same, bit for bit.
final class TieChangeTests: XCTestCase {
    /// Every tie field, as bit patterns.
    func ties(_ w: World) -> [[UInt32]] {
        let n = w.residentCount, slots = n * w.tieCapacity
        return [(0..<n).map { UInt32(w.rDegree[$0]) }, (0..<slots).map { UInt32(bitPattern: w.tTarget[$0]) },
                (0..<slots).map { w.tTrust[$0].bitPattern }, (0..<slots).map { w.tReciprocity[$0].bitPattern },
                [UInt32(w.tieCount), UInt32(w.bridgingCount)]]
    }

    /// Changes that fight over few rows: ends drawn from a narrow band across a region boundary
    /// (rows fill up, a tie is added and removed again, changes cross regions) and from anywhere.
    func changes(_ w: World, count: Int, seed: UInt64) -> [[World.TieChange]] {
        let rng = RandomStream(seed, 9)
        let shift = World.regionShift(residents: w.residentCount, threads: w.threads)
        let boundary = 1 << shift
        func end() -> Int32 {
            rng.chance(0.7) ? Int32(boundary - 40 + rng.index(80)) : Int32(rng.index(w.residentCount))
        }
        var lists: [[World.TieChange]] = []
        var left = count
        while left > 0 {
            let k = min(left, 1 + rng.index(300))
            lists.append((0..<k).map { _ in World.TieChange(a: end(), b: end(), add: rng.chance(0.6)) })
            left -= k
        }
        return lists
    }

    func testRegionsOnThreadsEqualOneByOne() {
        for (residents, threads, prefetch, seed) in [(9_000, 2, false, UInt64(1)), (9_000, 3, true, 2), (20_000, 4, false, 3)] {
            var s = Scenario.baseline()
            s.values[.residents] = Double(residents)
            s.values[.neighbourhoods] = 7
            let parallel = World(levers: s.values, threads: threads)
            parallel.prefetchesMembers = prefetch // as in a city, where the rows are asked for ahead
            let serial = parallel.fork()
            serial.threads = 1
            XCTAssertGreaterThan(parallel.residentThreads, 1)
            let lists = changes(parallel, count: 4 * World.parallelTieChanges, seed: seed)
            // The test is only as strong as its changes: many must cross a region boundary and many
            // must stay in one, and additions must meet full rows.
            let shift = World.regionShift(residents: residents, threads: threads)
            let crossing = lists.joined().filter { Int($0.a) >> shift != Int($0.b) >> shift }.count
            let total = lists.joined().count
            XCTAssertGreaterThan(crossing, total / 10)
            XCTAssertGreaterThan(total - crossing, total / 10)
            parallel.applyTieChanges(lists, trust: 0.3)
            var tally = TieRows.Tally()
            for list in lists { serial.ties.apply(list, trust: 0.3, prefetch: false, &tally) }
            serial.countTies(tally)
            XCTAssertTrue((0..<residents).contains { Int(serial.rDegree[$0]) == serial.tieCapacity }, "no row filled up")
            let a = ties(parallel), b = ties(serial)
            for (k, (x, y)) in zip(a, b).enumerated() {
                if let i = x.indices.first(where: { x[$0] != y[$0] }) {
                    XCTFail("\(residents) residents, \(threads) threads: field \(k) differs first at \(i): regions \(x[i]), one by one \(y[i])")
                    break
                }
            }
        }
    }

    /// Holding back only the changes between regions, without the later changes of the rows they
    /// touch, gives other rows: the check above can tell.
    func testHoldingBackTooLittleIsCaught() {
        var s = Scenario.baseline()
        s.values[.residents] = 9_000
        let w = World(levers: s.values, threads: 2)
        let shift = World.regionShift(residents: w.residentCount, threads: 2)
        let lists = changes(w, count: 4 * World.parallelTieChanges, seed: 5)
        let serial = w.fork()
        var tally = TieRows.Tally()
        for list in lists { serial.ties.apply(list, trust: 0.3, prefetch: false, &tally) }
        // Regions first, then the crossing changes: what the marks prevent.
        let all = Array(lists.joined())
        let local = all.filter { Int($0.a) >> shift == Int($0.b) >> shift }, crossing = all.filter { Int($0.a) >> shift != Int($0.b) >> shift }
        var t2 = TieRows.Tally()
        w.ties.apply(local, trust: 0.3, prefetch: false, &t2)
        w.ties.apply(crossing, trust: 0.3, prefetch: false, &t2)
        XCTAssertNotEqual(ties(w), ties(serial))
    }
}
