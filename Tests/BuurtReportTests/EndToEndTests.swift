import XCTest
import Foundation
import BuurtCore
import BuurtExperiments
import BuurtModel
@testable import BuurtReport

/// Every chart kind and the report, from two small real experiments run in-process: a grid over
/// two levers with 3 replicates and a small Saltelli design, both keeping every metric per tick
/// and every initiative.
final class EndToEndTests: XCTestCase {
    static let root = NSTemporaryDirectory() + "buurt-report-tests-\(getpid())"
    static var grid: String { root + "/grid" }
    static var saltelli: String { root + "/saltelli" }
    static var crn: String { root + "/crn" }

    /// A grid under common random numbers: replicate r runs on one seed at both points.
    static let crnText = """
        name: report-crn
        set: {population.residents: 600, population.intermediaries: 4, population.civil_servants: 4}
        vary:
          bureaucracy.friction: [0, 1]
          funding.core_share: [0, 0.5]
        design: grid
        replicates: 3
        seed: 4
        ticks: 30
        common_random_numbers: true
        timeseries: {metrics: [active_initiatives], every: 5}
        initiatives: true
        """
    static var morris: String { root + "/morris" }

    static let morrisText = """
        name: report-morris
        set: {population.residents: 800, population.intermediaries: 6, population.civil_servants: 6}
        vary:
          bureaucracy.friction: {min: 0, max: 1}
          funding.core_share: {min: 0, max: 0.8}
          funding.mode: [competitive, collaborative]
        design: morris
        samples: 8
        levels: 4
        replicates: 2
        seed: 8
        ticks: 40
        """

    static let gridText = """
        name: report-grid
        question: "How do friction and core funding shape lasting initiatives?"
        set: {population.residents: 800, population.intermediaries: 6, population.civil_servants: 6}
        vary:
          bureaucracy.friction: [0, 0.5, 1]
          funding.core_share: [0, 0.5]
        design: grid
        replicates: 3
        seed: 3
        ticks: 80
        initiatives: true
        timeseries: all
        """

    static let saltelliText = """
        name: report-saltelli
        question: "Which of three levers matters most?"
        set: {population.residents: 800, population.intermediaries: 6, population.civil_servants: 6}
        vary:
          bureaucracy.friction: {min: 0, max: 1}
          funding.grant_size: {min: 1000, max: 50000, log: true}
          funding.mode: [competitive, collaborative]
        design: saltelli
        samples: 8
        replicates: 2
        seed: 5
        ticks: 40
        initiatives: true
        timeseries: {metrics: [active_initiatives, mean_trust_institutions], every: 4}
        """

    override class func setUp() {
        super.setUp()
        try? FileManager.default.removeItem(atPath: root)
        try? FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        do {
            for (text, dir) in [(gridText, grid), (saltelliText, saltelli), (morrisText, morris), (crnText, crn)] {
                let e = try ExperimentFile.parse(text, path: root + "/exp.yaml")
                try Sweep(experiment: e, out: dir, threads: 2, shard: nil).run(fresh: true)
                _ = try Analysis.analyze(dir: dir)
            }
        } catch {
            XCTFail("could not run the test experiments: \(error)")
        }
    }

    override class func tearDown() {
        try? FileManager.default.removeItem(atPath: root)
        super.tearDown()
    }

    func results(_ dir: String) throws -> ExperimentResults { try ExperimentResults(dir: dir) }

    /// Writes the chart as a file, reads it back and checks it structurally.
    func inspect(_ chart: Chart, name: String, file: StaticString = #filePath, line: UInt = #line) throws -> SVGInspector {
        let path = EndToEndTests.root + "/charts/" + name
        try Plots.write(chart, to: path)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let doc = SVGInspector(text)
        XCTAssertTrue(doc.wellFormed, "\(name): \(doc.error ?? "")", file: file, line: line)
        XCTAssertEqual(doc.elements.first?.name, "svg", file: file, line: line)
        doc.checkFiniteCoordinates(file: file, line: line)
        XCTAssertLessThanOrEqual(doc.count(class: "subtitle"), 2, "\(name): a subtitle of two lines at most", file: file, line: line)
        // No tick label runs past the figure's edges (about 0.6 em a character).
        let width = Double(doc.elements.first?.attrs["width"] ?? "") ?? 0
        for e in doc.elements where e.attrs["class"] == "tick" && e.attrs["transform"] == nil {
            guard let x = Double(e.attrs["x"] ?? ""), width > 0 else { continue }
            let anchor = e.attrs["text-anchor"] ?? "start"
            XCTAssertTrue(x >= 0 && x <= width, "\(name): tick at \(x) inside 0...\(width) (\(anchor))", file: file, line: line)
        }
        return doc
    }

    func testTimeSeries() throws {
        let r = try results(EndToEndTests.grid)
        let (chart, name) = try Plots.timeseries(r, metric: "active_initiatives")
        let doc = try inspect(chart, name: name)
        XCTAssertEqual(doc.count(class: "series"), 6, "one line per design point (3 x 2)")
        XCTAssertEqual(doc.count(class: "line"), 6)
        XCTAssertGreaterThanOrEqual(doc.count(class: "band"), 6, "a 95% band per line (3 replicates)")
        XCTAssertTrue(doc.hasText(containing: "time (weeks)"))
        XCTAssertTrue(doc.hasText(containing: "Initiatives on a grant (initiatives)"))
        XCTAssertTrue(doc.hasText(containing: "Bureaucratic friction, Core-funding share of a grant"), "legend title")
        XCTAssertTrue(doc.hasText(containing: "3 runs per line"))
        let by = try inspect(Plots.timeseries(r, metric: "mean_trust_institutions", by: ["bureaucracy.friction"]).chart, name: "ts-by.svg")
        XCTAssertEqual(by.count(class: "series"), 3)
        XCTAssertTrue(by.hasText(containing: "Trust in institutions (trust (0-1))"))
        XCTAssertTrue(by.hasText(containing: "core-funding share"), "a plain label, not the dotted name")
        XCTAssertFalse(by.hasText(containing: "funding.core_share"))
        // Sampling design: the first lever in 4 ranges.
        let s = try inspect(Plots.timeseries(try results(EndToEndTests.saltelli), metric: "active_initiatives").chart, name: "ts-s.svg")
        XCTAssertEqual(s.count(class: "series"), 4)
    }

    func testTimeSeriesMeansEqualAHandAggregation() throws {
        let r = try results(EndToEndTests.grid)
        let chart = try Plots.timeseries(r, metric: "volunteers", by: ["funding.core_share"]).chart
        let ts = try CSVTable(path: EndToEndTests.grid + "/timeseries.csv")
        let id = ts.column("run_id")!, tick = ts.column("tick")!, v = ts.column("volunteers")!
        let group = RunGroups(r, levers: [1])
        let rowOf = r.rowIndexByRunID()
        let at40 = ts.rows.filter { Int($0[tick]) == 40 && group.groupOfRun[rowOf[Int($0[id])!]!] == 1 }.map { Double($0[v])! }
        XCTAssertEqual(at40.count, 9)
        let point = chart.series[1].points.first { $0.x == 40 }!
        XCTAssertEqual(point.y, Statistics.mean(at40), accuracy: 1e-9)
        let ci = Statistics.meanInterval(at40)
        XCTAssertEqual(point.high, ci.high, accuracy: 1e-9)
    }

    func testResponseCurves() throws {
        let r = try results(EndToEndTests.grid)
        let (chart, name) = try Plots.response(r, outcome: "self_sustaining_initiatives", lever: "bureaucracy.friction")
        let doc = try inspect(chart, name: name)
        XCTAssertEqual(doc.count(class: "series"), 2, "one line per core_share value")
        XCTAssertEqual(doc.count(class: "marker"), 6)
        XCTAssertTrue(doc.hasText(containing: "Bureaucratic friction (index)"))
        XCTAssertTrue(doc.hasText(containing: "Self-sustaining initiatives, final value (initiatives)"))
        XCTAssertTrue(doc.hasText(containing: "Self-sustaining initiatives, final value against bureaucratic friction"), "title in words")
        // The mean at each point equals points.csv.
        let points = try CSVTable(path: EndToEndTests.grid + "/points.csv")
        let o = points.column("outcome")!, m = points.column("mean")!, f = points.column("bureaucracy.friction")!, c = points.column("funding.core_share")!
        let row = points.rows.first { $0[o] == "self_sustaining_initiatives_final" && $0[f] == "0.5" && $0[c] == "0.5" }!
        XCTAssertEqual(chart.series[1].points[1].y, Double(row[m])!, accuracy: 1e-5)

        let s = try results(EndToEndTests.saltelli)
        let log = try inspect(Plots.response(s, outcome: "funded_initiatives_mean", lever: "funding.grant_size").chart, name: "resp-log.svg")
        XCTAssertEqual(log.count(class: "series"), 1, "sampling designs pool the other levers")
        XCTAssertTrue(log.hasText(containing: "Grant size (euro), log scale"))
        XCTAssertTrue(log.hasText(containing: "mean over the run"))
        let cat = try inspect(Plots.response(s, outcome: "funded_initiatives", lever: "funding.mode").chart, name: "resp-cat.svg")
        XCTAssertTrue(cat.hasText(containing: "collaborative"))
        XCTAssertEqual(cat.count(class: "marker"), 2)
    }

    func testHeatmap() throws {
        let r = try results(EndToEndTests.grid)
        let (chart, name) = try Plots.heatmap(r, outcome: "live_initiatives", levers: ["funding.core_share", "bureaucracy.friction"])
        let doc = try inspect(chart, name: name)
        XCTAssertEqual(doc.count(class: "cell"), 6)
        XCTAssertTrue(doc.hasText(containing: "Core-funding share of a grant (share)"))
        XCTAssertTrue(doc.hasText(containing: "Bureaucratic friction (index)"))
        XCTAssertTrue(doc.hasText(containing: "Live initiatives, final value (initiatives)"), "colour bar label")
        let s = try inspect(Plots.heatmap(try results(EndToEndTests.saltelli), outcome: "funded_initiatives").chart, name: "heat-s.svg")
        XCTAssertEqual(s.count(class: "cell"), 36, "two sampled levers in 6 ranges each")
    }

    func testSobol() throws {
        let s = try results(EndToEndTests.saltelli)
        let (chart, name) = try Plots.sobol(s, outcome: "funded_initiatives")
        let doc = try inspect(chart, name: name)
        XCTAssertEqual(doc.count(class: "series"), 2, "S1 and ST")
        XCTAssertEqual(doc.count(class: "bar") + chart.series.flatMap(\.values).filter { !$0.isFinite }.count, 6)
        for lever in ["Bureaucratic friction", "Grant size", "Funding mode"] { XCTAssertTrue(doc.hasText(containing: lever)) }
        XCTAssertTrue(doc.hasText(containing: "Sobol index (share of the variance)"))
        XCTAssertTrue(doc.hasText(containing: "Sobol indices of funded initiatives (total), final value"))
        XCTAssertTrue(doc.hasText(containing: "sum of S1"))
        // Two replicates: the noise floor is drawn as a dashed line and in the legend.
        XCTAssertEqual(doc.count(class: "reference"), 1, "the noise floor line")
        XCTAssertTrue(doc.hasText(containing: "noise floor"))
        XCTAssertThrowsError(try Plots.sobol(try results(EndToEndTests.grid), outcome: "funded_initiatives")) { e in
            XCTAssertEqual((e as? BuurtError)?.allowed, "saltelli")
        }
    }

    func testMorrisChart() throws {
        let m = try results(EndToEndTests.morris)
        let (chart, name) = try Plots.morris(m, outcome: "live_initiatives_lastyear")
        XCTAssertEqual(name, "morris-live_initiatives_lastyear.svg")
        let doc = try inspect(chart, name: name)
        XCTAssertEqual(doc.count(class: "series"), 3, "one marker per lever")
        XCTAssertEqual(doc.count(class: "marker"), 3)
        XCTAssertEqual(doc.count(class: "point-label"), 3)
        XCTAssertGreaterThanOrEqual(doc.count(class: "errorbar"), 2, "bootstrap intervals of mu*")
        XCTAssertTrue(doc.hasText(containing: "mu*: mean absolute effect"))
        XCTAssertTrue(doc.hasText(containing: "sigma"))
        XCTAssertTrue(doc.hasText(containing: "Funding mode"))
        XCTAssertTrue(doc.hasText(containing: "the change of a switch"))
        XCTAssertTrue(doc.hasText(containing: "noise alone would give"), "two replicates: the noise level is said")
        let t = try CSVTable(path: EndToEndTests.morris + "/sensitivity.csv")
        let noise = try t.requireColumn("mu_star_noise"), clears = try t.requireColumn("mu_star_clears_noise")
        XCTAssertTrue(t.rows.contains { Double($0[noise]).map { $0 > 0 } ?? false }, "a noise level where the outcome varies")
        XCTAssertTrue(t.rows.allSatisfy { ["true", "false", ""].contains($0[clears]) })
        XCTAssertEqual(Array(t.header.prefix(5)), ["lever", "outcome", "mu_star", "mu_star_low", "mu_star_high"])
        XCTAssertThrowsError(try Plots.morris(try results(EndToEndTests.grid), outcome: "live_initiatives")) { e in
            XCTAssertEqual((e as? BuurtError)?.allowed, "morris")
        }
        let report = try HTMLReport.write(dir: EndToEndTests.morris, to: EndToEndTests.root + "/morris.html")
        let html = try String(contentsOfFile: report.path, encoding: .utf8)
        XCTAssertTrue(SVGInspector(html).wellFormed)
        XCTAssertTrue(html.contains("buurt plot morris DIR --metric self_sustaining_initiatives_lastyear"))
        XCTAssertTrue(html.contains("Means are over trajectories"))
    }

    func testTimeSeriesRunsAndEnvelope() throws {
        let r = try results(EndToEndTests.grid)
        let runs = try inspect(Plots.timeseries(r, metric: "volunteers", by: ["funding.core_share"], show: .runs).chart, name: "ts-runs.svg")
        XCTAssertEqual(runs.count(class: "run"), r.runCount, "a thin line per run")
        XCTAssertTrue(runs.hasText(containing: "thin lines: the runs"))
        let env = try inspect(Plots.timeseries(r, metric: "volunteers", by: ["funding.core_share"], show: .envelope).chart, name: "ts-env.svg")
        XCTAssertEqual(env.count(class: "envelope"), 2, "one envelope per line")
        XCTAssertEqual(env.count(class: "run"), 0)
    }

    func testSampledDesignsUseClusteredIntervals() throws {
        let s = try results(EndToEndTests.saltelli)
        let (chart, _) = try Plots.response(s, outcome: "live_initiatives_mean", lever: "bureaucracy.friction")
        let doc = try inspect(chart, name: "resp-clustered.svg")
        XCTAssertTrue(doc.hasText(containing: "base samples"), "the subtitle says the interval is over base samples")
        // Each point is the mean of its base samples' means, and the interval is over those.
        XCTAssertEqual(s.clusterOfRun?.count, s.runCount)
        let heat = try inspect(Plots.heatmap(s, outcome: "live_initiatives_mean").chart, name: "heat-clustered.svg")
        XCTAssertTrue(heat.hasText(containing: "base sample"))
        // Time series too: the band at a tick is a Student-t interval over the base samples' means.
        let ts = try Plots.timeseries(s, metric: "active_initiatives", by: []).chart
        let tsDoc = try inspect(ts, name: "ts-clustered.svg")
        XCTAssertTrue(tsDoc.hasText(containing: "base samples (each one's runs averaged first)"))
        let table = try CSVTable(path: EndToEndTests.saltelli + "/timeseries.csv")
        let (ic, tc, vc) = (try table.requireColumn("run_id"), try table.requireColumn("tick"), try table.requireColumn("active_initiatives"))
        let clusterOf = Dictionary(uniqueKeysWithValues: zip(s.runIDs, s.clusterOfRun!))
        let lastTick = table.rows.compactMap { Int($0[tc]) }.max()!
        var sums: [Int: (Double, Int)] = [:]
        for row in table.rows where Int(row[tc]) == lastTick {
            let c = clusterOf[Int(row[ic])!]!, e = sums[c] ?? (0, 0)
            sums[c] = (e.0 + Double(row[vc])!, e.1 + 1)
        }
        let byHand = Statistics.meanInterval(sums.keys.sorted().map { sums[$0]!.0 / Double(sums[$0]!.1) })
        let drawn = ts.series[0].points.last!
        XCTAssertEqual(drawn.y, byHand.mean, accuracy: 1e-9)
        XCTAssertEqual(drawn.high, byHand.high, accuracy: 1e-9, "the band is over base samples, not runs")
        XCTAssertGreaterThan(drawn.high - drawn.y, Statistics.meanInterval(table.rows.filter { Int($0[tc]) == lastTick }.map { Double($0[vc])! }).high - byHand.mean,
                             "wider than an interval that takes the runs as independent")
        let grid = try inspect(Plots.response(try results(EndToEndTests.grid), outcome: "live_initiatives", lever: "bureaucracy.friction").chart,
                               name: "resp-grid.svg")
        XCTAssertTrue(grid.hasText(containing: "mean over runs"), "a grid's replicates are independent runs")
    }

    func testCommonRandomNumbersMakeTheReplicateTheCluster() throws {
        let c = try results(EndToEndTests.crn)
        XCTAssertTrue(c.commonRandomNumbers)
        XCTAssertEqual(c.clusterOfRun, c.replicateOfRun, "under common random numbers the replicate is the unit")
        XCTAssertEqual(Set(c.replicateOfRun), [0, 1, 2])
        let (chart, _) = try Plots.response(c, outcome: "live_initiatives_mean", lever: "bureaucracy.friction")
        let doc = try inspect(chart, name: "resp-crn.svg")
        XCTAssertTrue(doc.hasText(containing: "mean over replicates"), "the subtitle names the unit")
        XCTAssertTrue(doc.hasText(containing: "common random numbers"), "and why")
        // At friction 0 the two core shares' runs of one replicate are averaged, and the interval
        // is over the three replicates' means.
        let values = try c.values(try c.outcome("live_initiatives_mean"))
        let f = try c.lever("bureaucracy.friction")
        var byReplicate: [Int: [Double]] = [:]
        for (row, v) in values.enumerated() where c.leverValues[row][f] == 0 { byReplicate[c.replicateOfRun[row], default: []].append(v) }
        let byHand = Statistics.meanInterval(byReplicate.keys.sorted().map { Statistics.mean(byReplicate[$0]!) })
        let drawn = chart.series[0].points[0]
        XCTAssertEqual(drawn.y, byHand.mean, accuracy: 1e-9)
        if byHand.high.isFinite { XCTAssertEqual(drawn.high, min(byHand.high, 1e300), accuracy: 1e-6) }
        XCTAssertTrue(try inspect(Plots.timeseries(c, metric: "active_initiatives").chart, name: "ts-crn.svg").hasText(containing: "common random numbers"))
        XCTAssertTrue(try inspect(Plots.survival(c).chart, name: "surv-crn.svg").hasText(containing: "standard error over replicates"))
    }

    func testOneRunPerCellOrLineIsSaid() throws {
        let (dir, file) = (EndToEndTests.root + "/one", EndToEndTests.root + "/one.yaml")
        try EndToEndTests.gridText.replacingOccurrences(of: "replicates: 3", with: "replicates: 1")
            .write(toFile: file, atomically: true, encoding: .utf8)
        try Sweep(experiment: try ExperimentFile.parse(String(contentsOfFile: file, encoding: .utf8), path: file),
                  out: dir, threads: 2, shard: nil).run(fresh: true)
        let r = try results(dir)
        let ts = try inspect(Plots.timeseries(r, metric: "active_initiatives").chart, name: "ts-one.svg")
        XCTAssertTrue(ts.hasText(containing: "1 run per line"))
        XCTAssertTrue(ts.hasText(containing: "no band where a line has one run"))
        let heat = try inspect(Plots.heatmap(r, outcome: "live_initiatives").chart, name: "heat-one.svg")
        XCTAssertTrue(heat.hasText(containing: "cannot be told"), "one run per cell: no judging against noise")
    }

    func testLegendValuesAreRounded() throws {
        let s = try results(EndToEndTests.saltelli)
        let chart = try Plots.timeseries(s, metric: "active_initiatives", by: ["funding.grant_size"]).chart
        for series in chart.series {
            XCTAssertFalse(series.label.contains(where: { $0 == "." }) && series.label.count > 20, series.label)
            for part in series.label.components(separatedBy: " – ") {
                let digits = part.filter(\.isNumber)
                XCTAssertLessThanOrEqual(digits.count, 6, "no long decimals in \(series.label)")
            }
        }
        XCTAssertEqual(Scale.readable(1930.697729), "1,931")
        XCTAssertEqual(Scale.readable(0.48765), "0.488")
    }

    func testSurvival() throws {
        let r = try results(EndToEndTests.grid)
        let (chart, name) = try Plots.survival(r)
        let doc = try inspect(chart, name: name)
        XCTAssertEqual(doc.count(class: "series"), 6)
        XCTAssertTrue(doc.hasText(containing: "age (weeks since the idea started)"))
        XCTAssertTrue(doc.hasText(containing: "share still running"))
        XCTAssertTrue(doc.hasText(containing: "standard error over runs"), "the band treats the run as the cluster")
        for s in chart.series {
            let ys = s.points.map(\.y)
            XCTAssertEqual(ys.first, 1)
            XCTAssertEqual(ys, ys.sorted(by: >), "a survival curve never rises")
        }
        let mix = try inspect(Plots.survival(r, by: ["funding.core_share"]).chart, name: "surv-mix.svg")
        XCTAssertEqual(mix.count(class: "series"), 2)
        XCTAssertTrue(mix.hasText(containing: "Core-funding share of a grant"))
        // The curves hold every initiative of initiatives.csv.
        let n = try CSVTable(path: EndToEndTests.grid + "/initiatives.csv").rows.count
        let counted = chart.series.compactMap { s in
            s.label.range(of: "(n=").flatMap { Int(s.label[$0.upperBound...].dropLast()) }
        }.reduce(0, +)
        XCTAssertEqual(counted, n)
    }

    /// points.csv intervals stay inside each outcome's range (a count's stops at 0, a share's at 0
    /// and 1), and the clipping is exercised: some interval here does reach its bound.
    func testPointsIntervalsStayInsideTheOutcomeRange() throws {
        var clipped = 0, checked = 0
        for dir in [EndToEndTests.grid, EndToEndTests.saltelli] {
            let t = try CSVTable(path: dir + "/points.csv")
            let (oc, mc, lc, hc) = (try t.requireColumn("outcome"), try t.requireColumn("mean"),
                                    try t.requireColumn("ci_low"), try t.requireColumn("ci_high"))
            for row in t.rows {
                guard let suffix = MetricRegistry.summarySuffixes.first(where: { row[oc].hasSuffix($0) }),
                      let i = Metric.registry.index(of: String(row[oc].dropLast(suffix.count))),
                      let low = Double(row[lc]), let high = Double(row[hc]), let mean = Double(row[mc]) else { continue }
                let spec = Metric.registry.specs[i]
                let bounds: ClosedRange<Double> = spec.range == "0 .. 1" ? 0...1
                    : (spec.isCount || spec.range == ">= 0" ? 0...Double.infinity : -Double.infinity...Double.infinity)
                checked += 1
                XCTAssertTrue(bounds.contains(low) && bounds.contains(high), "\(row[oc]): [\(low), \(high)] outside \(spec.range)")
                if low == bounds.lowerBound && mean > bounds.lowerBound { clipped += 1 }
            }
        }
        XCTAssertGreaterThan(checked, 100)
        XCTAssertGreaterThan(clipped, 0, "some interval was clipped at its bound")
    }

    /// An outcome with no variance says so in sensitivity.csv and on its chart, rather than reading
    /// as 'all zero'; the other first-order estimators are written beside S1 for comparison.
    func testConstantOutcomeIsSaidAndOtherEstimatorsAreWritten() throws {
        let t = try CSVTable(path: EndToEndTests.saltelli + "/sensitivity.csv")
        let (oc, nc, s1, jc, kc) = (try t.requireColumn("outcome"), try t.requireColumn("note"), try t.requireColumn("S1"),
                                    try t.requireColumn("S1_jansen"), try t.requireColumn("S1_janon"))
        let constant = t.rows.filter { $0[oc] == "consultation_share_underrepresented_final" }
        XCTAssertEqual(constant.count, 3, "one row per lever")
        for row in constant { XCTAssertEqual(row[nc], Analysis.constantNote); XCTAssertTrue(row[s1].isEmpty) }
        let varied = t.rows.filter { $0[oc] == "funded_initiatives_final" }
        XCTAssertEqual(varied.count, 3)
        for row in varied {
            XCTAssertNotEqual(row[nc], Analysis.constantNote)
            XCTAssertNotNil(Double(row[jc])); XCTAssertNotNil(Double(row[kc]))
        }
        let (chart, name) = try Plots.sobol(try results(EndToEndTests.saltelli), outcome: "consultation_share_underrepresented_final")
        let doc = try inspect(chart, name: name)
        XCTAssertTrue(doc.hasText(containing: "constant in this experiment"))
        XCTAssertEqual(doc.count(class: "bar"), 0)
    }

    /// The report's heatmap takes the two levers with the highest total index, not the first two
    /// listed: checked against sensitivity.csv for every outcome, some of which rank a later lever first.
    func testHeatmapPairIsTheTwoMostInfluentialLevers() throws {
        let r = try results(EndToEndTests.saltelli)
        let t = try CSVTable(path: EndToEndTests.saltelli + "/sensitivity.csv")
        let (lc, oc, stc) = (try t.requireColumn("lever"), try t.requireColumn("outcome"), try t.requireColumn("ST"))
        var byOutcome: [String: [(Int, Double)]] = [:]
        for row in t.rows { byOutcome[row[oc], default: []].append((try r.lever(row[lc]), Double(row[stc]) ?? -1)) }
        var notFirstTwo = 0
        for (outcome, scores) in byOutcome where scores.contains(where: { $0.1 >= 0 }) {
            let expected = scores.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }.prefix(2).map(\.0)
            XCTAssertEqual(try Plots.mostInfluential(r, outcome: outcome, count: 2), expected, outcome)
            if Set(expected) != [0, 1] { notFirstTwo += 1 }
        }
        XCTAssertGreaterThan(notFirstTwo, 0, "some outcome's pair is not the first two levers listed")
    }

    func testReportIsSelfContainedValidXHTML() throws {
        for dir in [EndToEndTests.grid, EndToEndTests.saltelli] {
            let out = EndToEndTests.root + "/" + (dir as NSString).lastPathComponent + ".html"
            let written = try HTMLReport.write(dir: dir, to: out)
            let html = try String(contentsOfFile: out, encoding: .utf8)
            XCTAssertTrue(html.hasPrefix("<!DOCTYPE html>"))
            let doc = SVGInspector(html)
            XCTAssertTrue(doc.wellFormed, doc.error ?? "")
            XCTAssertFalse(html.contains("http://") || html.contains("https://"), "no outside URLs at all")
            for e in doc.elements {
                XCTAssertNil(e.attrs["src"], "no loaded assets: \(e.name)")
                if let href = e.attrs["href"] { XCTAssertTrue(href.hasPrefix("#"), "in-page links only: \(href)") }
                XCTAssertFalse(["script", "link", "img", "iframe", "object"].contains(e.name), e.name)
            }
            XCTAssertEqual(doc.elements.filter { $0.name == "svg" }.count, written.charts)
            XCTAssertGreaterThan(written.charts, 8)
            let info = try Sweep.readProvenance(dir: dir)
            for needle in [info["question"] as! String, info["input_hash"] as! String, "Provenance", "Design", "Points",
                           "Data dictionary", "wall time", "self_sustaining_initiatives_lastyear", "Self-sustaining initiatives, last year mean", "initiatives.csv"] {
                XCTAssertTrue(html.contains(SVGWriter.escape(needle)), "\(needle) in the report")
            }
            XCTAssertEqual(html.contains("id=\"sensitivity\""), dir == EndToEndTests.saltelli)
            XCTAssertGreaterThan(doc.count(class: "series"), 10)
        }
    }

    func testReportRunsTheAnalysisWhenMissingAndTakesOutcomes() throws {
        let copy = EndToEndTests.root + "/unanalysed"
        try? FileManager.default.removeItem(atPath: copy)
        try FileManager.default.copyItem(atPath: EndToEndTests.grid, toPath: copy)
        try FileManager.default.removeItem(atPath: copy + "/points.csv")
        let w = try HTMLReport.write(dir: copy, outcomes: ["burnouts_total_mean"])
        XCTAssertTrue(w.analyzed)
        XCTAssertEqual(w.path, copy + "/report.html")
        let html = try String(contentsOfFile: w.path, encoding: .utf8)
        XCTAssertTrue(html.contains("--metric burnouts_total_mean --lever bureaucracy.friction"))
        XCTAssertTrue(html.contains("Intermediary burnouts (total), mean over the run against bureaucratic friction"))
        XCTAssertFalse(html.contains("--metric self_sustaining_initiatives_lastyear"))
    }

    func testWrongNamesListWhatExists() throws {
        let r = try results(EndToEndTests.grid)
        func check(_ body: () throws -> Void, key: String, allowed parts: [String]) {
            XCTAssertThrowsError(try body()) { e in
                guard let b = e as? BuurtError else { return XCTFail("\(e)") }
                XCTAssertEqual(b.exitCode, 2)
                XCTAssertEqual(b.key, key)
                for p in parts { XCTAssertTrue(b.allowed?.contains(p) ?? false, "\(p) in \(b.allowed ?? "")") }
            }
        }
        check({ _ = try Plots.response(r, outcome: "self_sustaining", lever: nil) }, key: "self_sustaining",
              allowed: ["self_sustaining_initiatives", "mean_trust_institutions", "_final"])
        check({ _ = try Plots.response(r, outcome: "live_initiatives", lever: "bureaucracy.fiction") }, key: "bureaucracy.fiction",
              allowed: ["bureaucracy.friction, funding.core_share"])
        check({ _ = try Plots.heatmap(r, outcome: "live_initiatives", levers: ["funding.grant_size"]) }, key: "funding.grant_size",
              allowed: ["bureaucracy.friction, funding.core_share"])
        check({ _ = try Plots.survival(r, by: ["nope"]) }, key: "nope", allowed: ["bureaucracy.friction"])
        let s = try results(EndToEndTests.saltelli)
        check({ _ = try Plots.timeseries(s, metric: "volunteers") }, key: "volunteers",
              allowed: ["active_initiatives, mean_trust_institutions"])
        XCTAssertThrowsError(try ExperimentResults(dir: EndToEndTests.root + "/missing")) { e in
            XCTAssertEqual((e as? BuurtError)?.exitCode, 2)
        }
    }

    func testPNGWhenAConverterIsInstalled() throws {
        // The README's test command (scripts/setup --tests) installs rsvg-convert; without it this fails.
        guard Plots.converter != nil else {
            return XCTFail("rsvg-convert is not installed: run scripts/setup --tests (apt-get install librsvg2-bin)")
        }
        let r = try results(EndToEndTests.grid)
        let files = try Plots.write(Plots.survival(r).chart, to: EndToEndTests.root + "/png/survival.svg", png: true)
        XCTAssertEqual(files.count, 2)
        let png = try Data(contentsOf: URL(fileURLWithPath: files[1]))
        XCTAssertEqual(Array(png.prefix(8)), [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        XCTAssertGreaterThan(png.count, 20_000)
    }
}
