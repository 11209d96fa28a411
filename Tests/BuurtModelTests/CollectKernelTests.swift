import XCTest
import BuurtCore
import CSupport

/// Collect's resident sums (`buurt_collect.c`: four residents at a time, the rest one by one)
/// against a plain loop adding in resident order, bit for bit.
final class CollectKernelTests: XCTestCase {
    /// The kernel's sums and counts, and the plain loop's, over residents from ..< to.
    func check(_ ti: [Float], _ tc: [Float], _ last: [Int32], _ took: [UInt8], _ group: [UInt8],
               from: Int, to: Int, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        let since: Int32 = 50, under: UInt8 = 2
        var s = buurt_collect_sums()
        buurt_collect(ti, tc, last, took, group, from, to, since, under, &s)
        var e = (ti: 0.0, tc: 0.0, tiP: 0.0, tiU: 0.0, nP: 0, nU: 0, a: 0, aU: 0)
        for i in from..<to {
            e.ti += Double(ti[i]); e.tc += Double(tc[i])
            if took[i] != 0 { e.tiP += Double(ti[i]); e.nP += 1 }
            if group[i] == under { e.tiU += Double(ti[i]); e.nU += 1 }
            if last[i] >= since { e.a += 1; if group[i] == under { e.aU += 1 } }
        }
        let at = "\(what), residents \(from) ..< \(to)"
        XCTAssertEqual(s.ti.bitPattern, e.ti.bitPattern, at, file: file, line: line)
        XCTAssertEqual(s.tc.bitPattern, e.tc.bitPattern, at, file: file, line: line)
        XCTAssertEqual(s.tiP.bitPattern, e.tiP.bitPattern, at, file: file, line: line)
        XCTAssertEqual(s.tiU.bitPattern, e.tiU.bitPattern, at, file: file, line: line)
        XCTAssertEqual([s.nP, s.nU, s.active, s.activeU], [e.nP, e.nU, e.a, e.aU].map(Int64.init), at, file: file, line: line)
    }

    /// Ranges of every length from 0 to 13 at eight starts (whole blocks of four, and the rest),
    /// every took-part flag, every group, active or not.
    func testSumsEqualAPlainLoopBitForBit() {
        let rng = RandomStream(seed: 4)
        let n = 40
        var ti = (0..<n).map { _ in Float(rng.uniform()) }, tc = (0..<n).map { _ in Float(rng.uniform()) }
        ti[3] = 0; ti[7] = 1; tc[5] = 1
        let last = (0..<n).map { _ in Int32(rng.index(100)) }
        let took = (0..<n).map { _ in UInt8(rng.index(4)) }, group = (0..<n).map { _ in UInt8(rng.index(3)) }
        // Trusts whose running sum rounds, and rounds by the order of the additions: 1, half of a
        // double's unit in the last place at 1 (2^-53) and a whole one (2^-52). 1 + 2^-53 is a tie,
        // rounded to the even neighbour, so whether a 2^-53 comes before or after a 2^-52 changes the
        // sum: a resident added out of turn (within a block of four, or across blocks) shows.
        let half = Float(0x1p-53), unit = Float(0x1p-52)
        let values: [Float] = [1, half, unit, unit, half]
        let orderTi = (0..<n).map { _ in values[rng.index(values.count)] }, orderTc = (0..<n).map { _ in values[rng.index(values.count)] }
        let all = [UInt8](repeating: 1, count: n), under = [UInt8](repeating: 2, count: n)
        for from in 0..<8 {
            for count in 0...13 {
                check(ti, tc, last, took, group, from: from, to: from + count, "random")
                check(orderTi, orderTc, last, all, under, from: from, to: from + count, "order-sensitive")
            }
        }
        // That data does tell orders apart: within the ranges checked, two neighbours added the
        // other way round after the residents before them give another sum in several places.
        var differs = 0
        for from in 0..<8 {
            var sum = 0.0
            for i in from..<(from + 12) {
                if (sum + Double(orderTi[i])) + Double(orderTi[i + 1]) != (sum + Double(orderTi[i + 1])) + Double(orderTi[i]) { differs += 1 }
                sum += Double(orderTi[i])
            }
        }
        XCTAssertGreaterThan(differs, 0)
    }
}
