import Foundation
import BuurtCore

extension Plots {
    /// An outcome over two levers: the mean over the runs in each cell (levers with many values,
    /// from sampling designs, in six ranges each). Default levers: the first two varied.
    public static func heatmap(_ r: ExperimentResults, outcome name: String, levers names: [String] = []) throws -> (chart: HeatmapChart, file: String) {
        let outcome = try r.outcome(name)
        guard r.levers.count >= 2 else {
            throw BuurtError.input("a heatmap needs two varied levers; this experiment varies one", file: r.dir,
                                   allowed: "buurt plot response for one lever")
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
        var sums = [[Double]](repeating: [Double](repeating: 0, count: xl.count), count: yl.count)
        var counts = [[Int]](repeating: [Int](repeating: 0, count: xl.count), count: yl.count)
        for (row, v) in values.enumerated() where v.isFinite {
            sums[yl.levelOfRun[row]][xl.levelOfRun[row]] += v
            counts[yl.levelOfRun[row]][xl.levelOfRun[row]] += 1
        }
        let means = zip(sums, counts).map { zip($0.0, $0.1).map { $0.1 > 0 ? $0.0 / Double($0.1) : .nan } }
        let ns = Set(counts.flatMap { $0 }.filter { $0 > 0 })
        let nText = ns.count == 1 ? "\(ns.first!) runs per cell" : "\(ns.min() ?? 0)-\(ns.max() ?? 0) runs per cell"
        let xLever = r.levers[picked[0]], yLever = r.levers[picked[1]]
        let frame = ChartFrame(title: "\(outcome.column) over \(xLever.name) and \(yLever.name)",
                               subtitle: sentence(["\(r.name): mean over runs, \(nText)", pooledNote(r, shown: picked),
                                                   binnedNote(zip([xLever.name, yLever.name], [xl.binned, yl.binned]).filter(\.1).map(\.0))]),
                               xLabel: xLever.axisLabel, yLabel: yLever.axisLabel)
        let chart = HeatmapChart(frame: frame, xCategories: xl.labels, yCategories: yl.labels, values: means,
                                 valueLabel: outcome.axisLabel)
        return (chart, "heatmap-\(outcome.column)-\(xLever.name)-\(yLever.name).svg")
    }
}
