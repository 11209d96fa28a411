import Foundation
import BuurtCore

extension Plots {
    /// Sobol first-order (S1) and total (ST) indices of one outcome, per lever, with their 95%
    /// bootstrap intervals, from `sensitivity.csv` of a Saltelli design; levers by ST, largest first.
    public static func sobol(_ r: ExperimentResults, outcome name: String) throws -> (chart: BarChart, file: String) {
        let outcome = try r.outcome(name)
        guard r.design == "saltelli" else {
            throw BuurtError.input("Sobol indices need a saltelli design; this experiment's design is \(r.design)",
                                   file: r.dir + "/experiment.json", key: "design", allowed: "saltelli")
        }
        guard r.hasSensitivity else {
            throw BuurtError.input("no sensitivity.csv: run `buurt analyze \(r.dir)` first", file: r.dir)
        }
        let table = try CSVTable(path: r.dir + "/sensitivity.csv")
        let cols = try ["lever", "outcome", "S1", "S1_low", "S1_high", "ST", "ST_low", "ST_high"].map { try table.requireColumn($0) }
        var rows: [(lever: String, v: [Double])] = []
        for (k, row) in table.rows.enumerated() where row.count == table.header.count && row[cols[1]] == outcome.column {
            let v = try cols[2...].map { c -> Double in
                if row[c].isEmpty { return .nan }
                guard let d = Double(row[c]) else {
                    throw BuurtError.input("'\(row[c])' is not a number", file: table.path, line: k + 2, key: table.header[c])
                }
                return d
            }
            rows.append((row[cols[0]], v))
        }
        guard !rows.isEmpty else {
            throw BuurtError.input("sensitivity.csv has no rows for this outcome; run `buurt analyze` again", file: table.path,
                                   key: outcome.column)
        }
        rows.sort { ($0.v[3].isFinite ? $0.v[3] : -1) > ($1.v[3].isFinite ? $1.v[3] : -1) }
        let series = [
            BarChart.Series(label: "first order (S1)", values: rows.map { $0.v[0] }, low: rows.map { $0.v[1] }, high: rows.map { $0.v[2] }),
            BarChart.Series(label: "total (ST)", values: rows.map { $0.v[3] }, low: rows.map { $0.v[4] }, high: rows.map { $0.v[5] }),
        ]
        let samples = r.info["samples"] as? Int ?? 0
        var frame = ChartFrame(title: "Sobol indices of \(outcome.column)",
                               subtitle: sentence(["\(r.name): Saltelli design, \(samples) base samples x \(r.replicates) replicates",
                                                   "S1 by Saltelli (2010), ST by Jansen (1999), on replicate means",
                                                   "whiskers: 95% bootstrap percentile intervals (500 resamples)"]),
                               xLabel: "Sobol index (share of the variance of \(outcome.column))", yLabel: "")
        frame.legendTitle = "index"
        return (BarChart(frame: frame, categories: rows.map(\.lever), series: series), "sobol-\(outcome.column).svg")
    }
}
