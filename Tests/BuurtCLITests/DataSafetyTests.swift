import XCTest
import Foundation

/// Data safety through the real executable: locks, foreign folders, damaged shards, foreign
/// journals, hostile nesting, huge designs, bad output paths, write failures and the smaller
/// cases of issue 9. Each checks the exit code, that the message names the file, key or path, and
/// for the data cases the bytes on disk afterwards.
final class DataSafetyTests: XCTestCase {
    let small = ["--set", "population.residents=300"]

    func write(_ text: String, _ path: String) throws {
        try FileOps_mkdir((path as NSString).deletingLastPathComponent)
        try text.write(toFile: path, atomically: false, encoding: .utf8)
    }
    func FileOps_mkdir(_ p: String) throws { try FileManager.default.createDirectory(atPath: p, withIntermediateDirectories: true) }
    func read(_ path: String) -> String? { try? String(contentsOfFile: path, encoding: .utf8) }
    func assertRefused(_ r: CLI.Result, code: Int32 = 2, naming: [String], file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(r.code, code, r.err, file: file, line: line)
        for n in naming { XCTAssertTrue(r.err.contains(n), "'\(n)' not in: \(r.err)", file: file, line: line) }
    }

    func experiment(_ dir: String, replicates: Int = 4, seed: Int = 3, extra: String = "") throws -> String {
        let path = dir + "/exp-\(replicates)-\(seed).yaml"
        try write("""
            name: safety
            set: {population.residents: 600}
            vary:
              bureaucracy.friction: [0.1, 0.9]
            design: grid
            replicates: \(replicates)
            seed: \(seed)
            ticks: 104
            timeseries: {metrics: all, every: 4}
            initiatives: true
            \(extra)
            """, path)
        return path
    }

    /// Every data line of a CSV has as many fields as its header (no spliced rows).
    func assertWellFormedCSV(_ path: String, file: StaticString = #filePath, line: UInt = #line) {
        guard let text = read(path) else { return XCTFail("no \(path)", file: file, line: line) }
        let lines = text.split(separator: "\n")
        let n = lines[0].split(separator: ",", omittingEmptySubsequences: false).count
        for (i, l) in lines.enumerated() where l.split(separator: ",", omittingEmptySubsequences: false).count != n {
            return XCTFail("\(path) line \(i + 1) has another field count", file: file, line: line)
        }
    }

    // 1. Two commands on one folder.
    func testASecondSweepIntoTheSameFolderIsRefusedAndTheFirstFinishesWhole() throws {
        let dir = CLI.tempDir("lock")
        let exp = try experiment(dir, replicates: 60)
        let first = try CLI.start(["sweep", exp, "--out", dir + "/cc", "--quiet", "--threads", "1"], waitFor: dir + "/.cc.lock")
        let second = try CLI.run(["sweep", exp, "--out", dir + "/cc", "--quiet"])
        let analyze = try CLI.run(["analyze", dir + "/cc"])
        let run = try CLI.run(["run", "--ticks", "2", "--out", dir + "/cc"] + small)
        first.waitUntilExit()
        assertRefused(second, naming: ["another buurt command is writing this folder", "pid \(first.processIdentifier)", "cc"])
        assertRefused(analyze, naming: ["another buurt command"])
        XCTAssertEqual(run.code, 2, run.err)
        XCTAssertEqual(first.terminationStatus, 0)
        for f in ["runs.csv", "timeseries.csv", "initiatives.csv"] { assertWellFormedCSV(dir + "/cc/" + f) }
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/.cc.lock"), "the lock is gone after the sweep")
    }

    func testAStaleLockOfAKilledSweepIsTakenOver() throws {
        let dir = CLI.tempDir("stale")
        let exp = try experiment(dir, replicates: 60)
        let p = try CLI.start(["sweep", exp, "--out", dir + "/out", "--quiet", "--threads", "1"],
                              waitFor: dir + "/out/.buurt-sweep/runs.journal")
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir + "/.out.lock"), "kill -9 leaves the lock file")
        let resumed = try CLI.run(["sweep", exp, "--out", dir + "/out", "--quiet"])
        XCTAssertEqual(resumed.code, 0, resumed.err)
        assertWellFormedCSV(dir + "/out/runs.csv")
    }

    // 2. Folders that hold other things.
    func testRunAndMergeNeverReplaceAFolderOfOtherFiles() throws {
        let dir = CLI.tempDir("foreign")
        try write("mine", dir + "/user/notes.txt")
        try write("data", dir + "/user/sub/data.txt")
        let r = try CLI.run(["run", "--ticks", "2", "--out", dir + "/user"] + small)
        assertRefused(r, naming: [dir + "/user", "notes.txt", "sub/", "--out"])
        XCTAssertEqual(read(dir + "/user/notes.txt"), "mine")
        XCTAssertEqual(read(dir + "/user/sub/data.txt"), "data")

        // A finished sweep's folder is not a run's.
        let exp = try experiment(dir)
        XCTAssertEqual(try CLI.run(["sweep", exp, "--out", dir + "/sweep", "--quiet"]).code, 0)
        let before = read(dir + "/sweep/runs.csv")
        assertRefused(try CLI.run(["run", "--ticks", "2", "--out", dir + "/sweep"] + small), naming: ["runs.csv", "experiment.json"])
        XCTAssertEqual(read(dir + "/sweep/runs.csv"), before)

        // A run's own folder is replaced; a user's file added to it stops that.
        XCTAssertEqual(try CLI.run(["run", "--ticks", "2", "--out", dir + "/r"] + small).code, 0)
        XCTAssertEqual(try CLI.run(["run", "--ticks", "3", "--out", dir + "/r"] + small).code, 0)
        try write("keep", dir + "/r/mine.txt")
        assertRefused(try CLI.run(["run", "--ticks", "2", "--out", dir + "/r"] + small), naming: ["mine.txt"])
        XCTAssertEqual(read(dir + "/r/mine.txt"), "keep")

        // sweep --fresh clears only a sweep's own folder.
        try write("theirs", dir + "/theirs/runs.csv")
        assertRefused(try CLI.run(["sweep", exp, "--out", dir + "/theirs", "--fresh", "--quiet"]), naming: ["--fresh", "runs.csv"])
        XCTAssertEqual(read(dir + "/theirs/runs.csv"), "theirs")
        XCTAssertEqual(try CLI.run(["sweep", exp, "--out", dir + "/sweep", "--fresh", "--quiet"]).code, 0)

        // merge: not over a user's folder, never over one of its own shards.
        for i in 0..<2 {
            XCTAssertEqual(try CLI.run(["sweep", exp, "--shard", "\(i)/2", "--out", dir + "/s\(i)", "--quiet"]).code, 0)
        }
        assertRefused(try CLI.run(["merge", dir + "/s0", dir + "/s1", "--out", dir + "/user"]), naming: ["notes.txt"])
        XCTAssertEqual(read(dir + "/user/notes.txt"), "mine")
        let shard0 = read(dir + "/s0/runs.csv")
        assertRefused(try CLI.run(["merge", dir + "/s0", dir + "/s1", "--out", dir + "/s0"]), naming: ["one of the shards"])
        XCTAssertEqual(read(dir + "/s0/runs.csv"), shard0)
        XCTAssertEqual(try CLI.run(["merge", dir + "/s0", dir + "/s1", "--out", dir + "/m"]).code, 0)
        XCTAssertEqual(try CLI.run(["merge", dir + "/s0", dir + "/s1", "--out", dir + "/m"]).code, 0, "an earlier merge is replaced")
        XCTAssertEqual(read(dir + "/m/runs.csv"), read(dir + "/sweep/runs.csv"))
    }

    // 3. Damaged shards.
    func testMergeRefusesDamagedShardsNamingShardAndFile() throws {
        let dir = CLI.tempDir("damaged")
        let exp = try experiment(dir)
        for i in 0..<2 {
            XCTAssertEqual(try CLI.run(["sweep", exp, "--shard", "\(i)/2", "--out", dir + "/s\(i)", "--quiet"]).code, 0)
        }
        let runs = read(dir + "/s1/runs.csv")!
        let rows = runs.split(separator: "\n", omittingEmptySubsequences: false)
        let ts = read(dir + "/s1/timeseries.csv")!
        let json = read(dir + "/s1/experiment.json")!
        let cases: [(String, String, String)] = [
            ("runs.csv", String(runs.dropLast(25)), "runs.csv"),                                        // cut mid-line
            ("runs.csv", rows.dropLast(2).joined(separator: "\n") + "\n", "runs.csv"),                  // last row missing
            ("runs.csv", runs + rows[1] + "\n", "runs.csv"),                                             // a row doubled
            ("timeseries.csv", String(ts.dropLast(300)), "timeseries.csv"),                              // cut short
            ("initiatives.csv", "", "initiatives.csv"),                                                  // emptied
            ("experiment.json", json.replacingOccurrences(of: "\"seed\" : 3", with: "\"seed\" : 4"), "experiment.json"),
        ]
        XCTAssertTrue(json.contains("\"seed\" : 3"), "the seed is where the edit case expects it")
        for (k, (name, text, named)) in cases.enumerated() {
            let shard = dir + "/bad\(k)"
            try? FileManager.default.removeItem(atPath: shard)
            try FileManager.default.copyItem(atPath: dir + "/s1", toPath: shard)
            try text.write(toFile: shard + "/" + name, atomically: false, encoding: .utf8)
            let r = try CLI.run(["merge", dir + "/s0", shard, "--out", dir + "/m\(k)"])
            assertRefused(r, naming: [shard, named])
            XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/m\(k)"), "nothing is written for a refused merge")
        }
    }

    // 4. A foreign journal.
    func testResumeRefusesAnotherExperimentsJournal() throws {
        let dir = CLI.tempDir("journal")
        let a = try experiment(dir, replicates: 240, seed: 3), b = try experiment(dir, replicates: 240, seed: 4)
        for (exp, out) in [(a, "/a"), (b, "/b")] {
            let r = try CLI.run(["sweep", exp, "--out", dir + out, "--quiet", "--threads", "1"], signalAfter: 0.8)
            XCTAssertEqual(r.code, 130, r.err)
        }
        try FileManager.default.removeItem(atPath: dir + "/a/.buurt-sweep/runs.journal")
        try FileManager.default.copyItem(atPath: dir + "/b/.buurt-sweep/runs.journal", toPath: dir + "/a/.buurt-sweep/runs.journal")
        let r = try CLI.run(["sweep", a, "--out", dir + "/a", "--quiet"])
        assertRefused(r, naming: ["runs.journal", "another experiment", "--fresh"])
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/a/runs.csv"))
        XCTAssertEqual(try CLI.run(["sweep", a, "--out", dir + "/a", "--quiet", "--fresh"]).code, 0)
    }

    // 5. Nesting.
    func testDeeplyNestedYAMLIsRefusedNotCrashed() throws {
        let dir = CLI.tempDir("nesting")
        let flow = "name: x\nfunding: " + String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000) + "\n"
        let map = "name: x\nfunding: " + String(repeating: "{a: ", count: 5000) + String(repeating: "}", count: 5000) + "\n"
        var block = "name: x\nfunding:\n"
        for k in 0..<3000 { block += String(repeating: " ", count: k + 1) + "k\(k):\n" }
        let dashes = "name: x\nfunding:\n" + String(repeating: "- ", count: 4000) + "x\n"
        for (k, text) in [flow, map, block, dashes].enumerated() {
            try write(text, dir + "/deep\(k).yaml")
            assertRefused(try CLI.run(["check", dir + "/deep\(k).yaml"]), naming: ["deep\(k).yaml", "nests deeper"])
        }
        // Also in a scenario named by an experiment.
        try write("name: e\nscenario: deep0.yaml\nvary: {bureaucracy.friction: [0.1]}\ndesign: grid\n", dir + "/e.yaml")
        assertRefused(try CLI.run(["check", dir + "/e.yaml"]), naming: ["deep0.yaml", "nests deeper"])
        // Ordinary nesting and quoted brackets pass the scan.
        try write("name: ok\ndescription: \"[[[[{{{{ not nesting\" # [[[[[\nfunding: {grant_size: 5000}\n", dir + "/ok.yaml")
        XCTAssertEqual(try CLI.run(["check", dir + "/ok.yaml"]).code, 0)
    }

    // 6. Design size.
    func testHugeGridsAreCountedAndRefusedBeforeBuilding() throws {
        let dir = CLI.tempDir("grid")
        let values = (0..<1000).map { String(format: "%.4f", Double($0) / 1000) }.joined(separator: ", ")
        var listed = "name: big\ndesign: grid\nvary:\n"
        for l in ["bureaucracy.friction", "funding.core_share", "behaviour.good_encounter_share", "funding.earmark_strictness"] {
            listed += "  \(l): [\(values)]\n"
        }
        try write(listed, dir + "/listed.yaml")
        assertRefused(try CLI.run(["check", dir + "/listed.yaml"], timeout: 30), naming: ["listed.yaml", "1,000,000,000,000 points", "vary"])
        try write("name: big\ndesign: grid\nlevels: 100\nvary:\n  bureaucracy.friction: {min: 0, max: 1}\n"
                  + "  funding.core_share: {min: 0, max: 1}\n  behaviour.good_encounter_share: {min: 0, max: 1}\n"
                  + "  funding.earmark_strictness: {min: 0, max: 1}\n", dir + "/levels.yaml")
        assertRefused(try CLI.run(["check", dir + "/levels.yaml"], timeout: 30), naming: ["100,000,000 points"])
    }

    // 7. Output paths.
    func testOutputPathsAreResolvedAndCheckedBeforeAnyWork() throws {
        let dir = CLI.tempDir("paths")
        for bad in [".", "./", "x/..", "/", "", "sub/../."] {
            let r = try CLI.run(["run", "--ticks", "2", "--out", bad] + small, cwd: dir)
            assertRefused(r, naming: ["--out"])
            XCTAssertFalse(r.err.contains("Backtrac"), r.err)
            let sweep = try CLI.run(["sweep", CLI.repoRoot + "/Experiments/quickstart.yaml", "--out", bad], cwd: dir)
            assertRefused(sweep, naming: ["--out"])
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir), [], "nothing written for refused paths")
        // One-character names and file outputs (charts, reports) too.
        try write("name: a\n", dir + "/a")
        try write("name: q\nscenario: a\nvary: {bureaucracy.friction: [0.1]}\ndesign: grid\nticks: 2\ntimeseries: all\nset: {population.residents: 300}\n", dir + "/q")
        XCTAssertEqual(try CLI.run(["check", "q"], cwd: dir).code, 0)
        XCTAssertEqual(try CLI.run(["sweep", "q", "--out", "s", "--quiet"], cwd: dir).code, 0)
        for bad in ["", ".", "/", "s", "s/", "x/.."] {
            assertRefused(try CLI.run(["report", "s", "--out", bad], cwd: dir), naming: ["--out"])
            assertRefused(try CLI.run(["plot", "timeseries", "s", "--metric", "active_initiatives", "--out", bad], cwd: dir), naming: ["--out"])
        }
        try? FileManager.default.removeItem(atPath: dir + "/a"); try? FileManager.default.removeItem(atPath: dir + "/q")
        try? FileManager.default.removeItem(atPath: dir + "/s")
        let ok = try CLI.run(["run", "--ticks", "2", "--out", "x/."] + small, cwd: dir)
        XCTAssertEqual(ok.code, 0, ok.err)
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir + "/x/run.json"))
    }

    // 8. Write failures: exit 1, the path, the reason; the previous output untouched.
    func testWriteFailuresExitOneNamingThePathAndKeepThePreviousOutput() throws {
        for (path, reason) in [("/proc/x", "No such file"), ("/sys/kernel/buurt-x", "")] {
            let r = try CLI.run(["run", "--ticks", "2", "--out", path] + small)
            assertRefused(r, code: 1, naming: [path] + (reason.isEmpty ? [] : [reason]))
        }
        guard getuid() == 0 else { throw XCTSkip("mounting a small or read-only file system needs root (CI runs as root)") }
        let dir = CLI.tempDir("full")
        let mnt = dir + "/mnt"
        try FileManager.default.createDirectory(atPath: mnt, withIntermediateDirectories: true)
        guard shell("mount -t tmpfs -o size=300k tmpfs \(mnt)") == 0 else { return XCTFail("root cannot mount a tmpfs: the disk-full case went untested") }
        defer { _ = shell("umount \(mnt)") }
        XCTAssertEqual(try CLI.run(["run", "--ticks", "4", "--out", mnt + "/net"] + small).code, 0)
        let before = read(mnt + "/net/timeseries.csv")
        let full = try CLI.run(["run", "--ticks", "104", "--network-every", "2", "--out", mnt + "/net",
                                "--set", "population.residents=600"])
        assertRefused(full, code: 1, naming: [mnt + "/net", "No space left on device"])
        XCTAssertEqual(read(mnt + "/net/timeseries.csv"), before, "the previous output is untouched")
        let sweepFull = try CLI.run(["sweep", try experiment(dir, replicates: 40), "--out", mnt + "/sw", "--quiet"])
        assertRefused(sweepFull, code: 1, naming: ["No space left on device"])

        let ro = dir + "/ro"
        try FileManager.default.createDirectory(atPath: ro, withIntermediateDirectories: true)
        guard shell("mount --bind \(ro) \(ro) && mount -o remount,ro,bind \(ro)") == 0 else { return XCTFail("root cannot make a read-only bind mount: that case went untested") }
        defer { _ = shell("umount \(ro)") }
        assertRefused(try CLI.run(["run", "--ticks", "2", "--out", ro + "/x"] + small), code: 1, naming: [ro, "Read-only file system"])
        assertRefused(try CLI.run(["sweep", CLI.repoRoot + "/Experiments/quickstart.yaml", "--out", ro + "/x"]), code: 1,
                      naming: ["Read-only file system"])
    }

    func shell(_ command: String) -> Int32 {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", command]
        p.standardError = FileHandle.nullDevice
        try? p.run()
        p.waitUntilExit()
        return p.terminationStatus
    }

    // 9. The smaller cases.
    func testSmallerCases() throws {
        let dir = CLI.tempDir("small")
        let plain = try experiment(dir)
        try write((read(plain) ?? "").replacingOccurrences(of: "timeseries: {metrics: all, every: 4}",
                  with: "timeseries: {metrics: [active_initiatives, active_initiatives], every: 4}"), dir + "/dup.yaml")
        assertRefused(try CLI.run(["check", dir + "/dup.yaml"]), naming: ["dup.yaml:", "timeseries.metrics", "twice"])

        for target in ["/tmp", "/dev/zero"] {
            try write("name: e\nscenario: \(target)\nvary: {bureaucracy.friction: [0.1]}\ndesign: grid\n", dir + "/e.yaml")
            assertRefused(try CLI.run(["check", dir + "/e.yaml"]), naming: [dir + "/e.yaml:2", "'scenario'", target])
        }
        XCTAssertEqual(mkfifo(dir + "/fifo.yaml", 0o644), 0)
        assertRefused(try CLI.run(["check", dir + "/fifo.yaml"], timeout: 20), naming: ["fifo.yaml", "not a regular file"])
        assertRefused(try CLI.run(["check", "/dev/urandom"], timeout: 20), naming: ["/dev/urandom", "not a regular file"])
        let big = dir + "/big.yaml"
        XCTAssertTrue(FileManager.default.createFile(atPath: big, contents: nil))
        let h = try FileHandle(forWritingTo: URL(fileURLWithPath: big))
        try h.truncate(atOffset: 200 << 20)   // a sparse 200 MB file: refused from its size, never read
        try h.close()
        assertRefused(try CLI.run(["run", big]), naming: ["big.yaml", "209715200 bytes", "8 MiB"])

        assertRefused(try CLI.run(["help", "bogus"]), naming: ["bogus", "run, sweep"])
        XCTAssertEqual(try CLI.run(["help", "run"]).code, 0)

        let qs = CLI.repoRoot + "/Experiments/quickstart.yaml"
        for (id, count) in [("x", "2"), ("1", "x"), ("5", "2"), ("1", "")] {
            var env = ["SLURM_ARRAY_TASK_ID": id]
            if !count.isEmpty { env["SLURM_ARRAY_TASK_COUNT"] = count }
            let r = try CLI.run(["sweep", qs, "--out", dir + "/slurm", "--quiet"], env: env)
            assertRefused(r, naming: ["SLURM_ARRAY_TASK"])
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/slurm"))

        assertRefused(try CLI.run(["serve", "--models", dir + "/nowhere", "--port", "0"], timeout: 20), naming: ["nowhere", "--models"])
        assertRefused(try CLI.run(["serve", "--models", dir + "/e.yaml", "--port", "0"], timeout: 20), naming: ["e.yaml", "not a folder"])

        // Staging folders of dead processes are cleaned up; a live one's is left alone.
        try FileManager.default.createDirectory(atPath: dir + "/.out.staging-999999/x", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: dir + "/.out.staging-1", withIntermediateDirectories: true)
        XCTAssertEqual(try CLI.run(["run", "--ticks", "2", "--out", dir + "/out"] + small).code, 0)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/.out.staging-999999"))
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir + "/.out.staging-1"), "pid 1 is alive")
    }
}
