import XCTest
import Foundation

/// `buurt plot` and `buurt report` with the real executable: charts and a report from a small
/// sweep, and wrong names refused with exit 2 and the list of the names that exist.
final class PlotTests: XCTestCase {
    static let dir = CLI.tempDir("plot")
    static var sweep: String { dir + "/sweep" }

    override class func setUp() {
        super.setUp()
        let file = dir + "/plot.yaml"
        XCTAssertTrue(FileManager.default.createFile(atPath: file, contents: Data("""
            name: plot-test
            question: "A small grid for the chart commands"
            set: {population.residents: 600, population.intermediaries: 4, population.civil_servants: 4}
            vary:
              bureaucracy.friction: [0, 1]
              funding.core_share: [0, 0.5]
            design: grid
            replicates: 2
            seed: 11
            ticks: 40
            initiatives: true
            timeseries: {metrics: [active_initiatives, live_initiatives], every: 5}
            """.utf8)))
        let r = try? CLI.run(["sweep", file, "--out", sweep, "--quiet"])
        XCTAssertEqual(r?.code, 0, r?.err ?? "no result")
    }

    func expect(_ args: [String], code: Int32 = 2, contains parts: [String], file: StaticString = #filePath,
                line: UInt = #line) throws {
        let r = try CLI.run(args)
        XCTAssertEqual(r.code, code, "stderr: \(r.err)", file: file, line: line)
        for p in parts { XCTAssertTrue(r.err.contains(p), "'\(p)' not in: \(r.err)", file: file, line: line) }
    }

    func testEveryChartKindAndTheReport() throws {
        let d = PlotTests.sweep
        let runs: [([String], String)] = [
            (["plot", "timeseries", d, "--metric", "live_initiatives"], "plots/timeseries-live_initiatives-by-bureaucracy.friction-funding.core_share.svg"),
            (["plot", "response", d, "--metric", "live_initiatives_mean", "--lever", "funding.core_share"],
             "plots/response-live_initiatives_mean-funding.core_share-by-bureaucracy.friction.svg"),
            (["plot", "heatmap", d, "--metric", "stranded_total", "--lever", "funding.core_share", "--lever", "bureaucracy.friction"],
             "plots/heatmap-stranded_total_final-funding.core_share-bureaucracy.friction.svg"),
            (["plot", "survival", d, "--by", "funding.core_share"], "plots/survival-by-funding.core_share.svg"),
        ]
        for (args, file) in runs {
            let r = try CLI.run(args)
            XCTAssertEqual(r.code, 0, r.err)
            XCTAssertTrue(r.out.contains(d + "/" + file), r.out)
            let svg = try String(contentsOfFile: d + "/" + file, encoding: .utf8)
            XCTAssertTrue(svg.hasPrefix("<?xml") && svg.hasSuffix("</svg>\n"))
        }
        let custom = PlotTests.dir + "/elsewhere/chart.svg"
        XCTAssertEqual(try CLI.run(["plot", "survival", d, "--out", custom]).code, 0)
        XCTAssertTrue(FileManager.default.fileExists(atPath: custom))

        let rep = try CLI.run(["report", d])
        XCTAssertEqual(rep.code, 0, rep.err)
        XCTAssertTrue(rep.out.contains("Analysed the sweep first"), "points.csv was missing: \(rep.out)")
        let html = try String(contentsOfFile: d + "/report.html", encoding: .utf8)
        XCTAssertTrue(html.hasPrefix("<!DOCTYPE html>"))
        XCTAssertFalse(html.contains("http://") || html.contains("https://"))
        XCTAssertTrue(html.contains("A small grid for the chart commands"))
    }

    func testAnExperimentWithoutVariedLeversGetsNoResponseOrHeatmapButNoCrash() throws {
        let dir = CLI.tempDir("plot-novary"), file = dir + "/e.yaml"
        XCTAssertTrue(FileManager.default.createFile(atPath: file, contents: Data("""
            name: e
            set: {population.residents: 200}
            seed: 3
            ticks: 26
            vary: {}
            design: grid
            replicates: 2
            """.utf8)))
        XCTAssertEqual(try CLI.run(["sweep", file, "--out", dir + "/out", "--quiet"]).code, 0)
        try expect(["plot", "response", dir + "/out", "--metric", "active_initiatives"], contains: ["varies none"])
        try expect(["plot", "heatmap", dir + "/out", "--metric", "active_initiatives"], contains: ["varies none"])
    }

    func testWrongNamesGiveExit2AndTheValidNames() throws {
        let d = PlotTests.sweep
        try expect(["plot", "response", d, "--metric", "self_sustaining"],
                   contains: ["'self_sustaining'", "unknown outcome", "self_sustaining_initiatives", "mean_trust_institutions"])
        try expect(["plot", "response", d, "--metric", "live_initiatives", "--lever", "bureaucracy.fricton"],
                   contains: ["did you mean 'bureaucracy.friction'", "allowed: bureaucracy.friction, funding.core_share"])
        try expect(["plot", "heatmap", d, "--metric", "live_initiatives", "--lever", "funding.grant_size"],
                   contains: ["'funding.grant_size'", "does not vary", "bureaucracy.friction, funding.core_share"])
        try expect(["plot", "timeseries", d, "--metric", "volunteers"],
                   contains: ["'volunteers'", "not in this experiment's timeseries.csv", "allowed: active_initiatives, live_initiatives"])
        try expect(["plot", "timeseries", d, "--metric", "live_initiatives", "--by", "nope"],
                   contains: ["'nope'", "bureaucracy.friction, funding.core_share"])
        try expect(["plot", "sobol", d, "--metric", "live_initiatives"], contains: ["saltelli"])
        try expect(["plot", "survival", PlotTests.dir + "/no-such-folder"], contains: ["no such folder"])
        try expect(["plot", "response", d], contains: ["--metric"])
        try expect(["plot", "pie", d], contains: ["pie"])
        try expect(["report", d, "--metric", "trust"], contains: ["'trust'", "mean_trust_institutions"])
    }
}
