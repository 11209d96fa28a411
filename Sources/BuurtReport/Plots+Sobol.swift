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
        var floors: [String: Double] = [:]
        for (k, row) in table.rows.enumerated() where row.count == table.header.count && row[cols[1]] == outcome.column {
            floors[row[cols[0]]] = table.column("noise_floor").flatMap { Double(row[$0]) } ?? .nan
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
        // One floor for every lever (independent seeds), or each lever's own (common random numbers).
        let floorValues = rows.map { floors[$0.lever] ?? .nan }
        let shared = Set(floorValues.filter(\.isFinite)).count == 1 && floorValues.allSatisfy(\.isFinite)
        let floor = shared ? floorValues[0] : .nan
        let perLever = !shared && floorValues.contains(where: \.isFinite)
        let sum = Double(cell("S1_sum")) ?? .nan
        let sumLow = Double(cell("S1_sum_low")) ?? .nan, sumHigh = Double(cell("S1_sum_high")) ?? .nan
        let constant = cell("note") == Analysis.constantNote
        let samples = r.info["samples"] as? Int ?? 0
        let intervals = rows.contains { $0.v[4].isFinite }
        let estimator = table.column("S1_half") != nil ? FirstOrderEstimator.standard.citation : "Saltelli (2010)"
        let below = zip(rows, floorValues).filter { $1.isFinite && $0.v[4].isFinite && !($0.v[4] > $1) }.count
        let sumText: String
        if !sum.isFinite { sumText = "" }
        else if sumLow.isFinite {
            sumText = "; sum of S1 \(Scale.short(sum)) [\(Scale.short(sumLow)), \(Scale.short(sumHigh))]"
                + (sumLow > 1 ? " (over 1 beyond its interval: not to be trusted)" : "")
        } else { sumText = "; sum of S1 \(Scale.short(sum))" }
        var frame = ChartFrame(title: "Sobol indices of \(outcome.label.lowercasedFirst)",
                               subtitle: sentence(["\(r.name): Saltelli design, \(samples) base samples x \(r.replicates) replicates; "
                                                       + "S1 by \(estimator), ST by Jansen (1999), on replicate means",
                                                   (intervals ? "whiskers: 95% bootstrap intervals"
                                                       : "no intervals: fewer than \(Sensitivity.minimumForInterval) base samples")
                                                       + sumText
                                                       + (floor.isFinite ? "; dashed: noise floor, \(below) of \(rows.count) levers do not clear it" : "")
                                                       + (perLever ? "; each lever's own noise floor (common random numbers): \(below) of \(rows.count) levers do not clear theirs" : "")]),
                               xLabel: "Sobol index (share of the variance)", yLabel: "")
        frame.legendTitle = "index"
        var chart = BarChart(frame: frame, categories: rows.map { RegistryLabels.lever($0.lever) }, series: series)
        if floor.isFinite { chart.reference = (floor, "noise floor (\(Scale.short(floor)))") }
        if constant { chart.emptyNote = "\(outcome.column) is constant in this experiment: no indices" }
        return (chart, "sobol-\(outcome.column).svg")
    }
}
