import Foundation
import BuurtCore
import BuurtModel

extension Plots {
    /// A metric over time: per group of runs and kept tick, the mean over the runs with a 95%
    /// Student-t band. `timeseries.csv` is streamed; only running sums per (group, tick) are kept.
    /// On a sampled design (`ExperimentResults.clusterOfRun`) the runs of a cluster are averaged
    /// first and the band is over the clusters, as for response curves.
    /// What a time-series chart shows besides the mean and its band.
    public enum Extra: String, CaseIterable, Sendable {
        case none
        /// Every run as a thin line (up to `maxRunLines` per group).
        case runs
        /// The range of the runs (minimum to maximum) at each tick.
        case envelope
    }
    /// Run lines drawn per group at most (the first runs in run order).
    public static let maxRunLines = 200

    public static func timeseries(_ r: ExperimentResults, metric name: String, by: [String]? = nil,
                                  show extra: Extra = .none) throws -> (chart: LineChart, file: String) {
        let metric = try r.timeseriesMetric(name)
        let groups = try RunGroups.make(r, by: by)
        let rowOf = r.rowIndexByRunID()
        let path = r.dir + "/timeseries.csv"
        // Welford's running mean and sum of squares per group, per tick.
        struct Acc { var n = 0; var mean = 0.0; var m2 = 0.0 }
        var acc: [Int: [Acc]] = [:]
        var lines: [Int: [LineChart.Point]] = [:]
        var lineCount = [Int](repeating: 0, count: groups.count)
        var range: [Int: [(Double, Double)]] = [:]
        // Sampled designs: per tick, group and cluster, the sum and count of the runs' values.
        let clusters = r.clusterOfRun
        var clusterSums: [Int: [[Int: (sum: Double, n: Int)]]] = [:]
        var idCol = -1, tickCol = -1, col = -1
        try CSVStream(path: path).forEachRow(header: { header in
            idCol = header.firstIndex(of: "run_id") ?? -1
            tickCol = header.firstIndex(of: "tick") ?? -1
            col = header.firstIndex(of: metric.name) ?? -1
            guard idCol >= 0, tickCol >= 0, col >= 0 else {
                throw BuurtError.input("the header lacks run_id, tick or \(metric.name)", file: path, line: 1,
                                       allowed: header.joined(separator: ", "))
            }
        }, row: { fields, line in
            guard fields.count > max(idCol, tickCol, col), let id = Int(fields[idCol]), let tick = Int(fields[tickCol]),
                  let v = Double(fields[col]) else {
                throw BuurtError.input("malformed row", file: path, line: line)
            }
            guard let row = rowOf[id] else {
                throw BuurtError.input("run \(id) is not in runs.csv", file: path, line: line, key: "run_id")
            }
            let g = groups.groupOfRun[row]
            var a = acc[tick] ?? [Acc](repeating: Acc(), count: groups.count)
            a[g].n += 1
            let d = v - a[g].mean
            a[g].mean += d / Double(a[g].n)
            a[g].m2 += d * (v - a[g].mean)
            acc[tick] = a
            if let clusters {
                var c = clusterSums[tick] ?? [[Int: (sum: Double, n: Int)]](repeating: [:], count: groups.count)
                let e = c[g][clusters[row]] ?? (0, 0)
                c[g][clusters[row]] = (e.sum + v, e.n + 1)
                clusterSums[tick] = c
            }
            switch extra {
            case .none: break
            case .runs:
                if lines[id] == nil {
                    guard lineCount[g] < maxRunLines else { break }
                    lineCount[g] += 1
                    lines[id] = []
                }
                lines[id]!.append(LineChart.Point(x: Double(tick), y: v))
            case .envelope:
                var e = range[tick] ?? [(Double, Double)](repeating: (.infinity, -.infinity), count: groups.count)
                e[g] = (Swift.min(e[g].0, v), Swift.max(e[g].1, v))
                range[tick] = e
            }
        })
        let ticks = acc.keys.sorted()
        var runsPerGroup = [Int](repeating: 0, count: groups.count)
        for g in groups.groupOfRun { runsPerGroup[g] += 1 }
        let b = bounds(metric)
        var cut = false
        let series = groups.labels.indices.map { g -> LineChart.Series in
            let points = ticks.map { t -> LineChart.Point in
                if let sums = clusterSums[t]?[g] {
                    let means = sums.keys.sorted().map { sums[$0]!.sum / Double(sums[$0]!.n) }
                    return point(x: Double(t), Statistics.meanInterval(means), within: b, cut: &cut)
                }
                let a = acc[t]![g]
                let sd = a.n >= 2 ? (a.m2 / Double(a.n - 1)).squareRoot() : .nan
                return point(x: Double(t), Statistics.meanInterval(n: a.n, mean: a.mean, sd: sd), within: b, cut: &cut)
            }
            var s = LineChart.Series(label: groups.labels[g], points: points)
            if extra == .runs {
                s.runs = lines.keys.sorted().filter { groups.groupOfRun[rowOf[$0]!] == g }.map { lines[$0]! }
            }
            if extra == .envelope {
                s.envelope = ticks.compactMap { t in
                    guard let e = range[t]?[g], e.0.isFinite else { return nil }
                    return LineChart.Point(x: Double(t), y: (e.0 + e.1) / 2, low: e.0, high: e.1)
                }
            }
            return s
        }
        let perGroup = Set(runsPerGroup.filter { $0 > 0 })
        let runsText = (perGroup.count == 1 ? "\(perGroup.first!) run\(perGroup.first! == 1 ? "" : "s") per line"
                                            : "\(perGroup.min() ?? 0)-\(perGroup.max() ?? 0) runs per line")
        // Clusters per line at the last tick: fewer than two give no band.
        let bandless = ticks.last.map { t in groups.labels.indices.contains { g in
            clusterSums[t].map { $0[g].count < 2 } ?? ((acc[t]?[g].n ?? 0) < 2)
        } } ?? false
        let noBand = bandless ? " (no band where a line has one \(clusters == nil ? "run" : r.clusterName))" : ""
        var frame = ChartFrame(title: "\(RegistryLabels.metric(metric.name)) over time",
                               subtitle: sentence([(clusters == nil ? "\(r.name): mean over runs with 95% confidence band (Student t), \(runsText)"
                                                       : "\(r.name): mean over \(r.clusterNames) (each one's runs averaged first) with 95% Student-t band over them, \(runsText)") + noBand,
                                                   r.commonRandomNumbers ? r.clusterReason : "",
                                                   extra == .runs ? "thin lines: the runs" + (lineCount.contains { $0 >= maxRunLines } ? " (the first \(maxRunLines) per line)" : "")
                                                       : (extra == .envelope ? "dashed outline: the range of the runs" : ""),
                                                   pooledNote(r, shown: groups.levers), binnedNote(groups.binnedLevers),
                                                   cutNote(cut, metric)]),
                               xLabel: "time (weeks)", yLabel: "\(RegistryLabels.metric(metric.name)) (\(metric.unit))")
        frame.legendTitle = groups.levers.isEmpty ? "" : groups.title
        var chart = LineChart(frame: frame, series: series, style: .line)
        chart.yFromZero = true
        return (chart, "timeseries-\(metric.name)\(byPart(groups, r)).svg")
    }
}
