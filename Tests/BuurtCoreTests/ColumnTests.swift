import Foundation
import XCTest
@testable import BuurtCore

/// Columns below `Column.mappedFrom` come from the allocator, larger ones are pages mapped for
/// them (2 MiB pages asked for): both must hold, copy and give back the same values.
final class ColumnTests: XCTestCase {
    private func check<T: Equatable>(_ count: Int, _ fill: T, _ write: (Int) -> T) {
        let c = Column(repeating: fill, count: count)
        XCTAssertEqual(c.count, count)
        XCTAssertEqual(c[0], fill); XCTAssertEqual(c[count - 1], fill); XCTAssertEqual(c[count / 2], fill)
        for i in stride(from: 0, to: count, by: 997) { c[i] = write(i) }
        c[count - 1] = write(count - 1)
        let d = c.copy()
        for i in stride(from: 0, to: count, by: 997) { XCTAssertEqual(d[i], write(i)) }
        XCTAssertEqual(d[count - 1], write(count - 1))
        d[0] = fill; c[0] = write(1)
        XCTAssertEqual(d[0], fill, "a copy is deep")
        let e = Column(repeating: fill, count: count)
        e.assign(from: c, count: count)
        XCTAssertEqual(e[count - 1], write(count - 1))
        XCTAssertEqual(c.bytes, count * MemoryLayout<T>.stride)
    }

    func testSmallAndMappedColumnsHoldCopyAndAssign() {
        let small = 1000, mapped = Column<Float>.mappedFrom / MemoryLayout<Float>.stride + 3
        check(small, Float(0.5)) { Float($0) / 7 }
        check(mapped, Float(0.5)) { Float($0) / 7 }
        check(Column<UInt8>.mappedFrom + 1, UInt8(3)) { UInt8(truncatingIfNeeded: $0) }
        check(Column<Int32>.mappedFrom / 4 + 1, Int32(-1)) { Int32($0) }
        // Zero fills (a mapping's fresh pages are left as they are), fills of odd and tiny sizes
        // (plain values are copied in doubling blocks), and a value that is not plain.
        check(mapped, Float(0)) { Float($0) + 1 }
        check(Column<Int32>.mappedFrom / 4 + 5, Int32(0)) { Int32($0) - 9 }
        check(small, Float(0)) { Float($0) / 3 }
        for n in [2, 3, 5, 1023, 1025] { check(n, Int32(-7)) { Int32($0) } }
        // A zero fill is skipped only for a mapping of its own: the allocator's memory, which may
        // hold a freed column's values, is written.
        for count in [1000, mapped] {
            do { let dirty = Column(repeating: Float(3), count: count); dirty[count - 1] = 4 }
            let clean = Column(repeating: Float(0), count: count)
            XCTAssertTrue((0..<count).allSatisfy { clean[$0] == 0 }, "every slot of a zero column of \(count) is zero")
        }
        let one = Column(repeating: Int32(-7), count: 1)
        XCTAssertEqual(one[0], -7)
        let filled = Column(repeating: Int32(-7), count: 1025)
        XCTAssertTrue((0..<1025).allSatisfy { filled[$0] == -7 }, "every slot filled")
        check(7, "a value with a reference") { "resident \($0)" }
        // Many large columns made and given back: pages are returned (no leak, no fault).
        for _ in 0..<50 { let c = Column<Double>(repeating: 1, count: 1 << 18); c[(1 << 18) - 1] = 2 }
    }

    /// On Linux with transparent huge pages, a large column's pages are marked for 2 MiB pages
    /// (`hg` in the mapping's VmFlags); a small column's are not asked.
    func testLargeColumnsAskForHugePages() throws {
        #if os(Linux)
        guard FileManager.default.fileExists(atPath: "/sys/kernel/mm/transparent_hugepage/enabled") else {
            throw XCTSkip("this kernel has no transparent huge pages")
        }
        let c = Column<Float>(repeating: 0, count: 4 << 20)
        let address = c.withUnsafeMutableBufferPointer { UInt(bitPattern: $0.baseAddress!) }
        // Read as a stream: /proc files report a size of 0.
        let file = try XCTUnwrap(FileHandle(forReadingAtPath: "/proc/self/smaps"))
        let smaps = String(decoding: file.readDataToEndOfFile(), as: UTF8.self)
        try file.close()
        var inRange = false, flags: String?
        for line in smaps.split(separator: "\n") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            if let range = fields.first, range.contains("-"), !range.hasSuffix(":") {
                let ends = range.split(separator: "-").compactMap { UInt($0, radix: 16) }
                inRange = ends.count == 2 && ends[0] <= address && address < ends[1]
            } else if inRange, line.hasPrefix("VmFlags:") {
                flags = String(line); break
            }
        }
        let found = try XCTUnwrap(flags, "the column's mapping is in /proc/self/smaps")
        XCTAssertTrue(found.split(separator: " ").contains("hg"), "2 MiB pages asked for: \(found)")
        #else
        throw XCTSkip("Linux only")
        #endif
    }
}
