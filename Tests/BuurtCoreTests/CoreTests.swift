import Foundation
import XCTest
@testable import BuurtCore
import CGSL

final class CoreTests: XCTestCase {
    func testNumberFormatIsPlainAndStable() {
        XCTAssertEqual(NumberFormat.text(600000), "600000")
        XCTAssertEqual(NumberFormat.text(0.5), "0.5")
        XCTAssertEqual(NumberFormat.text(1.0 / 3), "0.333333")
        XCTAssertEqual(NumberFormat.text(-0.0000001), "0")
        XCTAssertEqual(NumberFormat.text(1e20), "100000000000000000000")
    }

    /// Strings with and without characters JSON (or a page inlining it) must escape read back as
    /// written, and the escapes are the ones promised: '<' and U+2028/U+2029 as \\u escapes.
    func testJSONTextQuotesAndReadsBack() throws {
        let strings = ["plain", "", "café wijk 3 🏘", "café – wijk 3 🏘", "say \"hi\"", "back\\slash", "line\nbreak\ttab\r",
                       "</script>", "bell\u{07}", "sep\u{2028}para\u{2029}", "euro € (E2 82 AC)"]
        let text = JSONText.pretty(["s": strings, "n": 0.5, "i": 3, "b": true] as [String: Any])
        let back = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        XCTAssertEqual(back["s"] as? [String], strings)
        XCTAssertEqual(back["n"] as? Double, 0.5)
        XCTAssertFalse(text.contains("<"), "'<' is escaped")
        XCTAssertTrue(text.contains("\\u003c/script>") && text.contains("sep\\u2028para\\u2029"))
        // "café wijk 3 🏘" has no byte that may need an escape, so it is appended whole; the en dash
        // (E2 80 93) sends the other one scalar by scalar: both come out as they went in.
        XCTAssertTrue(text.contains("\"plain\"") && text.contains("\"café wijk 3 🏘\"") && text.contains("\"café – wijk 3 🏘\""),
                      "no escape where none is needed")
    }

    /// FNV-1a 64 as published ("" and "a" are the reference values), lines counted, and the same
    /// digest whether the bytes come in one piece or several.
    func testFileDigestIsFNV1aAndCountsLines() {
        var empty = FileDigest.Builder(); empty.add(Data())
        XCTAssertEqual(empty.value.hex, "cbf29ce484222325")
        var a = FileDigest.Builder(); a.add(Data("a".utf8))
        XCTAssertEqual(a.value, FileDigest(bytes: 1, lines: 0, fnv1a64: 0xaf63dc4c8601ec8c))
        let text = Data("week,trust\n1,0.5\n2,0.25\n".utf8)
        var whole = FileDigest.Builder(); whole.add(text)
        var pieces = FileDigest.Builder(); pieces.add(text.prefix(5)); pieces.add(text.dropFirst(5).prefix(9)); pieces.add(text.dropFirst(14))
        XCTAssertEqual(whole.value, pieces.value)
        XCTAssertEqual(whole.value.lines, 3); XCTAssertEqual(whole.value.bytes, text.count)
        XCTAssertEqual(whole.value.fnv1a64, Fingerprint.fnv1a64("week,trust\n1,0.5\n2,0.25\n"))
    }

    /// A lever value's spaces and tabs at its ends are trimmed as Foundation's `.whitespaces` trims
    /// them (the fast path skips Foundation only where an end is another ASCII character).
    func testLeverValuesAreTrimmedAsFoundationTrims() {
        for text in ["5", " 5", "5 ", "\t5\t", " 5 000 ", "\u{00A0}5\u{00A0}", "5\n", "\n5", "", " ", "\u{2003}x", "x\u{2003}",
                     "café", "é", "x\u{0B}", "true"] {
            XCTAssertEqual(LeverSpec.trimmed(text), text.trimmingCharacters(in: .whitespaces), "'\(text)'")
        }
        let real = LeverSpec("a.b", default: 0.5, min: 0, max: 10_000, unit: "share", "x")
        XCTAssertEqual(try real.parse(" 2_500 "), 2500)
        XCTAssertEqual(try real.parse("\u{00A0}7"), 7)
    }

    func testCSVQuotingRoundTrips() {
        let rows = [["a", "b,c", "say \"hi\""], ["1", "", "line\nbreak"]]
        let text = rows.map(CSV.row).joined()
        XCTAssertEqual(CSV.parse(text), rows)
    }

    func testSpellingSuggestsTheNearestLever() {
        let names = ["funding.grant_size", "funding.annual_budget", "bureaucracy.friction"]
        XCTAssertEqual(Spelling.nearest("funding.grant_sise", in: names), ["funding.grant_size"])
        XCTAssertEqual(Spelling.nearest("friction", in: names), ["bureaucracy.friction"])
        XCTAssertEqual(Spelling.nearest("zzzzzzzzzzzzz", in: names), [])
    }

    func testLeverSpecParsesAndRefuses() throws {
        let real = LeverSpec("a.b", default: 0.5, min: 0, max: 1, unit: "share", "x")
        XCTAssertEqual(try real.parse("0.25"), 0.25)
        XCTAssertThrowsError(try real.parse("2")) { XCTAssertTrue("\($0)".contains("out of range")) }
        XCTAssertThrowsError(try real.parse("lots")) { XCTAssertTrue("\($0)".contains("not a number")) }
        XCTAssertThrowsError(try real.parse("nan"))
        let int = LeverSpec("a.n", .integer, default: 1, min: 0, max: 9, unit: "n", "x")
        XCTAssertThrowsError(try int.parse("1.5")) { XCTAssertTrue("\($0)".contains("whole number")) }
        let flag = LeverSpec.flag("a.f", default: true, "x")
        XCTAssertEqual(try flag.parse("false"), 0)
        XCTAssertThrowsError(try flag.parse("maybe"))
        let choice = LeverSpec.choice("a.c", ["x", "y"], default: "y", "x")
        XCTAssertEqual(choice.defaultValue, 1)
        XCTAssertEqual(try choice.parse("x"), 0)
        XCTAssertThrowsError(try choice.parse("z")) { XCTAssertEqual(($0 as? BuurtError)?.allowed, "x | y") }
    }

    func testStreamsAreReproducibleAndCopyable() {
        let a = RandomStream(42, 1, 7), b = RandomStream(42, 1, 7), c = RandomStream(42, 1, 8)
        let xa = (0..<5).map { _ in a.uniform() }
        XCTAssertEqual(xa, (0..<5).map { _ in b.uniform() })
        XCTAssertNotEqual(xa, (0..<5).map { _ in c.uniform() })
        let fork = a.copy()
        XCTAssertEqual((0..<5).map { _ in a.uniform() }, (0..<5).map { _ in fork.uniform() })
    }

    func testParallelChunksDoNotDependOnThreads() {
        func run(_ threads: Int) -> [Double] {
            let out = SlotBuffer(repeating: 0.0, count: 37)
            Parallel.forEachChunk(37, threads: threads) { c in
                let r = RandomStream(9, UInt64(c))
                out[c] = (0..<100).reduce(0) { s, _ in s + r.uniform() }
            }
            return out.slots
        }
        XCTAssertEqual(run(1), run(2))
        XCTAssertEqual(run(1), run(8))
    }

    func testFastNumberFormatEqualsPrintf() {
        let rng = RandomStream(seed: 9)
        var checked = 0
        func check(_ v: Double) {
            let reference = v == v.rounded() && abs(v) < 1e15 ? String(Int64(v)) : NumberFormat.printfText(v, decimals: 6)
            if NumberFormat.text(v) != reference { XCTFail("\(v) (bits \(v.bitPattern)): \(NumberFormat.text(v)) != \(reference)") }
            checked += 1
        }
        for _ in 0..<200_000 {
            let u = rng.uniform()
            check(u); check(-u); check(u * 1000); check(u * 4e9); check(u * 1e-5); check(Double(Float(u)))
        }
        // Exact ties and their neighbours: k / 2^21 has a 5 in the seventh decimal for odd k.
        for k in stride(from: 1, to: 400_000, by: 7) {
            let t = Double(k) / 2_097_152
            check(t); check(t.nextUp); check(t.nextDown); check(-t)
            check(Double(k) + 0.0000005); check(Double(k) / 1e6); check(Double(k) / 1e7)
        }
        for v in [0.1, 0.7, 1e-7, 4.9999995e-7, 5e-7, 5.0000001e-7, -1e-7, 0.0000015, 0.0000025, 1234.5678905, 4503.5999999995] { check(v) }
        XCTAssertGreaterThan(checked, 1_000_000)
    }

    /// Known-answer vectors of Philox4x32-10 from Random123's tests/kat_vectors (the published test
    /// values: counter, key, expected).
    func testPhiloxKnownAnswers() {
        let cases: [([UInt32], [UInt32], [UInt32])] = [
            ([0, 0, 0, 0], [0, 0], [0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8]),
            ([0xffff_ffff, 0xffff_ffff, 0xffff_ffff, 0xffff_ffff], [0xffff_ffff, 0xffff_ffff], [0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd]),
            ([0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344], [0xa4093822, 0x299f31d0], [0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1]),
        ]
        for (ctr, key, expected) in cases {
            var out = [UInt32](repeating: 0, count: 4)
            cgsl_philox_block(ctr, key, &out)
            XCTAssertEqual(out, expected, "philox4x32-10 of \(ctr) under \(key)")
        }
        // A stream's first block is block 0 of its counter under its key, its four words in order;
        // a 64-bit counter word or key splits into 32-bit words low half first.
        let s = RandomStream(seed: 0)
        XCTAssertEqual((0..<4).map { _ in s.bits() }, [0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8])
        var pi = cgsl_philox_state()
        cgsl_philox_init(&pi, 0x299f31d0_a4093822, 0x85a308d3_243f6a88, 0x03707344_13198a2e)
        XCTAssertEqual((0..<4).map { _ in cgsl_philox_next(&pi) }, [0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1])
    }

    func testInlineDrawsAndGSLsShareOneStream() {
        for seed: UInt64 in [1, 42, 0xDEAD_BEEF_CAFE] {
            let fast = RandomStream(seed: seed), gsl = RandomStream(seed: seed)
            var mismatches = 0
            for k in 0..<300_000 {
                switch k % 4 {
                case 0, 1: if fast.bits() != gsl.referenceBits() { mismatches += 1 }
                case 2: if fast.uniform() != gsl.referenceUniform() { mismatches += 1 }
                default:
                    // GSL's distributions draw from the same state.
                    if k % 1000 == 3, fast.beta(2, 3) != gsl.beta(2, 3) { mismatches += 1 }
                }
            }
            XCTAssertEqual(mismatches, 0, "seed \(seed)")
            let a = fast.copy()
            XCTAssertEqual(a.bits(), fast.bits(), "a copy continues the same stream")
        }
    }

    /// `index` is exactly uniform: a chi-square test over 7 and over 3,000,000,000 / 2^29 buckets,
    /// and every value of a small range appears.
    func testIndexIsUniform() {
        let rng = RandomStream(seed: 5)
        for n in [2, 7, 1000] {
            var counts = [Int](repeating: 0, count: n)
            let draws = 200 * n
            for _ in 0..<draws { counts[rng.index(n)] += 1 }
            let e = Double(draws) / Double(n)
            let chi2 = counts.reduce(0.0) { $0 + (Double($1) - e) * (Double($1) - e) / e }
            // The 99.9% point of chi-square with n - 1 degrees of freedom is below n - 1 + 5 sqrt(2(n - 1)).
            XCTAssertLessThan(chi2, Double(n - 1) + 5 * (2 * Double(n - 1)).squareRoot(), "n = \(n)")
            XCTAssertTrue(counts.allSatisfy { $0 > 0 })
        }
        var high = 0
        for _ in 0..<10_000 where rng.index(3_000_000_000) >= 1_500_000_000 { high += 1 }
        XCTAssertEqual(Double(high) / 10_000, 0.5, accuracy: 0.03)
    }

    /// An agent's draws depend on (key, tick, agent, purpose) alone, not on the order agents are visited.
    func testAgentStreamsDoNotDependOnOrder() {
        func draws(_ agent: Int, tick: Int) -> [UInt32] {
            var s = AgentStream(key: 77, tick: tick, agent: agent, purpose: 1)
            return (0..<9).map { _ in s.bits() }
        }
        let forward = (0..<50).map { draws($0, tick: 3) }
        let backward = (0..<50).reversed().map { draws($0, tick: 3) }.reversed()
        XCTAssertEqual(forward, Array(backward))
        XCTAssertNotEqual(draws(1, tick: 3), draws(2, tick: 3))
        XCTAssertNotEqual(draws(1, tick: 3), draws(1, tick: 4))
        var other = AgentStream(key: 77, tick: 3, agent: 1, purpose: 2)
        XCTAssertNotEqual(draws(1, tick: 3).first, other.bits())
    }

    func testStagedDirectoryReplacesWholeOrNothing() throws {
        let root = NSTemporaryDirectory() + "buurt-staged-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: root) }
        let dest = root + "/out"
        let owner = OutputFolder.Ownership(command: "test", marker: "m.txt", files: ["a.txt", "b.txt", "m.txt"],
                                           recognise: { String(decoding: $0, as: UTF8.self) == "mine" })
        let first = try StagedDirectory(destination: dest, owner: owner)
        try first.write("old", to: "a.txt")
        try first.write("old", to: "b.txt")
        try first.write("mine", to: "m.txt")
        try first.commit()
        let second = try StagedDirectory(destination: dest, owner: owner)
        try second.write("new", to: "a.txt")
        second.discard()
        XCTAssertEqual(try String(contentsOfFile: dest + "/a.txt", encoding: .utf8), "old")
        let third = try StagedDirectory(destination: dest, owner: owner)
        try third.write("new", to: "a.txt")
        try third.write("mine", to: "m.txt")
        try third.commit()
        XCTAssertEqual(try String(contentsOfFile: dest + "/a.txt", encoding: .utf8), "new")
        XCTAssertFalse(FileManager.default.fileExists(atPath: dest + "/b.txt"), "no leftovers of the old result")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: root), ["out"], "no staging folder left")
        // A folder with a file that is not the owner's is refused, and left as it was.
        try "notes".write(toFile: dest + "/notes.txt", atomically: false, encoding: .utf8)
        XCTAssertThrowsError(try StagedDirectory(destination: dest, owner: owner)) { e in
            XCTAssertEqual((e as? BuurtError)?.exitCode, 2)
            XCTAssertTrue("\(e)".contains("notes.txt"), "\(e)")
        }
        XCTAssertEqual(try String(contentsOfFile: dest + "/notes.txt", encoding: .utf8), "notes")
    }

    func testOutputFolderResolution() throws {
        XCTAssertEqual(try OutputFolder.resolve("x/."), "x")
        XCTAssertEqual(try OutputFolder.resolve("./a//b/"), "a/b")
        XCTAssertEqual(try OutputFolder.resolve("a/b/../c"), "a/c")
        XCTAssertEqual(try OutputFolder.resolve("../up"), "../up")
        for bad in ["", ".", "./", "x/..", "/", "/..", ".."] {
            XCTAssertThrowsError(try OutputFolder.resolve(bad), bad) { e in XCTAssertEqual((e as? BuurtError)?.exitCode, 2, bad) }
        }
        XCTAssertEqual(OutputFolder.split("a/b").parent, "a")
        XCTAssertEqual(OutputFolder.split("b").parent, ".")
        XCTAssertEqual(OutputFolder.split("/b").parent, "/")
    }

    func testFolderLockRefusesASecondHolderAndIsTakenOverAfterRelease() throws {
        let root = NSTemporaryDirectory() + "buurt-lock-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileOps.makeDirectory(root)
        let a = try FolderLock(folder: root + "/out", command: "first")
        // flock locks belong to the open file, so a second open in this process is refused too.
        XCTAssertThrowsError(try FolderLock(folder: root + "/out", command: "second")) { e in
            XCTAssertEqual((e as? BuurtError)?.exitCode, 2)
            XCTAssertTrue("\(e)".contains("pid \(getpid()), first"), "\(e)")
        }
        a.release()
        XCTAssertFalse(FileOps.exists(root + "/.out.lock"), "released locks leave no file")
        // A stale lock file (its holder died) is taken over.
        try "pid 999999, dead\n".write(toFile: root + "/.out.lock", atomically: false, encoding: .utf8)
        let b = try FolderLock(folder: root + "/out", command: "third")
        b.release()
    }

    func testReadInputChecksKindAndSizeFirst() throws {
        let root = NSTemporaryDirectory() + "buurt-read-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileOps.makeDirectory(root)
        try Data(count: 2000).write(to: URL(fileURLWithPath: root + "/big"))
        XCTAssertThrowsError(try FileOps.readInput(root + "/big", limit: 1000)) { e in
            XCTAssertTrue("\(e)".contains("2000 bytes"), "\(e)")
        }
        XCTAssertEqual(try FileOps.readInput(root + "/big", limit: 2000).count, 2000)
        XCTAssertThrowsError(try FileOps.readInput("/dev/zero", limit: 1000)) { e in
            XCTAssertTrue("\(e)".contains("not a regular file"), "\(e)")
        }
        XCTAssertThrowsError(try FileOps.readInput(root, limit: 1000)) { e in XCTAssertTrue("\(e)".contains("folder")) }
    }

    func testStudentIntervalAndSpearman() {
        let ci = Statistics.meanInterval([1, 2, 3, 4, 5])
        XCTAssertEqual(ci.mean, 3)
        // t(0.975, 4) = 2.776445; sd = 1.581139; half-width = 1.963243
        XCTAssertEqual(ci.high - ci.mean, 1.963243, accuracy: 1e-5)
        let s = Statistics.spearman([1, 2, 3, 4, 5, 6], [2, 4, 6, 8, 10, 13])
        XCTAssertEqual(s.rho, 1, accuracy: 1e-12)
        let n = Statistics.spearman([1, 2, 3, 4, 5, 6, 7, 8], [5, 3, 8, 1, 7, 2, 6, 4])
        XCTAssertGreaterThan(n.p, 0.05)
        let w = Statistics.welch([1, 2, 3, 4], [11, 12, 13, 14])
        XCTAssertEqual(w.diff, -10)
        XCTAssertLessThan(w.p, 0.001)
    }
}

final class StagedCommitTests: XCTestCase {
    let owner = OutputFolder.Ownership(command: "test", marker: "mark", files: ["mark", "data", "plots"],
                                       recognise: { String(decoding: $0, as: UTF8.self) == "ours" })

    func folder(_ name: String) -> String {
        let d = NSTemporaryDirectory() + "buurt-core-\(name)-\(getpid())"
        try? FileManager.default.removeItem(atPath: d)
        try? FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
        return d
    }

    /// Item 8: a file added to the old output while the new one was being written stops the commit
    /// (exit 2, naming it) and is not deleted; without it, the old output is replaced.
    func testAFileAddedDuringTheWorkIsNotDeletedAtCommit() throws {
        let d = folder("recheck")
        let dest = d + "/out"
        try FileManager.default.createDirectory(atPath: dest, withIntermediateDirectories: true)
        try "ours".write(toFile: dest + "/mark", atomically: false, encoding: .utf8)
        let staged = try StagedDirectory(destination: dest, owner: owner)
        try staged.write("ours", to: "mark")
        try staged.write("new", to: "data")
        try "my notes".write(toFile: dest + "/notes.txt", atomically: false, encoding: .utf8)
        XCTAssertThrowsError(try staged.commit()) { e in
            XCTAssertEqual((e as? BuurtError)?.exitCode, 2)
            XCTAssertTrue("\(e)".contains("notes.txt"), "\(e)")
        }
        XCTAssertEqual(try String(contentsOfFile: dest + "/notes.txt", encoding: .utf8), "my notes")
        try FileManager.default.removeItem(atPath: dest + "/notes.txt")
        try staged.commit()
        XCTAssertEqual(try String(contentsOfFile: dest + "/data", encoding: .utf8), "new")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: d), ["out"], "the old output is removed")
    }

    /// Item 6: the lock file is created whole, never over a file Buurt did not write or through a link.
    func testFolderLockLeavesForeignFilesAlone() throws {
        let d = folder("lockfile")
        try "mine".write(toFile: d + "/.a.lock", atomically: false, encoding: .utf8)
        XCTAssertThrowsError(try FolderLock(folder: d + "/a", command: "buurt test"))
        XCTAssertEqual(try String(contentsOfFile: d + "/.a.lock", encoding: .utf8), "mine")
        let lock = try FolderLock(folder: d + "/b", command: "buurt test")
        XCTAssertEqual(try String(contentsOfFile: d + "/.b.lock", encoding: .utf8), "pid \(getpid()), buurt test\n")
        XCTAssertThrowsError(try FolderLock(folder: d + "/b", command: "buurt test"), "a second holder is refused")
        // Through a link to the folder: the same lock.
        try FileManager.default.createDirectory(atPath: d + "/b", withIntermediateDirectories: true)
        symlink(d + "/b", d + "/alias")
        XCTAssertThrowsError(try FolderLock(folder: d + "/alias", command: "buurt test"))
        lock.release()
        XCTAssertFalse(FileManager.default.fileExists(atPath: d + "/.b.lock"))
        XCTAssertTrue(FolderLock.isLockNote("pid 12, buurt run\n"))
        XCTAssertFalse(FolderLock.isLockNote("pid x, buurt run\n"))
        XCTAssertFalse(FolderLock.isLockNote("pid , buurt run\n"))
        XCTAssertFalse(FolderLock.isLockNote("my notes"))
    }
}
