import Foundation
import BuurtCore
import BuurtModel
import BuurtExperiments

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
        // Columns of newer versions: the noise floor, the sum of S1 and the note.
        let first = table.rows.first { $0.count == table.header.count && $0[cols[1]] == outcome.column }
        func cell(_ name: String) -> String { table.column(name).flatMap { c in first.map { $0[c] } } ?? "" }
        let floor = Double(cell("noise_floor")) ?? .nan
        let sum = Double(cell("S1_sum")) ?? .nan
        let constant = cell("note") == Analysis.constantNote
        let samples = r.info["samples"] as? Int ?? 0
        let estimator = table.column("S1_half") != nil ? FirstOrderEstimator.standard.citation : "Saltelli (2010)"
        let below = rows.filter { floor.isFinite && $0.v[4].isFinite && !($0.v[4] > floor) }.count
        var frame = ChartFrame(title: "Sobol indices of \(outcome.label.lowercasedFirst)",
                               subtitle: sentence(["\(r.name): Saltelli design, \(samples) base samples x \(r.replicates) replicates; "
                                                       + "S1 by \(estimator), ST by Jansen (1999), on replicate means",
                                                   "whiskers: 95% bootstrap intervals"
                                                       + (sum.isFinite ? "; sum of S1 \(Scale.short(sum))" + (sum > 1 ? " (over 1: not to be trusted)" : "") : "")
                                                       + (floor.isFinite ? "; dashed: noise floor, \(below) of \(rows.count) levers do not clear it" : "")]),
                               xLabel: "Sobol index (share of the variance)", yLabel: "")
        frame.legendTitle = "index"
        var chart = BarChart(frame: frame, categories: rows.map { RegistryLabels.lever($0.lever) }, series: series)
        if floor.isFinite { chart.reference = (floor, "noise floor (\(Scale.short(floor)))") }
        if constant { chart.emptyNote = "\(outcome.column) is constant in this experiment: no indices" }
        return (chart, "sobol-\(outcome.column).svg")
    }
}
