import XCTest
import Foundation
import BuurtModel
import BuurtCore

/// End-to-end sweeps with the real executable: reproducibility across threads, kill and resume,
/// shards and merge, analysis, refusals.
final class SweepTests: XCTestCase {
    static let experiment = """
        name: tiny
        question: "A small grid for tests"
        set: {population.residents: 1500, population.intermediaries: 6, population.civil_servants: 6}
        vary:
          bureaucracy.friction: [0, 1]
          succession.planning: {min: 0, max: 1}
        design: grid
        levels: 3
        replicates: 4
        seed: 9
        ticks: 60
        timeseries: {metrics: [active_initiatives, mean_trust_institutions], every: 10}
        """

    func writeExperiment(_ text: String = experiment, name: String = "tiny.yaml") -> (dir: String, file: String) {
        let dir = CLI.tempDir("sweep-" + name)
        let file = dir + "/" + name
        XCTAssertTrue(FileManager.default.createFile(atPath: file, contents: Data(text.utf8)))
        return (dir, file)
    }

    func bytes(_ path: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path)) }

    func testSameFilesForOneAndTwoThreadsAndReplay() throws {
        let (dir, file) = writeExperiment()
        for t in ["1", "2"] {
            let r = try CLI.run(["sweep", file, "--out", dir + "/t" + t, "--threads", t, "--quiet"])
            XCTAssertEqual(r.code, 0, r.err)
            XCTAssertTrue(r.out.contains("24 runs"), r.out)
        }
        for f in ["runs.csv", "timeseries.csv"] {
            XCTAssertEqual(try bytes(dir + "/t1/" + f), try bytes(dir + "/t2/" + f), f)
        }
        // Replay run 7 with buurt run and the seed from runs.csv.
        let runs = try String(contentsOfFile: dir + "/t1/runs.csv", encoding: .utf8).split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let header = runs[0], row = runs[8]
        XCTAssertEqual(Array(header.prefix(6)), ["run_id", "point_id", "replicate", "seed", "bureaucracy.friction", "succession.planning"])
        let replay = try CLI.run(["run", "--quiet", "--out", dir + "/replay", "--seed", row[3], "--ticks", "60",
                                  "--set", "population.residents=1500", "--set", "population.intermediaries=6",
                                  "--set", "population.civil_servants=6",
                                  "--set", "bureaucracy.friction=\(row[4])", "--set", "succession.planning=\(row[5])"])
        XCTAssertEqual(replay.code, 0, replay.err)
        let summary = try String(contentsOfFile: dir + "/replay/summary.csv", encoding: .utf8).split(separator: "\n")
        let replayed = summary[1].split(separator: ",", omittingEmptySubsequences: false).dropFirst().map(String.init)
        XCTAssertEqual(Array(row.dropFirst(6)), replayed, "buurt run --seed reproduces the sweep's run")
    }

    /// The tiny grid with runs long enough (a few seconds in all) that a kill or Ctrl-C after a
    /// fraction of a second lands mid-sweep, however fast the build.
    static let longer = experiment.replacingOccurrences(of: "population.residents: 1500", with: "population.residents: 4000")

    func testKillNineAndResumeGivesTheSameBytes() throws {
        let (dir, file) = writeExperiment(SweepTests.longer.replacingOccurrences(of: "ticks: 60", with: "ticks: 600"))
        XCTAssertEqual(try CLI.run(["sweep", file, "--out", dir + "/whole", "--threads", "2", "--quiet"]).code, 0)
        // Start, kill -9 part-way, resume; repeat until it finishes.
        var killed = 0
        for attempt in 0..<6 {
            let p = try CLI.start(["sweep", file, "--out", dir + "/resumed", "--threads", "2", "--quiet"])
            Thread.sleep(forTimeInterval: 0.6 + 0.3 * Double(attempt))
            if p.isRunning { kill(p.processIdentifier, SIGKILL); killed += 1 }
            p.waitUntilExit()
            if p.terminationReason == .exit && p.terminationStatus == 0 { break }
        }
        XCTAssertGreaterThan(killed, 0, "the sweep was never interrupted")
        let last = try CLI.run(["sweep", file, "--out", dir + "/resumed", "--threads", "1", "--quiet"])
        XCTAssertEqual(last.code, 0, last.err)
        for f in ["runs.csv", "timeseries.csv"] {
            XCTAssertEqual(try bytes(dir + "/whole/" + f), try bytes(dir + "/resumed/" + f), f)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/resumed/.buurt-sweep"))
        let again = try CLI.run(["sweep", file, "--out", dir + "/resumed", "--quiet"])
        XCTAssertTrue(again.out.contains("already complete"), again.out)
    }

    func testInterruptExits130AndKeepsFinishedRuns() throws {
        let (dir, file) = writeExperiment(SweepTests.longer.replacingOccurrences(of: "ticks: 60", with: "ticks: 1560"))
        let r = try CLI.run(["sweep", file, "--out", dir + "/out", "--threads", "1", "--quiet"], signalAfter: 1.5)
        XCTAssertEqual(r.code, 130, r.err)
        XCTAssertTrue(r.err.contains("run the same command again to resume"), r.err)
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir + "/out/.buurt-sweep/runs.journal"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/out/runs.csv"), "no half-written result")
    }

    func testShardsMergeToTheWholeAndMergeRefusesBadSets() throws {
        let (dir, file) = writeExperiment()
        XCTAssertEqual(try CLI.run(["sweep", file, "--out", dir + "/whole", "--quiet"]).code, 0)
        for i in 0..<3 {
            let r = try CLI.run(["sweep", file, "--out", dir + "/s\(i)", "--shard", "\(i)/3", "--quiet"])
            XCTAssertEqual(r.code, 0, r.err)
        }
        let merged = try CLI.run(["merge", dir + "/s2", dir + "/s0", dir + "/s1", "--out", dir + "/merged"])
        XCTAssertEqual(merged.code, 0, merged.err)
        for f in ["runs.csv", "timeseries.csv"] {
            XCTAssertEqual(try bytes(dir + "/whole/" + f), try bytes(dir + "/merged/" + f), f)
        }
        let missing = try CLI.run(["merge", dir + "/s0", dir + "/s2", "--out", dir + "/m2"])
        XCTAssertEqual(missing.code, 2)
        XCTAssertTrue(missing.err.contains("1/3 missing"), missing.err)
        let doubled = try CLI.run(["merge", dir + "/s0", dir + "/s1", dir + "/s1", dir + "/s2", "--out", dir + "/m3"])
        XCTAssertEqual(doubled.code, 2)
        XCTAssertTrue(doubled.err.contains("given twice"), doubled.err)
        let foreign = try CLI.run(["merge", dir + "/s0", dir + "/whole", "--out", dir + "/m4"])
        XCTAssertEqual(foreign.code, 2)
        // The Slurm environment picks the shard when --shard is not given.
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/m2"))
    }

    func testAnalyzeWritesPointsWithConfidenceIntervals() throws {
        let (dir, file) = writeExperiment()
        XCTAssertEqual(try CLI.run(["sweep", file, "--out", dir + "/out", "--quiet"]).code, 0)
        let r = try CLI.run(["analyze", dir + "/out"])
        XCTAssertEqual(r.code, 0, r.err)
        let lines = try String(contentsOfFile: dir + "/out/points.csv", encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(lines[0], "point_id,bureaucracy.friction,succession.planning,outcome,n,mean,sd,ci_low,ci_high")
        XCTAssertEqual(lines.count, 1 + 6 * MetricRegistry.summarySuffixes.count * Metric.allCases.count)
        for line in lines.dropFirst() {
            let f = line.split(separator: ",", omittingEmptySubsequences: false)
            XCTAssertEqual(f[4], "4")
            let mean = Double(f[5])!, lo = Double(f[7])!, hi = Double(f[8])!
            XCTAssertLessThanOrEqual(lo, mean + 1e-9); XCTAssertGreaterThanOrEqual(hi, mean - 1e-9)
        }
    }

    func testSaltelliAndMorrisGiveSensitivityTables() throws {
        for (design, extra, header) in [("saltelli", "samples: 8",
                                         "lever,outcome,S1,S1_low,S1_high,ST,ST_low,ST_high,S1_half,ST_half,S1_sum,S1_sum_over_1,noise_floor,S1_clears_noise,ST_clears_noise,note,S1_jansen,S1_janon,ST_rank,ST_rank_low,ST_rank_high,S1_sum_low,S1_sum_high"),
                                        ("morris", "samples: 3\nlevels: 4", "lever,outcome,mu_star,mu_star_low,mu_star_high,mu,sigma,effects,note,mu_star_noise,mu_star_clears_noise")] {
            let text = """
                set: {population.residents: 800, population.intermediaries: 4, population.civil_servants: 4}
                vary:
                  bureaucracy.friction: {min: 0, max: 1}
                  funding.grant_size: {min: 2000, max: 40000, log: true}
                design: \(design)
                \(extra)
                seed: 3
                ticks: 30
                """
            let (dir, file) = writeExperiment(text, name: design + ".yaml")
            XCTAssertEqual(try CLI.run(["sweep", file, "--out", dir + "/out", "--quiet"]).code, 0, design)
            XCTAssertEqual(try CLI.run(["analyze", dir + "/out"]).code, 0, design)
            let s = try String(contentsOfFile: dir + "/out/sensitivity.csv", encoding: .utf8)
            XCTAssertTrue(s.hasPrefix(header + "\n"), design)
            XCTAssertEqual(s.split(separator: "\n").count, 1 + 2 * MetricRegistry.summarySuffixes.count * Metric.allCases.count, design)
        }
    }

    func testTooFewBaseSamplesGiveEstimatesButNoIntervalsOrFlags() throws {
        let text = """
            set: {population.residents: 300, population.intermediaries: 2, population.civil_servants: 2}
            vary:
              bureaucracy.friction: {min: 0, max: 1}
              funding.core_share: {min: 0, max: 0.8}
            design: saltelli
            samples: 2
            replicates: 2
            seed: 3
            ticks: 26
            """
        let (dir, file) = writeExperiment(text, name: "few.yaml")
        XCTAssertEqual(try CLI.run(["sweep", file, "--out", dir + "/out", "--quiet"]).code, 0)
        XCTAssertEqual(try CLI.run(["analyze", dir + "/out"]).code, 0)
        let t = try CSVTable(path: dir + "/out/sensitivity.csv")
        let cols = try ["ST", "ST_low", "ST_high", "S1_clears_noise", "ST_clears_noise", "ST_rank_low", "S1_sum_over_1", "note"].map { try t.requireColumn($0) }
        for row in t.rows where !row[cols[7]].contains("constant") {
            XCTAssertFalse(row[cols[0]].isEmpty, "the estimate is written")
            for c in cols[1...6] { XCTAssertEqual(row[c], "", "\(t.header[c]) is left empty at N = 2") }
            XCTAssertTrue(row[cols[7]].contains("2 base samples, fewer than 8"), row[cols[7]])
        }
    }

    /// `buurt validate`'s exit codes: 2 when a fact cannot be tested on the sweep (one replicate)
    /// or the sweep has no common random numbers; the verdict is not "does not hold".
    func testValidateSaysCannotBeTestedAndRefusesASweepWithoutCommonRandomNumbers() throws {
        let base = """
            name: sf1-friction
            set: {population.residents: 300, population.intermediaries: 2, population.civil_servants: 2}
            vary:
              bureaucracy.friction: [0, 0.5, 1]
            design: grid
            replicates: 1
            seed: 101
            ticks: 26
            """
        let (dir, file) = writeExperiment(base + "\ncommon_random_numbers: true\n", name: "sf1-friction.yaml")
        XCTAssertEqual(try CLI.run(["sweep", file, "--out", dir + "/one", "--quiet"]).code, 0)
        let one = try CLI.run(["validate", dir + "/one"])
        XCTAssertEqual(one.code, 2, one.out + one.err)
        XCTAssertTrue(one.out.contains("CANNOT BE TESTED"), one.out)
        XCTAssertFalse(one.out.contains("DOES NOT HOLD"), one.out)
        let (dir2, file2) = writeExperiment(base, name: "sf1-friction.yaml")
        XCTAssertEqual(try CLI.run(["sweep", file2, "--out", dir2 + "/plain", "--quiet"]).code, 0)
        let plain = try CLI.run(["validate", dir2 + "/plain"])
        XCTAssertEqual(plain.code, 2)
        XCTAssertTrue(plain.err.contains("common_random_numbers"), plain.err)
    }

    func testRefusesAnotherExperimentInTheSameFolder() throws {
        let (dir, file) = writeExperiment()
        XCTAssertEqual(try CLI.run(["sweep", file, "--out", dir + "/out", "--quiet"]).code, 0)
        let (_, other) = writeExperiment(SweepTests.experiment.replacingOccurrences(of: "seed: 9", with: "seed: 10"), name: "other.yaml")
        let r = try CLI.run(["sweep", other, "--out", dir + "/out", "--quiet"])
        XCTAssertEqual(r.code, 2)
        XCTAssertTrue(r.err.contains("different experiment"), r.err)
        XCTAssertEqual(try CLI.run(["sweep", other, "--out", dir + "/out", "--quiet", "--fresh"]).code, 0)
    }

    func testBadExperimentFiles() throws {
        let cases: [(String, [String])] = [
            ("vary: {bureaucracy.friction: [0, 1]}\ndesign: factorial\n", [":2", "design", "grid | lhs | sobol | saltelli | morris"]),
            ("vary: {bureaucracy.fricton: [0, 1]}\ndesign: grid\n", ["vary.bureaucracy.fricton", "bureaucracy.friction"]),
            ("vary:\n  bureaucracy.friction: [0, 2]\ndesign: grid\n", [":2", "out of range"]),
            ("vary:\n  bureaucracy.friction: {min: 1, max: 0}\ndesign: lhs\nsamples: 4\n", ["min must be below max"]),
            ("vary:\n  bureaucracy.friction: [0, 1]\ndesign: lhs\n", ["samples", "missing"]),
            ("vary:\n  bureaucracy.friction: [0, 1]\ndesign: grid\nreplicates: 0\n", [":4", "replicates"]),
            ("vary:\n  bureaucracy.friction: [0, 1]\ndesign: grid\ntimeseries: {metrics: [trust]}\n", ["timeseries.metrics", "unknown metric"]),
            ("vary:\n  bureaucracy.friction: [0, 1]\ndesign: grid\nscenario: Models/nope.yaml\n", ["scenario file not found"]),
            ("vary:\n  bureaucracy.friction: [0, 1]\ndesgn: grid\n", ["desgn", "did you mean 'design'"]),
            ("vary:\n  bureaucracy.friction:\n    - 0\n    - 0.5\n    - 0.5\ndesign: grid\n", [":5", "vary.bureaucracy.friction", "0.5 is listed twice"]),
            ("set: {bureaucracy.friction: 0.3}\nvary:\n  bureaucracy.friction: [0, 1]\ndesign: grid\n", [":3", "both set", "not both"]),
        ]
        for (k, (text, parts)) in cases.enumerated() {
            let (_, file) = writeExperiment(text, name: "bad\(k).yaml")
            for cmd in [["check", file], ["sweep", file, "--quiet"]] {
                let r = try CLI.run(cmd)
                XCTAssertEqual(r.code, 2, "case \(k): \(r.err)")
                for p in parts { XCTAssertTrue(r.err.contains(p), "case \(k): '\(p)' not in \(r.err)") }
            }
        }
        XCTAssertEqual(try CLI.run(["sweep", "x.yaml", "--shard", "3/3"]).code, 2)
    }

    func testEveryShippedExperimentIsValid() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: CLI.repoRoot + "/Experiments").filter { $0.hasSuffix(".yaml") }
        for name in ["quickstart", "grant-size", "friction", "succession", "funding-mix", "sensitivity"] {
            XCTAssertTrue(files.contains(name + ".yaml"), name)
        }
        let all = (FileManager.default.enumerator(atPath: CLI.repoRoot + "/Experiments")?.allObjects as? [String] ?? [])
            .filter { $0.hasSuffix(".yaml") }
        XCTAssertGreaterThanOrEqual(all.filter { $0.hasPrefix("validation/") }.count, 8)
        for f in all {
            let r = try CLI.run(["check", "Experiments/" + f])
            XCTAssertEqual(r.code, 0, f + ": " + r.err)
            XCTAssertTrue(r.out.hasPrefix("OK: experiment"), f)
        }
    }

    func testSlurmScriptsAreWritten() throws {
        let (dir, file) = writeExperiment()
        let r = try CLI.run(["sweep", file, "--out", dir + "/out", "--slurm", "--shards", "3"])
        XCTAssertEqual(r.code, 0, r.err)
        let sweep = try String(contentsOfFile: dir + "/out/slurm/sweep.sbatch", encoding: .utf8)
        XCTAssertTrue(sweep.contains("#SBATCH --array=0-2"))
        XCTAssertTrue(sweep.contains("--shard ${SLURM_ARRAY_TASK_ID}/3"))
        let merge = try String(contentsOfFile: dir + "/out/slurm/merge.sbatch", encoding: .utf8)
        XCTAssertTrue(merge.contains(" merge ") && merge.contains("shard-2"))
    }
}
