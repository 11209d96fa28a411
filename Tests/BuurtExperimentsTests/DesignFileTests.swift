import BuurtCore
import BuurtModel
import Foundation
import XCTest
@testable import BuurtExperiments

/// `design: file`: parsing of the points CSV with every kind of bad input, and a file design run
/// as a sweep (threads, shards and merge, analysis) in process.
final class DesignFileTests: XCTestCase {
    var dir = ""

    override func setUpWithError() throws {
        dir = NSTemporaryDirectory() + "buurt-designfile-\(getpid())-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: dir) }

    static let experimentText = """
        name: from-file
        set: {population.residents: 400, population.intermediaries: 4, population.civil_servants: 4}
        design: file
        points: design.csv
        replicates: 2
        seed: 5
        ticks: 30
        timeseries: {metrics: [active_initiatives], every: 10}
        """

    /// Writes `design.csv` (and the experiment) and parses the experiment.
    func experiment(csv: String, yaml: String = experimentText) throws -> Experiment {
        try csv.write(toFile: dir + "/design.csv", atomically: true, encoding: .utf8)
        try yaml.write(toFile: dir + "/exp.yaml", atomically: true, encoding: .utf8)
        return try ExperimentFile.load(path: dir + "/exp.yaml")
    }

    /// The input error for this design file (fails the test when it parses).
    func refusal(_ csv: String, yaml: String = experimentText, file: StaticString = #filePath, line: UInt = #line) -> BuurtError? {
        do {
            let e = try experiment(csv: csv, yaml: yaml)
            XCTFail("accepted \(e.points.count) points from \(csv.prefix(80).debugDescription)", file: file, line: line)
            return nil
        } catch let e as BuurtError {
            XCTAssertEqual(e.kind, .input, file: file, line: line)
            XCTAssertEqual(e.exitCode, 2, file: file, line: line)
            return e
        } catch {
            XCTFail("not a BuurtError: \(error)", file: file, line: line)
            return nil
        }
    }

    // MARK: Good files

    func testEveryLeverKindByItsValues() throws {
        let csv = """
            funding.grant_size,funding.mode,funding.use_it_or_lose_it,funding.term_weeks
            2000,competitive,true,26
            12345.6789012345,collaborative,false,104\r
            \"50000\",competitive,FALSE,52

            """
        let e = try experiment(csv: csv)
        XCTAssertEqual(e.design, .file)
        XCTAssertEqual(e.factors.map(\.name), ["funding.grant_size", "funding.mode", "funding.use_it_or_lose_it", "funding.term_weeks"])
        XCTAssertEqual(e.points.count, 3)
        XCTAssertEqual(e.runCount, 6)
        let modes = Lever.modes
        XCTAssertEqual(e.points[0], [2000, Double(modes.firstIndex(of: "competitive")!), 1, 26])
        // Real values are rounded to the six decimals runs.csv carries, so a row replays exactly.
        XCTAssertEqual(e.points[1][0], 12345.678901)
        XCTAssertEqual(e.points[1][1], Double(modes.firstIndex(of: "collaborative")!))
        XCTAssertEqual(e.points[2], [50000, 0, 0, 52])
        // The factors' ranges are those the file covers.
        XCTAssertEqual(e.factors[0].min, 2000)
        XCTAssertEqual(e.factors[0].max, 50000)
        // Replay arguments carry the file's values.
        let args = e.replayArguments(run: 3)
        XCTAssertTrue(args.contains("funding.grant_size=12345.678901"), "\(args)")
        XCTAssertTrue(args.contains("funding.mode=collaborative"), "\(args)")
        XCTAssertTrue(args.contains("funding.use_it_or_lose_it=false"), "\(args)")
    }

    func testByteOrderMarkAndBlankLinesAndPathBesideTheExperiment() throws {
        let e = try experiment(csv: "\u{FEFF}bureaucracy.friction\n\n0.25\n   \n0.75\n")
        XCTAssertEqual(e.points, [[0.25], [0.75]])
        XCTAssertEqual(e.factors.first?.lever, .friction)
    }

    func testChangingTheFileChangesTheHash() throws {
        let a = try experiment(csv: "bureaucracy.friction\n0.25\n")
        let b = try experiment(csv: "bureaucracy.friction\n0.26\n")
        XCTAssertNotEqual(a.hash, b.hash)
        XCTAssertEqual(a.hash, try experiment(csv: "bureaucracy.friction\n0.250\n").hash)
    }

    // MARK: Bad files

    func testMissingEmptyAndHeaderOnly() throws {
        try Self.experimentText.write(toFile: dir + "/exp.yaml", atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try ExperimentFile.load(path: dir + "/exp.yaml")) { err in
            let e = err as? BuurtError
            XCTAssertEqual(e?.kind, .input)
            XCTAssertEqual(e?.key, "points")
            XCTAssertEqual(e?.line, 4)
            XCTAssertTrue(e?.message.contains("not found: design.csv") ?? false, "\(String(describing: e))")
        }
        var e = refusal("")
        XCTAssertTrue(e?.message.contains("empty") ?? false, "\(String(describing: e))")
        XCTAssertTrue(e?.file?.hasSuffix("design.csv") ?? false)
        e = refusal("\n\n")
        XCTAssertTrue(e?.message.contains("empty") ?? false)
        e = refusal("funding.grant_size\n")
        XCTAssertTrue(e?.message.contains("no design points") ?? false, "\(String(describing: e))")
        XCTAssertEqual(e?.line, 1)
    }

    func testUnknownDuplicateEmptyAndReservedColumns() throws {
        var e = refusal("funding.grant_sise,bureaucracy.friction\n2000,0.5\n")
        XCTAssertEqual(e?.key, "funding.grant_sise")
        XCTAssertEqual(e?.line, 1)
        XCTAssertTrue(e?.message.contains("column 1 is not a lever") ?? false)
        XCTAssertTrue(e?.message.contains("funding.grant_size") ?? false, "suggests the nearest name: \(String(describing: e))")
        e = refusal("bureaucracy.friction,funding.grant_size,bureaucracy.friction\n0.5,2000,0.5\n")
        XCTAssertTrue(e?.message.contains("column 3 repeats column 1") ?? false, "\(String(describing: e))")
        XCTAssertEqual(e?.key, "bureaucracy.friction")
        e = refusal(",bureaucracy.friction\n0,0.5\n")
        XCTAssertTrue(e?.message.contains("index=False") ?? false, "pandas' index column: \(String(describing: e))")
        for reserved in ["simulation.seed", "simulation.ticks"] {
            e = refusal("\(reserved)\n3\n")
            XCTAssertEqual(e?.key, reserved)
            XCTAssertTrue(e?.message.contains("seed") ?? false)
        }
    }

    func testBadValuesNameLineColumnAndAllowedValues() throws {
        let header = "funding.grant_size,funding.mode,funding.use_it_or_lose_it,funding.term_weeks\n"
        let good = "2000,competitive,true,26\n"
        let cases: [(row: String, column: Int, key: String, allowed: String)] = [
            ("abc,competitive,true,26", 1, "funding.grant_size", "a number from 500 to 500000"),
            ("100,competitive,true,26", 1, "funding.grant_size", "a number from 500 to 500000"),
            ("nan,competitive,true,26", 1, "funding.grant_size", "a number"),
            ("inf,competitive,true,26", 1, "funding.grant_size", "a number"),
            ("2000,compettive,true,26", 2, "funding.mode", "competitive | "),
            ("2000,1,true,26", 2, "funding.mode", "competitive | "),
            ("2000,competitive,maybe,26", 3, "funding.use_it_or_lose_it", "true or false"),
            ("2000,competitive,true,26.5", 4, "funding.term_weeks", "a whole number from 4 to 520"),
            ("2000,competitive,true,2", 4, "funding.term_weeks", "a whole number from 4 to 520"),
            ("2000,competitive,,26", 3, "funding.use_it_or_lose_it", "true or false"),
        ]
        for c in cases {
            let e = refusal(header + good + c.row + "\n" + good)
            XCTAssertEqual(e?.line, 3, c.row)
            XCTAssertEqual(e?.key, c.key, c.row)
            XCTAssertTrue(e?.message.hasPrefix("column \(c.column)") ?? false, "\(c.row): \(String(describing: e))")
            XCTAssertTrue(e?.allowed?.contains(c.allowed) ?? false, "\(c.row): \(String(describing: e))")
            XCTAssertTrue(e?.file?.hasSuffix("/design.csv") ?? false)
            XCTAssertTrue(e?.description.contains("design.csv:3:") ?? false, e?.description ?? "")
        }
    }

    func testRaggedLinesAndBrokenQuotes() throws {
        var e = refusal("bureaucracy.friction,funding.grant_size\n0.5,2000\n0.5\n")
        XCTAssertEqual(e?.line, 3)
        XCTAssertTrue(e?.message.contains("1 fields where the header has 2") ?? false, "\(String(describing: e))")
        XCTAssertEqual(e?.allowed, "bureaucracy.friction,funding.grant_size")
        e = refusal("bureaucracy.friction,funding.grant_size\n0.5,2000,7\n")
        XCTAssertEqual(e?.line, 2)
        e = refusal("bureaucracy.friction\n\"0.5\n0.7\"\n")
        XCTAssertEqual(e?.line, 2)
        XCTAssertTrue(e?.message.contains("quoted") ?? false)
    }

    func testKeysOfGeneratedDesignsAreRefused() throws {
        let csv = "bureaucracy.friction\n0.5\n"
        for extra in ["samples: 8", "levels: 3", "vary: {bureaucracy.friction: [0, 1]}"] {
            let key = String(extra.prefix { $0 != ":" })
            let e = refusal(csv, yaml: Self.experimentText + "\n" + extra + "\n")
            XCTAssertEqual(e?.key, key, extra)
            XCTAssertEqual(e?.line, 9, extra)
            XCTAssertTrue(e?.file?.hasSuffix("exp.yaml") ?? false)
        }
        var e = refusal(csv, yaml: Self.experimentText.replacingOccurrences(of: "points: design.csv\n", with: ""))
        XCTAssertEqual(e?.key, "points")
        XCTAssertTrue(e?.allowed?.contains("CSV") ?? false)
        e = refusal(csv, yaml: Self.experimentText.replacingOccurrences(of: "design: file", with: "design: lhs\nsamples: 4\nvary: {bureaucracy.friction: {min: 0, max: 1}}"))
        XCTAssertEqual(e?.key, "points")
        XCTAssertTrue(e?.message.contains("file design") ?? false)
        e = refusal(csv, yaml: Self.experimentText.replacingOccurrences(of: "design.csv", with: "."))
        XCTAssertTrue(e?.message.contains("folder") ?? false, "\(String(describing: e))")
    }

    func testAMillionPointsIsTheCap() throws {
        // One point more than the cap is refused with the cap stated (no crash, no sweep of it).
        var text = "bureaucracy.friction\n"
        text.reserveCapacity(4 * (DesignFile.maxPoints + 2))
        for _ in 0...DesignFile.maxPoints { text += "0.5\n" }
        XCTAssertThrowsError(try DesignFile.parse(text, file: "big.csv")) { err in
            let e = err as? BuurtError
            XCTAssertEqual(e?.kind, .input)
            XCTAssertEqual(e?.line, DesignFile.maxPoints + 2)
            XCTAssertTrue(e?.message.contains("more than 1000000 design points") ?? false, "\(String(describing: e))")
        }
        // Exactly the cap parses.
        text.removeLast(4)
        XCTAssertEqual(try DesignFile.parse(text, file: "big.csv").points.count, DesignFile.maxPoints)
    }

    // MARK: A file design as a sweep

    func testSweepThreadsShardsMergeAndAnalysis() throws {
        let csv = """
            bureaucracy.friction,funding.mode,funding.use_it_or_lose_it
            0.1,competitive,true
            0.9,collaborative,false
            0.5,competitive,false
            """
        let e = try experiment(csv: csv)
        func sweep(_ out: String, threads: Int, shard: Sweep.Shard? = nil) throws {
            let s = Sweep(experiment: e, out: dir + "/" + out, threads: threads, shard: shard)
            s.quiet = true
            try s.run(fresh: false)
        }
        try sweep("one", threads: 1)
        try sweep("two", threads: 2)
        try sweep("s0", threads: 1, shard: .init(index: 0, count: 2))
        try sweep("s1", threads: 2, shard: .init(index: 1, count: 2))
        _ = try Merge.merge([dir + "/s0", dir + "/s1"], into: dir + "/merged")
        let one = try String(contentsOfFile: dir + "/one/runs.csv", encoding: .utf8)
        for other in ["two", "merged"] {
            for f in ["runs.csv", "timeseries.csv"] {
                XCTAssertEqual(try String(contentsOfFile: dir + "/\(other)/\(f)", encoding: .utf8),
                               try String(contentsOfFile: dir + "/one/\(f)", encoding: .utf8), "\(other)/\(f)")
            }
        }
        let rows = one.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        XCTAssertEqual(Array(rows[0][4..<7]), ["bureaucracy.friction", "funding.mode", "funding.use_it_or_lose_it"])
        XCTAssertEqual(rows.count, 7)
        XCTAssertEqual(Array(rows[3][1..<7]), ["1", "0", rows[3][3], "0.9", "collaborative", "false"])
        // Resuming a finished sweep runs nothing; analysis reads the design back from the file.
        try sweep("one", threads: 2)
        let info = try Sweep.readProvenance(dir: dir + "/one")
        XCTAssertEqual(info["design"] as? String, "file")
        XCTAssertEqual(info["design_points"] as? Int, 3)
        let result = try Analysis.analyze(dir: dir + "/one")
        XCTAssertEqual(result.points, 3)
        XCTAssertFalse(result.sensitivity)
        // A changed design file is caught by the analysis (the runs are of another design).
        try "bureaucracy.friction,funding.mode,funding.use_it_or_lose_it\n0.2,competitive,true\n0.9,collaborative,false\n0.5,competitive,false\n"
            .write(toFile: dir + "/design.csv", atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try Analysis.analyze(dir: dir + "/one")) { err in
            XCTAssertTrue((err as? BuurtError)?.message.contains("changed") ?? false, "\(err)")
        }
    }
}
