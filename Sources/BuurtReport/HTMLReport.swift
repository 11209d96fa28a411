import Foundation
import BuurtCore
import BuurtModel
import BuurtExperiments

/// `buurt report`: one self-contained HTML file for a finished sweep. Charts are inline SVG,
/// styles inline; nothing is loaded from anywhere else, so it opens from an email attachment.
///
/// Sections: the question and provenance; the design; for each key outcome, response curves
/// against every varied lever, a heatmap over the two most influential levers, its time series when kept and
/// its Sobol indices when there are any; the survival of initiatives when recorded; the points
/// table and the sensitivity table (key outcomes only); the data dictionary of the files present.
/// The markup is also well-formed XML (XHTML syntax), which the tests check.
public struct HTMLReport {
    public let results: ExperimentResults
    public let outcomes: [ExperimentResults.Outcome]
    /// Rows of the points table shown at most (the full table is points.csv).
    public var maxTableRows = 2000

    /// Key outcomes when none are named: lasting initiatives, live initiatives, trust, participation,
    /// each as its mean over the last year (`_lastyear`), which unlike `_final` does not depend on
    /// where the last week falls in the budget year (grants all end in week 52 of it).
    public static let defaultOutcomes = ["self_sustaining_initiatives_lastyear", "live_initiatives_lastyear",
                                         "mean_trust_institutions_lastyear", "participation_rate_lastyear"]

    public init(results: ExperimentResults, outcomes names: [String] = []) throws {
        self.results = results
        var seen = Set<String>()
        outcomes = try (names.isEmpty ? HTMLReport.defaultOutcomes : names).map { try results.outcome($0) }
            .filter { seen.insert($0.column).inserted }
    }

    /// Writes the report (running `buurt analyze` first when `points.csv` is missing).
    /// Returns the number of charts and whether the analysis was run.
    @discardableResult
    public static func write(dir: String, to path: String? = nil, outcomes: [String] = []) throws -> (path: String, charts: Int, analyzed: Bool) {
        if let path { _ = try OutputFolder.checkFile(path) }   // before any work
        var results = try ExperimentResults(dir: dir)
        for name in outcomes { _ = try results.outcome(name) }   // before anything is written
        var analyzed = false
        if !FileOps.exists(results.dir + "/points.csv") {
            _ = try Analysis.analyze(dir: results.dir)
            results = try ExperimentResults(dir: dir)
            analyzed = true
        }
        let report = try HTMLReport(results: results, outcomes: outcomes)
        let (html, charts) = try report.render()
        let out = try OutputFolder.checkFile(path ?? results.dir + "/report.html")
        let folder = PathText.parent(out)
        if !folder.isEmpty { try FileOps.makeDirectory(folder) }
        try FileOps.writeAtomically(html, to: out)
        return (out, charts, analyzed)
    }

    static func esc(_ s: String) -> String { SVGWriter.escape(s) }

    /// The whole page and the number of charts in it.
    public func render() throws -> (html: String, charts: Int) {
        let r = results
        var body = ""
        var charts = 0
        func figure(_ chart: Chart, command: String) {
            body += "<figure>\n" + chart.svg(standalone: false)
            body += "<figcaption>Redraw as a file: <code>\(HTMLReport.esc(command))</code></figcaption>\n</figure>\n"
            charts += 1
        }
        let d = "DIR"
        body += "<h1>\(HTMLReport.esc(r.name))</h1>\n"
        if !r.question.isEmpty { body += "<p class=\"question\">\(HTMLReport.esc(r.question))</p>\n" }
        body += "<nav><ul>" + sections().map { "<li><a href=\"#\($0.0)\">\(HTMLReport.esc($0.1))</a></li>" }.joined() + "</ul></nav>\n"

        body += "<h2 id=\"provenance\">Provenance</h2>\n" + provenance()
        body += "<h2 id=\"design\">Design</h2>\n" + design()

        body += "<h2 id=\"outcomes\">Key outcomes</h2>\n<p>For each key outcome: its response to every varied lever"
            + (r.levers.count >= 2 ? ", a heatmap over the two most influential varied levers (by total Sobol index, Morris mu*, or else the share of variance their levels explain)" : "")
            + (r.hasTimeseries ? ", its time series when kept (by each varied lever, up to four)" : "")
            + (r.design == "saltelli" && r.hasSensitivity ? ", its Sobol indices" : "")
            + (r.design == "morris" && r.hasSensitivity ? ", its Morris screening (mu* against sigma)" : "")
            + (r.clusterOfRun == nil ? ". Means are over runs, with 95% Student-t intervals."
               : ". Means are over \(r.clusterNames) (each one's runs averaged first), with 95% Student-t intervals over them: "
                 + r.clusterReason + ".")
            + " In the commands, DIR is this experiment's folder.</p>\n"
        for o in outcomes {
            body += "<h3 id=\"outcome-\(HTMLReport.esc(o.column))\">\(HTMLReport.esc(o.label)) "
                + "<code class=\"name\">\(HTMLReport.esc(o.column))</code></h3>\n"
            body += "<p class=\"muted\">\(HTMLReport.esc(o.metric.description)) Unit: \(HTMLReport.esc(o.metric.unit)).</p>\n"
            for k in r.levers.indices {
                let chart = try Plots.response(r, outcome: o.column, lever: r.levers[k].name).chart
                figure(chart, command: "buurt plot response \(d) --metric \(o.column) --lever \(r.levers[k].name)")
            }
            if r.levers.count >= 2 {
                let pair = try Plots.mostInfluential(r, outcome: o.column, count: 2).map { r.levers[$0].name }
                figure(try Plots.heatmap(r, outcome: o.column, levers: pair).chart,
                       command: "buurt plot heatmap \(d) --metric \(o.column) --lever \(pair[0]) --lever \(pair[1])")
            }
            if r.hasTimeseries, r.timeseriesMetrics.contains(o.metric.name) {
                // One time series per varied lever (pooling the others) while that stays a handful.
                if r.levers.count <= 4 {
                    for l in r.levers {
                        figure(try Plots.timeseries(r, metric: o.metric.name, by: [l.name]).chart,
                               command: "buurt plot timeseries \(d) --metric \(o.metric.name) --by \(l.name)")
                    }
                } else {
                    figure(try Plots.timeseries(r, metric: o.metric.name).chart, command: "buurt plot timeseries \(d) --metric \(o.metric.name)")
                }
            }
            if r.design == "saltelli", r.hasSensitivity {
                figure(try Plots.sobol(r, outcome: o.column).chart, command: "buurt plot sobol \(d) --metric \(o.column)")
            }
            if r.design == "morris", r.hasSensitivity {
                figure(try Plots.morris(r, outcome: o.column).chart, command: "buurt plot morris \(d) --metric \(o.column)")
            }
        }
        if r.hasInitiatives {
            body += "<h2 id=\"survival\">Survival of initiatives</h2>\n"
            figure(try Plots.survival(r).chart, command: "buurt plot survival \(d)")
            let mix = r.levers.filter { $0.name.hasPrefix("funding.") }
            if mix.count == 1 && r.levers.count > 1 {
                figure(try Plots.survival(r, by: [mix[0].name]).chart, command: "buurt plot survival \(d) --by \(mix[0].name)")
            }
        }
        body += "<h2 id=\"points\">Points</h2>\n" + (try pointsTable())
        if r.hasSensitivity { body += "<h2 id=\"sensitivity\">Sensitivity</h2>\n" + (try sensitivityTable()) }
        body += "<h2 id=\"dictionary\">Data dictionary</h2>\n" + dictionary()
        body += "<footer>Written by buurt \(BuurtVersion.current) (<code>buurt report</code>) on \(RunOutput.iso(Date())). "
            + "Self-contained: no file outside this page is needed to view it.</footer>\n"

        let html = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8"/>
            <meta name="viewport" content="width=device-width, initial-scale=1"/>
            <title>\(HTMLReport.esc(r.name)): Buurt experiment report</title>
            <style>\(HTMLReport.css)</style>
            </head>
            <body>
            <main>
            \(body)</main>
            </body>
            </html>

            """
        return (html, charts)
    }

    func sections() -> [(String, String)] {
        var s = [("provenance", "Provenance"), ("design", "Design"), ("outcomes", "Key outcomes")]
        if results.hasInitiatives { s.append(("survival", "Survival of initiatives")) }
        s.append(("points", "Points"))
        if results.hasSensitivity { s.append(("sensitivity", "Sensitivity")) }
        s.append(("dictionary", "Data dictionary"))
        return s
    }

    static let css = """
        body { font-family: "DejaVu Sans", Helvetica, Arial, sans-serif; color: #222; margin: 0; background: #fafafa; }
        main { max-width: 1080px; margin: 0 auto; padding: 24px 32px 48px; background: #fff; }
        h1 { font-size: 1.7em; margin: 0.4em 0 0.2em; }
        h2 { font-size: 1.3em; margin-top: 2em; border-bottom: 1px solid #ddd; padding-bottom: 0.2em; }
        h3 { font-size: 1.1em; margin-top: 1.6em; }
        h4 { font-size: 1em; margin-top: 1.2em; }
        h3 code.name, h4 code.name { font-size: 0.75em; color: #666; font-weight: normal; margin-left: 0.5em; }
        .question { font-size: 1.15em; font-style: italic; color: #333; }
        .muted, figcaption, footer { color: #555; font-size: 0.9em; }
        nav ul { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 0.4em 1.2em; }
        nav a { color: #0072B2; }
        figure { margin: 1.2em 0; }
        figure svg { max-width: 100%; height: auto; display: block; }
        table { border-collapse: collapse; font-size: 0.85em; margin: 0.6em 0 1.2em; }
        th, td { border: 1px solid #ddd; padding: 3px 8px; text-align: left; vertical-align: top; }
        th { background: #f0f0f0; }
        tr:nth-child(even) td { background: #f8f8f8; }
        td.num { text-align: right; font-variant-numeric: tabular-nums; }
        code, pre { font-family: "DejaVu Sans Mono", monospace; font-size: 0.9em; }
        pre { background: #f4f4f4; padding: 10px; overflow-x: auto; }
        footer { margin-top: 3em; border-top: 1px solid #ddd; padding-top: 0.6em; }
        """
}
