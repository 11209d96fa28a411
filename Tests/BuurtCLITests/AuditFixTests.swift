import XCTest
import Foundation

/// The defects of the input-robustness audit, each through the real executable: output files that
/// are not Buurt's, a damaged result sealed as complete, the folder lock through a symbolic link,
/// standard output that cannot be written, user files inside `network/` and `plots/`, lock files
/// that are not Buurt's, `--out` through a link, Slurm scripts, pipes and folders in place of files,
/// `--fresh` and charts, names as output folders, NUL bytes in design cells and ignored flags.
final class AuditFixTests: XCTestCase {
    let small = ["--set", "population.residents=200"]

    func write(_ text: String, _ path: String) throws {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: path, atomically: false, encoding: .utf8)
    }
    func read(_ path: String) -> String? { try? String(contentsOfFile: path, encoding: .utf8) }
    func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }
    func isLink(_ path: String) -> Bool {
        (try? FileManager.default.attributesOfItem(atPath: path)[.type] as? FileAttributeType) == .typeSymbolicLink
    }
    func assertRefused(_ r: CLI.Result, code: Int32 = 2, naming: [String], file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(r.code, code, r.err, file: file, line: line)
        for n in naming { XCTAssertTrue(r.err.contains(n), "'\(n)' not in: \(r.err)", file: file, line: line) }
    }

    /// A small experiment: 2 points x 2 replicates of 200 residents, 20 weeks.
    func experiment(_ dir: String, name: String = "audit", replicates: Int = 2, ticks: Int = 20, extra: String = "") throws -> String {
        let path = dir + "/\(name)-\(replicates).yaml"
        try write("""
            name: \(name)
            set: {population.residents: 200}
            vary:
              bureaucracy.friction: [0.1, 0.9]
            design: grid
            replicates: \(replicates)
            seed: 5
            ticks: \(ticks)
            timeseries: {metrics: [active_initiatives], every: 4}
            initiatives: true
            \(extra)
            """, path)
        return path
    }

    /// A finished sweep in `dir/name`.
    func sweep(_ dir: String, _ name: String = "ref") throws -> String {
        let exp = try experiment(dir)
        let r = try CLI.run(["sweep", exp, "--out", dir + "/" + name, "--quiet"])
        XCTAssertEqual(r.code, 0, r.err)
        return exp
    }

    /// Runs a shell command line (for redirections such as `> /dev/full`); the result of the shell.
    func shell(_ line: String, cwd: String) throws -> CLI.Result {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/bash")
        p.arguments = ["-c", line]
        p.currentDirectoryURL = URL(fileURLWithPath: cwd)
        let err = Pipe()
        p.standardError = err
        p.standardInput = FileHandle.nullDevice
        try p.run()
        let data = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return CLI.Result(code: p.terminationStatus, out: "", err: String(decoding: data, as: UTF8.self))
    }

    // 1. plot --out and report --out never overwrite a file Buurt did not write.
    func testPlotAndReportReplaceOnlyTheirOwnFiles() throws {
        let dir = CLI.tempDir("own-files")
        let exp = try sweep(dir)
        try write("my thesis", dir + "/thesis.txt")
        let plot = ["plot", "response", dir + "/ref", "--metric", "active_initiatives"]
        assertRefused(try CLI.run(plot + ["--out", dir + "/thesis.txt"]), naming: [dir + "/thesis.txt", "--out", "Buurt did not write"])
        XCTAssertEqual(read(dir + "/thesis.txt"), "my thesis")
        let yaml = read(exp)
        assertRefused(try CLI.run(["report", dir + "/ref", "--out", exp]), naming: [exp, "--out"])
        XCTAssertEqual(read(exp), yaml)
        let runs = read(dir + "/ref/runs.csv")
        assertRefused(try CLI.run(["report", dir + "/ref", "--out", dir + "/ref/runs.csv"]), naming: ["runs.csv"])
        assertRefused(try CLI.run(plot + ["--out", dir + "/ref/experiment.json"]), naming: ["experiment.json"])
        XCTAssertEqual(read(dir + "/ref/runs.csv"), runs)
        // A link is refused, whatever it points to.
        symlink(dir + "/thesis.txt", dir + "/link.svg")
        assertRefused(try CLI.run(plot + ["--out", dir + "/link.svg"]), naming: ["symbolic link"])
        XCTAssertEqual(read(dir + "/thesis.txt"), "my thesis")

        // Its own chart and report are replaced, at the default place and at --out; an empty file too.
        for _ in 0..<2 {
            XCTAssertEqual(try CLI.run(plot + ["--out", dir + "/chart.svg"]).code, 0)
            XCTAssertEqual(try CLI.run(plot).code, 0)
            XCTAssertEqual(try CLI.run(["report", dir + "/ref"]).code, 0)
            XCTAssertEqual(try CLI.run(["report", dir + "/ref", "--out", dir + "/r.html"]).code, 0)
        }
        try write("", dir + "/empty.svg")
        XCTAssertEqual(try CLI.run(plot + ["--out", dir + "/empty.svg"]).code, 0)
        XCTAssertTrue(read(dir + "/empty.svg")!.hasSuffix("</svg>\n"))
        // A chart name over a report, or a user's SVG of the same name, is judged by content.
        try write("<svg xmlns=\"http://www.w3.org/2000/svg\"><circle r=\"4\"/></svg>\n", dir + "/logo.svg")
        assertRefused(try CLI.run(plot + ["--out", dir + "/logo.svg"]), naming: ["logo.svg"])
        XCTAssertTrue(read(dir + "/logo.svg")!.contains("circle"))
        // --png: a PNG of the same name that Buurt did not write is refused before anything is written.
        try write("not a chart", dir + "/chart.png")
        let before = read(dir + "/chart.svg")
        assertRefused(try CLI.run(plot + ["--out", dir + "/chart.svg", "--png"]), naming: ["chart.png", "--png"])
        XCTAssertEqual(read(dir + "/chart.png"), "not a chart")
        XCTAssertEqual(read(dir + "/chart.svg"), before)
    }

    // 1. A result sealed as complete is checked against its recorded digests before it is trusted.
    func testAChangedFinishedSweepIsReportedNotCalledComplete() throws {
        let dir = CLI.tempDir("sealed")
        let exp = try sweep(dir)
        let again = try CLI.run(["sweep", exp, "--out", dir + "/ref", "--quiet"])
        XCTAssertEqual(again.code, 0, again.err)
        XCTAssertTrue(again.out.contains("already complete"), again.out)
        var runs = read(dir + "/ref/runs.csv")!
        runs = runs.replacingOccurrences(of: "\n1,", with: "\n7,")
        try write(runs, dir + "/ref/runs.csv")
        let r = try CLI.run(["sweep", exp, "--out", dir + "/ref", "--quiet"])
        assertRefused(r, naming: [dir + "/ref/runs.csv", "changed or damaged", "--fresh"])
        XCTAssertFalse(r.out.contains("already complete"))
        // Nor is the edited runs.csv analysed, charted or reported (audit 16).
        assertRefused(try CLI.run(["analyze", dir + "/ref"]), naming: ["runs.csv", "changed or damaged"])
        assertRefused(try CLI.run(["plot", "timeseries", dir + "/ref", "--metric", "active_initiatives"]), naming: ["runs.csv", "changed or damaged"])
        assertRefused(try CLI.run(["report", dir + "/ref"]), naming: ["runs.csv", "changed or damaged"])
        XCTAssertEqual(try CLI.run(["sweep", exp, "--out", dir + "/ref", "--quiet", "--fresh"]).code, 0)
        XCTAssertTrue(try CLI.run(["sweep", exp, "--out", dir + "/ref", "--quiet"]).out.contains("already complete"))
    }

    // 2. The lock is on the real folder: a second sweep through a link to it is refused.
    func testTheFolderLockHoldsThroughASymbolicLink() throws {
        let dir = CLI.tempDir("alias")
        let exp = try experiment(dir, replicates: 200, ticks: 104)
        symlink(dir + "/out", dir + "/alias")
        let first = try CLI.start(["sweep", exp, "--out", dir + "/out", "--quiet", "--threads", "1"], waitFor: dir + "/.out.lock")
        defer { kill(first.processIdentifier, SIGKILL); first.waitUntilExit() }
        let second = try CLI.run(["sweep", exp, "--out", dir + "/alias", "--quiet"])
        assertRefused(second, naming: ["another buurt command is writing this folder", "pid \(first.processIdentifier)"])
        let analyze = try CLI.run(["analyze", dir + "/alias"])
        assertRefused(analyze, naming: ["another buurt command"])
        XCTAssertFalse(exists(dir + "/.alias.lock"))
    }

    // 3. Standard output or error that cannot be written: no crash, no silent success.
    func testUnwritableOutputNeverCrashes() throws {
        let dir = CLI.tempDir("full")
        let exp = try experiment(dir)
        let b = CLI.binary
        for line in ["'\(b)' params --format csv > /dev/full", "'\(b)' check '\(exp)' > /dev/full",
                     "'\(b)' run --set population.residents=200 --ticks 2 --out '\(dir)/r' > /dev/full"] {
            let r = try shell(line, cwd: dir)
            XCTAssertEqual(r.code, 1, line + ": " + r.err)
            XCTAssertTrue(r.err.contains("cannot write the output (standard output): No space left on device"), r.err)
            XCTAssertFalse(r.err.contains("Fatal error"), r.err)
        }
        XCTAssertTrue(exists(dir + "/r/run.json"), "the run's results are in place")
        // An error message that cannot be written: still the error's exit code.
        XCTAssertEqual(try shell("'\(b)' check '\(dir)/nonexist.yaml' 2> /dev/full", cwd: dir).code, 2)
        // Progress lines to a full disk are dropped; the sweep finishes.
        let progress = try shell("'\(b)' sweep '\(exp)' --out '\(dir)/pf' 2> /dev/full > /dev/null", cwd: dir)
        XCTAssertEqual(progress.code, 0, progress.err)

        // A closed pipe (`| head`): quietly, with the status of SIGPIPE, and no signal.
        for args in [["params", "--format", "json"], ["params", "--format", "data-dictionary"], ["check", exp]] {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: b)
            p.arguments = args
            let out = Pipe(), err = Pipe()
            try out.fileHandleForReading.close()
            p.standardOutput = out
            p.standardError = err
            try p.run()
            p.waitUntilExit()
            let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            XCTAssertEqual(p.terminationReason, .exit, "\(args): not killed by a signal")
            XCTAssertEqual(p.terminationStatus, 141, "\(args): \(message)")
            XCTAssertEqual(message, "", "quietly")
        }
    }

    // 5. Replacing an earlier output never deletes a user's file inside network/ or plots/.
    func testUserFilesInsideOwnedSubfoldersStopAReplacement() throws {
        let dir = CLI.tempDir("subfolders")
        XCTAssertEqual(try CLI.run(["run", "--ticks", "10", "--network-every", "5", "--out", dir + "/rn"] + small).code, 0)
        XCTAssertEqual(try CLI.run(["run", "--ticks", "10", "--network-every", "5", "--out", dir + "/rn"] + small).code, 0,
                       "a run's own network/ is replaced")
        try write("precious", dir + "/rn/network/my-analysis.py")
        try write("x", dir + "/rn/network/sub/y")
        let r = try CLI.run(["run", "--ticks", "10", "--out", dir + "/rn"] + small)
        assertRefused(r, naming: ["network/my-analysis.py", "network/sub/"])
        XCTAssertEqual(read(dir + "/rn/network/my-analysis.py"), "precious")
        XCTAssertEqual(read(dir + "/rn/network/sub/y"), "x")

        let exp = try experiment(dir)
        for i in 0..<2 { XCTAssertEqual(try CLI.run(["sweep", exp, "--shard", "\(i)/2", "--out", dir + "/s\(i)", "--quiet"]).code, 0) }
        let merge = ["merge", dir + "/s0", dir + "/s1", "--out", dir + "/mm"]
        XCTAssertEqual(try CLI.run(merge).code, 0)
        XCTAssertEqual(try CLI.run(["plot", "response", dir + "/mm", "--metric", "active_initiatives"]).code, 0)
        XCTAssertEqual(try CLI.run(merge).code, 0, "a merge with its own charts is replaced")
        XCTAssertEqual(try CLI.run(["plot", "response", dir + "/mm", "--metric", "active_initiatives"]).code, 0)
        try write("mine", dir + "/mm/plots/notes.txt")
        assertRefused(try CLI.run(merge), naming: ["plots/notes.txt"])
        XCTAssertEqual(read(dir + "/mm/plots/notes.txt"), "mine")
    }

    // 6. A file of the lock's name that Buurt did not write is neither truncated, followed nor removed.
    func testALockFileNameThatIsNotBuurtsIsLeftAlone() throws {
        let dir = CLI.tempDir("lockname")
        try write("my notes", dir + "/.res.lock")
        assertRefused(try CLI.run(["run", "--ticks", "2", "--out", dir + "/res"] + small), naming: [".res.lock", "not a Buurt lock"])
        XCTAssertEqual(read(dir + "/.res.lock"), "my notes")
        try write("important data", dir + "/important.txt")
        symlink(dir + "/important.txt", dir + "/.res2.lock")
        assertRefused(try CLI.run(["run", "--ticks", "2", "--out", dir + "/res2"] + small), naming: [".res2.lock", "symbolic link"])
        XCTAssertEqual(read(dir + "/important.txt"), "important data")
        XCTAssertTrue(isLink(dir + "/.res2.lock"))
        // Buurt's own lock files come and go.
        XCTAssertEqual(try CLI.run(["run", "--ticks", "2", "--out", dir + "/res3"] + small).code, 0)
        XCTAssertFalse(exists(dir + "/.res3.lock"))
    }

    // 7. --out naming a link to a folder: the link stays, the results go where it points.
    func testOutThroughASymbolicLinkKeepsTheLink() throws {
        let dir = CLI.tempDir("outlink")
        XCTAssertEqual(try CLI.run(["run", "--ticks", "2", "--seed", "1", "--out", dir + "/target"] + small).code, 0)
        symlink(dir + "/target", dir + "/latest")
        let r = try CLI.run(["run", "--ticks", "2", "--seed", "2", "--out", dir + "/latest"] + small)
        XCTAssertEqual(r.code, 0, r.err)
        XCTAssertTrue(isLink(dir + "/latest"), "the link is kept")
        XCTAssertTrue(read(dir + "/target/summary.csv")?.contains("\n2,") ?? false, "the new run is in the link's folder")
        symlink(dir + "/nowhere", dir + "/dangling")
        assertRefused(try CLI.run(["run", "--ticks", "2", "--out", dir + "/dangling"] + small), naming: ["dangling", "does not exist"])
        XCTAssertTrue(isLink(dir + "/dangling"))
    }

    // 9, 10. Slurm scripts: values quoted, what cannot be written refused, foreign folders left alone.
    func testSlurmScriptsAreSafe() throws {
        let dir = CLI.tempDir("slurm")
        try write("""
            name: "x\\ntouch \(dir)/PWNED #"
            set: {population.residents: 200}
            vary: {bureaucracy.friction: [0, 1]}
            design: grid
            replicates: 1
            seed: 1
            ticks: 5
            """, dir + "/inj.yaml")
        assertRefused(try CLI.run(["sweep", dir + "/inj.yaml", "--slurm", "--shards", "2", "--out", dir + "/slinj"]),
                      naming: ["inj.yaml", "name", "control character"])
        XCTAssertFalse(exists(dir + "/slinj"))

        let exp = try experiment(dir, name: "my exp")
        for bad in ["r$(touch PWNED2)", "with space", "per%cent"] {
            assertRefused(try CLI.run(["sweep", exp, "--slurm", "--out", dir + "/" + bad], cwd: dir), naming: ["--out", "#SBATCH"])
            XCTAssertFalse(exists(dir + "/" + bad))
        }
        let ok = try CLI.run(["sweep", exp, "--slurm", "--shards", "2", "--out", "good"], cwd: dir)
        XCTAssertEqual(ok.code, 0, ok.err)
        let sweep = read(dir + "/good/slurm/sweep.sbatch") ?? ""
        XCTAssertTrue(sweep.contains("#SBATCH --job-name=buurt-my_exp\n"), sweep)
        let submit = read(dir + "/good/slurm/submit.sh") ?? ""
        XCTAssertTrue(submit.contains("merged result will be in \"" + dir + "/good/merged\n"), "the path is outside the double quotes: " + submit)
        XCTAssertEqual(try CLI.run(["sweep", exp, "--slurm", "--shards", "2", "--out", "good"], cwd: dir).code, 0,
                       "its own scripts are replaced")

        // A folder of the user's: refused, nothing overwritten; a file: exit 2.
        try write("# my tuned job script", dir + "/proj/slurm/sweep.sbatch")
        assertRefused(try CLI.run(["sweep", exp, "--slurm", "--out", dir + "/proj"]), naming: ["sweep.sbatch", "--out"])
        XCTAssertEqual(read(dir + "/proj/slurm/sweep.sbatch"), "# my tuned job script")
        try write("mine", dir + "/proj2/README")
        assertRefused(try CLI.run(["sweep", exp, "--slurm", "--out", dir + "/proj2"]), naming: ["README"])
        XCTAssertFalse(exists(dir + "/proj2/slurm"))
        let plain = try experiment(dir)
        assertRefused(try CLI.run(["sweep", plain, "--slurm", "--out", plain]), naming: ["not a folder"])
        XCTAssertEqual(try CLI.run(["sweep", exp, "--out", dir + "/fin", "--quiet"]).code, 0)
        assertRefused(try CLI.run(["sweep", exp, "--slurm", "--out", dir + "/fin"]), naming: ["runs.csv"])
        XCTAssertFalse(exists(dir + "/fin/slurm"))
    }

    // 11. A pipe or a folder in place of a result file: exit 2 at once, naming it.
    func testPipesAndFoldersInPlaceOfResultFilesAreRefused() throws {
        let dir = CLI.tempDir("fifo")
        let exp = try experiment(dir)
        for i in 0..<2 { XCTAssertEqual(try CLI.run(["sweep", exp, "--shard", "\(i)/2", "--out", dir + "/s\(i)", "--quiet"]).code, 0) }
        _ = try sweep(dir)
        let fm = FileManager.default
        try fm.copyItem(atPath: dir + "/s1", toPath: dir + "/tam")
        try fm.removeItem(atPath: dir + "/tam/runs.csv")
        XCTAssertEqual(mkfifo(dir + "/tam/runs.csv", 0o644), 0)
        assertRefused(try CLI.run(["merge", dir + "/s0", dir + "/tam", "--out", dir + "/mx"], timeout: 30),
                      naming: [dir + "/tam/runs.csv", "not a regular file"])
        try fm.copyItem(atPath: dir + "/s1", toPath: dir + "/tdir")
        try fm.removeItem(atPath: dir + "/tdir/runs.csv")
        try fm.createDirectory(atPath: dir + "/tdir/runs.csv", withIntermediateDirectories: false)
        assertRefused(try CLI.run(["merge", dir + "/s0", dir + "/tdir", "--out", dir + "/my"], timeout: 30),
                      naming: [dir + "/tdir/runs.csv", "folder"])

        try fm.copyItem(atPath: dir + "/ref", toPath: dir + "/hx")
        try fm.removeItem(atPath: dir + "/hx/initiatives.csv")
        XCTAssertEqual(mkfifo(dir + "/hx/initiatives.csv", 0o644), 0)
        for args in [["report", dir + "/hx"], ["plot", "survival", dir + "/hx"], ["analyze", dir + "/hx"]] {
            assertRefused(try CLI.run(args, timeout: 30), naming: [dir + "/hx/initiatives.csv"])
        }
        try fm.removeItem(atPath: dir + "/hx/initiatives.csv")
        try fm.createDirectory(atPath: dir + "/hx/initiatives.csv", withIntermediateDirectories: false)
        assertRefused(try CLI.run(["report", dir + "/hx"], timeout: 30), naming: [dir + "/hx/initiatives.csv", "folder"])
        // A finished sweep whose runs.csv became a pipe is not called complete (and does not hang).
        try fm.removeItem(atPath: dir + "/ref/runs.csv")
        XCTAssertEqual(mkfifo(dir + "/ref/runs.csv", 0o644), 0)
        assertRefused(try CLI.run(["sweep", exp, "--out", dir + "/ref", "--quiet"], timeout: 30), naming: [dir + "/ref/runs.csv"])
    }

    // 12. sweep --fresh discards the old experiment's report and charts (only Buurt's own).
    func testFreshDiscardsTheOldReportAndCharts() throws {
        let dir = CLI.tempDir("fresh")
        let exp = try sweep(dir, "st")
        XCTAssertEqual(try CLI.run(["report", dir + "/st"]).code, 0)
        XCTAssertEqual(try CLI.run(["plot", "response", dir + "/st", "--metric", "active_initiatives"]).code, 0)
        try write("mine", dir + "/st/plots/notes.txt")
        let other = try experiment(dir, name: "audit2")
        _ = exp
        XCTAssertEqual(try CLI.run(["sweep", other, "--out", dir + "/st", "--fresh", "--quiet"]).code, 0)
        XCTAssertFalse(exists(dir + "/st/report.html"))
        let left = (try? FileManager.default.contentsOfDirectory(atPath: dir + "/st/plots")) ?? []
        XCTAssertEqual(left, ["notes.txt"])
    }

    // 13. A name used as the default output folder is checked like --out.
    func testANameThatIsNotAPlainFolderNameIsRefusedAsTheDefaultOutput() throws {
        let dir = CLI.tempDir("names")
        for (name, why) in [("../escape", "'/'"), ("/tmp/abs", "'/'"), (String(repeating: "a", count: 300), "300 bytes"), ("..", "'..'")] {
            try write("name: \"\(name)\"\npopulation: {residents: 200}\nsimulation: {ticks: 2}\n", dir + "/s.yaml")
            let r = try CLI.run(["run", dir + "/s.yaml"], cwd: dir)
            assertRefused(r, naming: [dir + "/s.yaml", "name", why, "--out"])
        }
        XCTAssertFalse(exists(dir + "/escape"))
        let exp = try experiment(dir, name: "\"../up\"")
        assertRefused(try CLI.run(["sweep", exp, "--quiet"], cwd: dir), naming: ["name", "'/'"])
        // With --out the name does not matter.
        try write("name: \"../escape\"\npopulation: {residents: 200}\nsimulation: {ticks: 2}\n", dir + "/s.yaml")
        XCTAssertEqual(try CLI.run(["run", dir + "/s.yaml", "--out", dir + "/o"]).code, 0)
    }

    // 14. A NUL byte in a design file's cell is refused, not cut off.
    func testANulByteInADesignCellIsRefused() throws {
        let dir = CLI.tempDir("nulcell")
        try Data("funding.grant_size\n5000\u{0}9\n".utf8).write(to: URL(fileURLWithPath: dir + "/nul.csv"))
        try write("name: f\nset: {population.residents: 200}\ndesign: file\npoints: nul.csv\nreplicates: 1\nseed: 3\nticks: 10\n",
                  dir + "/x.yaml")
        let r = try CLI.run(["check", dir + "/x.yaml"])
        assertRefused(r, naming: ["nul.csv", "funding.grant_size"])
    }

    // 17. Flags that would be ignored are refused.
    func testSlurmOnlyFlagsWithoutSlurmAreRefused() throws {
        let dir = CLI.tempDir("flags")
        let exp = try experiment(dir)
        for extra in [["--shards", "3"], ["--cpus-per-task", "4"], ["--slurm", "--shard", "0/3"]] {
            let r = try CLI.run(["sweep", exp, "--out", dir + "/o"] + extra)
            XCTAssertEqual(r.code, 2, "\(extra): \(r.err)")
            XCTAssertTrue(r.err.contains(extra[0]) || r.err.contains(extra[1]), r.err)
        }
        XCTAssertFalse(exists(dir + "/o"))
    }
}
