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

    func testNotUTF8IsRefusedNamingTheFile() throws {
        try Self.experimentText.write(toFile: dir + "/exp.yaml", atomically: true, encoding: .utf8)
        // Latin-1 'é' (0xE9) as a spreadsheet might save it.
        try Data("bureaucracy.friction\n0.5\n".utf8 + [0x30, 0xE9, 0x0A]).write(to: URL(fileURLWithPath: dir + "/design.csv"))
        XCTAssertThrowsError(try ExperimentFile.load(path: dir + "/exp.yaml")) { err in
            let e = err as? BuurtError
            XCTAssertEqual(e?.kind, .input)
            XCTAssertEqual(e?.exitCode, 2)
            XCTAssertTrue(e?.message.contains("not UTF-8") ?? false, "\(err)")
            XCTAssertTrue(e?.file?.hasSuffix("/design.csv") ?? false, "\(err)")
            XCTAssertTrue(e?.description.contains("design.csv") ?? false, "\(err)")
        }
    }

    func testAFileOverTheSizeLimitIsRefusedUnread() throws {
        try Self.experimentText.write(toFile: dir + "/exp.yaml", atomically: true, encoding: .utf8)
        // A sparse file one byte over the limit: refused on its size, before a byte is read.
        let path = dir + "/design.csv"
        XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: Data("bureaucracy.friction\n".utf8)))
        let h = try XCTUnwrap(FileHandle(forWritingAtPath: path))
        try h.truncate(atOffset: UInt64(DesignFile.maxBytes + 1))
        try h.close()
        XCTAssertThrowsError(try ExperimentFile.load(path: dir + "/exp.yaml")) { err in
            let e = err as? BuurtError
            XCTAssertEqual(e?.kind, .input)
            XCTAssertEqual(e?.exitCode, 2)
            XCTAssertTrue(e?.message.contains("\(DesignFile.maxBytes + 1) bytes") ?? false, "\(err)")
            XCTAssertTrue(e?.file?.hasSuffix("/design.csv") ?? false, "\(err)")
            XCTAssertTrue(e?.allowed?.contains("256 MiB") ?? false, "\(err)")
        }
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
        // The merged folder carries the design file's copy, so it is analysed on its own.
        XCTAssertEqual(FileManager.default.contents(atPath: dir + "/merged/" + DesignFile.copyName), Data(csv.utf8))
        XCTAssertEqual(try Analysis.analyze(dir: dir + "/merged").points, 3)
        // Resuming a finished sweep runs nothing: no run is redone, no journal is opened, and not a
        // byte of its files changes.
        let files = ["runs.csv", "timeseries.csv", "experiment.json", DesignFile.copyName]
        let before = files.map { FileManager.default.contents(atPath: dir + "/one/" + $0) }
        let s = Sweep(experiment: e, out: dir + "/one", threads: 2, shard: nil)
        s.quiet = true
        let outcome = try s.run(fresh: false)
        XCTAssertEqual(outcome.ran, 0)
        XCTAssertEqual(outcome.kept, 6)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/one/.buurt-sweep"), "a journal was opened")
        for (k, f) in files.enumerated() {
            XCTAssertNotNil(before[k], f)
            XCTAssertEqual(FileManager.default.contents(atPath: dir + "/one/" + f), before[k], "\(f) changed")
        }
        let info = try Sweep.readProvenance(dir: dir + "/one")
        XCTAssertEqual(info["design"] as? String, "file")
        XCTAssertEqual(info["design_points"] as? Int, 3)
        let record = info["design_file"] as? [String: Any]
        XCTAssertEqual(record?["copy"] as? String, DesignFile.copyName)
        XCTAssertEqual(record?["path"] as? String, dir + "/design.csv")
        XCTAssertEqual(FileDigest(json: record?["digest"]), try FileDigest.of(path: dir + "/design.csv"))
        let result = try Analysis.analyze(dir: dir + "/one")
        XCTAssertEqual(result.points, 3)
        XCTAssertFalse(result.sensitivity)
        // A changed design file: resuming into the same folder is refused (its runs are of another
        // design), and the analysis reads the sweep's own copy, not the changed file.
        let changed = "bureaucracy.friction,funding.mode,funding.use_it_or_lose_it\n0.2,competitive,true\n0.9,collaborative,false\n0.5,competitive,false\n"
        let e2 = try experiment(csv: changed)
        XCTAssertThrowsError(try Sweep(experiment: e2, out: dir + "/one", threads: 1, shard: nil).run(fresh: false)) { err in
            XCTAssertEqual((err as? BuurtError)?.exitCode, 2)
            XCTAssertTrue((err as? BuurtError)?.message.contains("different experiment") ?? false, "\(err)")
        }
        for (k, f) in files.enumerated() {
            XCTAssertEqual(FileManager.default.contents(atPath: dir + "/one/" + f), before[k], "\(f) changed by a refused sweep")
        }
        XCTAssertEqual(try Analysis.analyze(dir: dir + "/one").points, 3)
        // The friction column of points.csv holds the sweep's own design's values, not the changed
        // file's 0.2 (read by column: a metric's mean may be 0.2 as well).
        let points = try String(contentsOfFile: dir + "/one/points.csv", encoding: .utf8)
            .split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let frictionColumn = try XCTUnwrap(points.first?.firstIndex(of: "bureaucracy.friction"))
        XCTAssertEqual(Set(points.dropFirst().map { $0[frictionColumn] }), ["0.1", "0.9", "0.5"])
        // An edited copy is caught.
        try changed.write(toFile: dir + "/one/" + DesignFile.copyName, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try Analysis.analyze(dir: dir + "/one")) { err in
            let e = err as? BuurtError
            XCTAssertEqual(e?.exitCode, 2)
            XCTAssertTrue(e?.message.contains("changed") ?? false, "\(err)")
            XCTAssertTrue(e?.file?.hasSuffix("/one/" + DesignFile.copyName) ?? false, "\(err)")
        }
    }

    /// A result folder needs nothing outside itself: the experiment, its scenario file and its design
    /// file gone and the folder moved, it is still analysed (from its copy and its provenance).
    func testResultFolderIsSelfContained() throws {
        let study = dir + "/study"
        try FileManager.default.createDirectory(atPath: study, withIntermediateDirectories: true)
        let csv = "bureaucracy.friction,funding.mode\n0.1,competitive\n0.9,collaborative\n"
        try csv.write(toFile: study + "/points.csv", atomically: true, encoding: .utf8)
        try "name: small\npopulation: {residents: 300, intermediaries: 3, civil_servants: 3}\n"
            .write(toFile: study + "/small.yaml", atomically: true, encoding: .utf8)
        let yaml = Self.experimentText.replacingOccurrences(of: "points: design.csv", with: "points: points.csv")
            .replacingOccurrences(of: "set: {population.residents: 400, population.intermediaries: 4, population.civil_servants: 4}",
                                  with: "scenario: small.yaml")
        try yaml.write(toFile: study + "/exp.yaml", atomically: true, encoding: .utf8)
        let e = try ExperimentFile.load(path: study + "/exp.yaml")
        XCTAssertEqual(e.base.values.int(.residents), 300)
        let s = Sweep(experiment: e, out: dir + "/out", threads: 2, shard: nil)
        s.quiet = true
        try s.run(fresh: false)
        XCTAssertEqual(FileManager.default.contents(atPath: dir + "/out/" + DesignFile.copyName), Data(csv.utf8))
        try FileManager.default.removeItem(atPath: study)
        try FileManager.default.moveItem(atPath: dir + "/out", toPath: dir + "/moved")
        let result = try Analysis.analyze(dir: dir + "/moved")
        XCTAssertEqual(result.points, 2)
        let points = try String(contentsOfFile: dir + "/moved/points.csv", encoding: .utf8)
        XCTAssertTrue(points.hasPrefix("point_id,bureaucracy.friction,funding.mode,outcome,"), points)
        XCTAssertTrue(points.contains("\n1,0.9,collaborative,"), points)
        // Without its copy the folder is refused, naming the missing file.
        try FileManager.default.removeItem(atPath: dir + "/moved/" + DesignFile.copyName)
        XCTAssertThrowsError(try Analysis.analyze(dir: dir + "/moved")) { err in
            let e = err as? BuurtError
            XCTAssertEqual(e?.exitCode, 2)
            XCTAssertTrue(e?.message.contains("missing") ?? false, "\(err)")
            XCTAssertTrue(e?.file?.hasSuffix("/moved/" + DesignFile.copyName) ?? false, "\(err)")
        }
    }
}
