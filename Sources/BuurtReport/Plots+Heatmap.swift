import Foundation
import BuurtCore

extension Plots {
    /// An outcome over two levers: the mean over the runs in each cell (levers with many values,
    /// from sampling designs, in six ranges each). Default levers: the first two varied.
    public static func heatmap(_ r: ExperimentResults, outcome name: String, levers names: [String] = []) throws -> (chart: HeatmapChart, file: String) {
        let outcome = try r.outcome(name)
        guard r.levers.count >= 2 else {
            throw BuurtError.input("a heatmap needs two varied levers; this experiment varies \(r.levers.isEmpty ? "none" : "one")", file: r.dir,
                                   allowed: r.levers.isEmpty ? "buurt plot timeseries or survival" : "buurt plot response for one lever")
        }
        guard names.count <= 2 else {
            throw BuurtError.input("a heatmap takes two levers (x, then y)", key: "--lever",
                                   allowed: r.leverNames.joined(separator: ", "))
        }
        var picked = try names.map { try r.lever($0) }
        for k in r.levers.indices where picked.count < 2 && !picked.contains(k) { picked.append(k) }
        guard picked[0] != picked[1] else {
            throw BuurtError.input("give two different levers", key: names[0], allowed: r.leverNames.joined(separator: ", "))
        }
        // A sampling design spreads its runs thinly over many values: ranges keep the cells full.
        let keep = r.design == "grid" ? 12 : 6
        let xl = LeverLevels(r, lever: picked[0], maxDistinct: keep, bins: 6)
        let yl = LeverLevels(r, lever: picked[1], maxDistinct: keep, bins: 6)
        let values = try r.values(outcome)
        let clusters = r.clusterOfRun
        let cells = cellIntervals(values: values, group: yl.levelOfRun, groups: yl.count, level: xl.levelOfRun,
                                  levels: xl.count, clusters: clusters)
        let means = cells.map { $0.map { $0.n > 0 ? $0.mean : .nan } }
        let ns = Set(cells.flatMap { $0.map(\.n) }.filter { $0 > 0 })
        let unit = clusters == nil ? "runs" : "\(r.clusterNames)"
        let nText = ns.count == 1 ? "\(ns.first!) \(unit) per cell" : "\(ns.min() ?? 0)-\(ns.max() ?? 0) \(unit) per cell"
        // A colour range narrower than the cells' own intervals shows noise, not a pattern.
        let shown = means.flatMap { $0 }.filter(\.isFinite)
        let widths = cells.flatMap { $0 }.map { $0.high - $0.low }.filter(\.isFinite).sorted()
        var rangeNote = ""
        if (ns.max() ?? 0) < 2 {
            rangeNote = "one \(clusters == nil ? "run" : r.clusterName) per cell: whether the cells differ by more than noise cannot be told"
        } else if let lo = shown.min(), let hi = shown.max(), !widths.isEmpty {
            let typical = widths[widths.count / 2]
            if hi - lo < typical {
                rangeNote = "the colours span \(Scale.readable(lo))-\(Scale.readable(hi)), less than a typical cell's 95% interval "
                    + "(\(Scale.short(typical)) wide): the differences are within noise"
            }
        }
        let xLever = r.levers[picked[0]], yLever = r.levers[picked[1]]
        let frame = ChartFrame(title: "\(outcome.label) over \(xLever.label.lowercasedFirst) and \(yLever.label.lowercasedFirst)",
                               subtitle: sentence(["\(r.name): mean over \(clusters == nil ? "runs" : "\(r.clusterNames) (runs averaged per \(r.clusterName) first)"), \(nText)",
                                                   r.commonRandomNumbers ? r.clusterReason : "",
                                                   pooledNote(r, shown: picked),
                                                   binnedNote(zip([xLever.name, yLever.name], [xl.binned, yl.binned]).filter(\.1).map(\.0)),
                                                   rangeNote]),
                               xLabel: xLever.axisLabel, yLabel: yLever.axisLabel)
        let chart = HeatmapChart(frame: frame, xCategories: xl.labels, yCategories: yl.labels, values: means,
                                 valueLabel: outcome.axisLabel)
        return (chart, "heatmap-\(outcome.column)-\(xLever.name)-\(yLever.name).svg")
    }
}

extension Plots {
    /// The varied levers ordered by influence on an outcome, the `count` strongest first: by total
    /// Sobol index (saltelli) or mu* (morris) from `sensitivity.csv`, otherwise by the share of the
    /// outcome's variance that the lever's levels explain (the correlation ratio eta squared).
    public static func mostInfluential(_ r: ExperimentResults, outcome name: String, count: Int) throws -> [Int] {
        let outcome = try r.outcome(name)
        var score = [Double](repeating: -1, count: r.levers.count)
        let measure = r.design == "saltelli" ? "ST" : (r.design == "morris" ? "mu_star" : nil)
        if let measure, r.hasSensitivity, let t = try? CSVTable(path: r.dir + "/sensitivity.csv"),
           let lc = t.column("lever"), let oc = t.column("outcome"), let mc = t.column(measure) {
            for row in t.rows where row.count == t.header.count && row[oc] == outcome.column {
                if let k = r.levers.firstIndex(where: { $0.name == row[lc] }), let v = Double(row[mc]) { score[k] = v }
            }
        }
        if score.allSatisfy({ $0 < 0 }) {
            let values = try r.values(outcome)
            let mean = values.reduce(0, +) / Double(max(1, values.count))
            let total = values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +)
            for k in r.levers.indices {
                let levels = LeverLevels(r, lever: k, maxDistinct: 12, bins: 6)
                var sums = [Double](repeating: 0, count: levels.count), ns = sums
                for (row, v) in values.enumerated() { sums[levels.levelOfRun[row]] += v; ns[levels.levelOfRun[row]] += 1 }
                let between = zip(sums, ns).map { $1 > 0 ? $1 * ($0 / $1 - mean) * ($0 / $1 - mean) : 0 }.reduce(0, +)
                score[k] = total > 0 ? between / total : 0
            }
        }
        // Ties (and a constant outcome) keep the order of the experiment file.
        let order = r.levers.indices.sorted { score[$0] != score[$1] ? score[$0] > score[$1] : $0 < $1 }
        return Array(order.prefix(count))
    }
}
