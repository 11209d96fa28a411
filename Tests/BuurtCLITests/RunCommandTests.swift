import XCTest
import Foundation

final class RunCommandTests: XCTestCase {
    func testRunWritesTheThreeFilesAndSaysWhere() throws {
        let dir = CLI.tempDir("run")
        let r = try CLI.run(["run", "--ticks", "8", "--out", dir + "/out", "--set", "population.residents=2000"])
        XCTAssertEqual(r.code, 0, r.err)
        XCTAssertTrue(r.out.contains("Results in \(dir)/out/"), r.out)
        for f in ["timeseries.csv", "summary.csv", "run.json"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: dir + "/out/" + f), f)
        }
        let ts = try String(contentsOfFile: dir + "/out/timeseries.csv", encoding: .utf8)
        XCTAssertTrue(ts.hasPrefix("run_id,tick,active_initiatives,"))
        XCTAssertEqual(ts.split(separator: "\n").count, 1 + 9)
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir + "/out/run.json"))) as? [String: Any]
        XCTAssertEqual(json?["seed"] as? Int, 1)
        XCTAssertNotNil(json?["input_hash"])
        XCTAssertEqual(((json?["scenario"] as? [String: Any])?["levers"] as? [String: Any])?["population.residents"] as? Int, 2000)
    }

    func testSameSeedSameFilesAcrossThreadCounts() throws {
        let dir = CLI.tempDir("threads")
        for t in ["1", "2"] {
            let r = try CLI.run(["run", "--ticks", "15", "--seed", "5", "--threads", t, "--out", dir + "/t" + t,
                                 "--set", "population.residents=9000"])
            XCTAssertEqual(r.code, 0, r.err)
        }
        for f in ["timeseries.csv", "summary.csv"] {
            XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: dir + "/t1/" + f)),
                           try Data(contentsOf: URL(fileURLWithPath: dir + "/t2/" + f)), f)
        }
    }

    func testParamsFormats() throws {
        let table = try CLI.run(["params"])
        XCTAssertEqual(table.code, 0)
        XCTAssertTrue(table.out.contains("funding.grant_size"))
        let csv = try CLI.run(["params", "--format", "csv"])
        XCTAssertTrue(csv.out.hasPrefix("name,default,range,unit,description,label\n"))
        XCTAssertTrue(csv.out.contains(",Bureaucratic friction\n"), csv.out)
        XCTAssertTrue(try CLI.run(["params", "--metrics", "--format", "csv"]).out.contains(",Self-sustaining initiatives\n"))
        let md = try CLI.run(["params", "--format", "markdown"])
        XCTAssertTrue(md.out.contains("| `") || md.out.contains("| funding.grant_size | 10000 |"), md.out)
        let metrics = try CLI.run(["params", "--metrics"])
        XCTAssertTrue(metrics.out.contains("bridging_tie_share"))
        XCTAssertEqual(try CLI.run(["params", "--format", "xml"]).code, 2)
    }

    func testCheckAcceptsEveryShippedScenario() throws {
        for f in try FileManager.default.contentsOfDirectory(atPath: CLI.repoRoot + "/Models") where f.hasSuffix(".yaml") {
            let r = try CLI.run(["check", "Models/" + f])
            XCTAssertEqual(r.code, 0, f + r.err)
            XCTAssertTrue(r.out.hasPrefix("OK"), f)
        }
    }

    func testInterruptLeavesEarlierResultsUntouched() throws {
        let dir = CLI.tempDir("interrupt")
        let first = try CLI.run(["run", "--ticks", "3", "--out", dir + "/out", "--set", "population.residents=1000"])
        XCTAssertEqual(first.code, 0, first.err)
        let before = try Data(contentsOf: URL(fileURLWithPath: dir + "/out/timeseries.csv"))
        let r = try CLI.run(["run", "--ticks", "100000", "--out", dir + "/out", "--set", "population.residents=50000"],
                            signalAfter: 2.0)
        XCTAssertEqual(r.code, 130, r.err)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: dir + "/out/timeseries.csv")), before)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir).sorted(), ["out"], "no staging left")
    }
}

final class DocsTests: XCTestCase {
    /// docs/DATA.md is generated from the registries and must be kept up to date.
    func testDataDictionaryIsUpToDate() throws {
        let r = try CLI.run(["params", "--format", "data-dictionary"])
        XCTAssertEqual(r.code, 0)
        let file = try String(contentsOfFile: CLI.repoRoot + "/docs/DATA.md", encoding: .utf8)
        XCTAssertEqual(r.out, file, "regenerate: buurt params --format data-dictionary > docs/DATA.md")
    }

    /// Every lever of the registry is in the ODD's parameter table with the same default.
    func testODDParameterTableMatchesTheRegistry() throws {
        let odd = try String(contentsOfFile: CLI.repoRoot + "/docs/ODD.md", encoding: .utf8)
        let table = try CLI.run(["params", "--format", "csv"]).out.split(separator: "\n").dropFirst()
        for line in table {
            let f = line.split(separator: ",", maxSplits: 2).map(String.init)
            let row = odd.split(separator: "\n").first { $0.hasPrefix("| `\(f[0])` |") }
            XCTAssertNotNil(row, "\(f[0]) is not in docs/ODD.md's parameter table")
            guard let row else { continue }
            let cells = row.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            XCTAssertEqual(cells[1], f[1], "default of \(f[0]) in docs/ODD.md")
        }
    }

    /// The README's lever table is `buurt params --format markdown`.
    func testReadmeLeverTableIsCurrent() throws {
        let readme = try String(contentsOfFile: CLI.repoRoot + "/README.md", encoding: .utf8)
        let md = try CLI.run(["params", "--format", "markdown"]).out
        XCTAssertTrue(readme.contains(md), "README's lever table differs from buurt params --format markdown")
    }
}
