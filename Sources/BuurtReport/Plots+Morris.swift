import Foundation
import BuurtCore
import BuurtModel
import BuurtExperiments

extension Plots {
    /// Morris screening of one outcome: per lever, mu* (mean absolute elementary effect, with its
    /// 95% bootstrap interval) against sigma (the spread of the effects: non-linearity or
    /// interactions), from `sensitivity.csv` of a Morris design. A lever far up matters; one far
    /// right acts differently in different places.
    public static func morris(_ r: ExperimentResults, outcome name: String) throws -> (chart: LineChart, file: String) {
        let outcome = try r.outcome(name)
        guard r.design == "morris" else {
            throw BuurtError.input("Morris measures need a morris design; this experiment's design is \(r.design)",
                                   file: r.dir + "/experiment.json", key: "design", allowed: "morris")
        }
        guard r.hasSensitivity else {
            throw BuurtError.input("no sensitivity.csv: run `buurt analyze \(r.dir)` first", file: r.dir)
        }
        let table = try CSVTable(path: r.dir + "/sensitivity.csv")
        let cols = try ["lever", "outcome", "mu_star", "sigma"].map { try table.requireColumn($0) }
        let low = table.column("mu_star_low"), high = table.column("mu_star_high"), note = table.column("note")
        let noiseCol = table.column("mu_star_noise"), clearsCol = table.column("mu_star_clears_noise")
        var series: [LineChart.Series] = []
        var constant = false, categorical: [String] = []
        var noise: [Double] = [], clearing = 0, judged = 0, withInterval = 0
        for (k, row) in table.rows.enumerated() where row.count == table.header.count && row[cols[1]] == outcome.column {
            func number(_ c: Int?) throws -> Double {
                guard let c, !row[c].isEmpty else { return .nan }
                guard let v = Double(row[c]) else {
                    throw BuurtError.input("'\(row[c])' is not a number", file: table.path, line: k + 2, key: table.header[c])
                }
                return v
            }
            let text = note.map { row[$0] } ?? ""
            if text == Analysis.constantNote { constant = true }
            let label = RegistryLabels.lever(row[cols[0]])
            if text.hasPrefix("categorical") { categorical.append(label) }
            if let c = noiseCol, let v = Double(row[c]) { noise.append(v) }
            if let c = clearsCol, !row[c].isEmpty { judged += 1; if row[c] == "true" { clearing += 1 } }
            if let c = low, !row[c].isEmpty { withInterval += 1 }
            series.append(LineChart.Series(label: label, points: [
                LineChart.Point(x: try number(cols[3]), y: try number(cols[2]), low: try number(low), high: try number(high)),
            ]))
        }
        guard !series.isEmpty else {
            throw BuurtError.input("sensitivity.csv has no rows for this outcome; run `buurt analyze` again", file: table.path,
                                   key: outcome.column)
        }
        series.sort { ($0.points[0].y.isFinite ? $0.points[0].y : -1) > ($1.points[0].y.isFinite ? $1.points[0].y : -1) }
        let samples = r.info["samples"] as? Int ?? 0
        let whiskers = withInterval == series.count ? "whiskers: 95% bootstrap intervals of mu*"
            : withInterval == 0 ? "no intervals: fewer than \(Sensitivity.minimumForInterval) elementary effects a lever"
            : "whiskers: 95% bootstrap intervals of mu* (none for \(series.count - withInterval) levers with fewer than \(Sensitivity.minimumForInterval) effects)"
        let noiseText = noise.isEmpty || constant ? (r.replicates < 2 && !constant ? "one replicate: the noise cannot be measured" : "")
            : "noise alone would give mu* of about \(Scale.short(noise.min()!))" + (noise.count > 1 && noise.max()! > noise.min()! ? "-\(Scale.short(noise.max()!))" : "")
                + (judged > 0 ? "; \(clearing) of \(series.count) levers clear it" : "")
        var frame = ChartFrame(title: "Morris screening of \(outcome.label.lowercasedFirst)",
                               subtitle: sentence(["\(r.name): \(samples) trajectories x \(r.replicates) replicates, on replicate means; "
                                                       + whiskers,
                                                   noiseText,
                                                   constant ? "\(outcome.column) is constant in this experiment"
                                                       : (categorical.isEmpty ? "effects per whole range of each lever"
                                                          : "effects per whole range; for \(categorical.joined(separator: ", ")) the change of a switch")]),
                               xLabel: "sigma: spread of the elementary effects (\(outcome.metric.unit))",
                               yLabel: "mu*: mean absolute effect (\(outcome.metric.unit))")
        frame.legendTitle = "lever (by mu*)"
        var chart = LineChart(frame: frame, series: series, style: .points)
        chart.labelPoints = true
        chart.yFromZero = true
        return (chart, "morris-\(outcome.column).svg")
    }
}
