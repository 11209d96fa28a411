import Foundation
import BuurtCore

extension Plots {
    /// The survival of initiatives: the share still running (not stranded or ended) by age, a
    /// Kaplan-Meier estimate per group of runs with a 95% band. Initiatives live at the end of a
    /// run are censored at their age then. `initiatives.csv` is streamed.
    public static func survival(_ r: ExperimentResults, by: [String]? = nil) throws -> (chart: LineChart, file: String) {
        guard r.hasInitiatives else {
            throw BuurtError.input("no initiatives.csv in this folder", file: r.dir,
                                   allowed: "an experiment with initiatives: true")
        }
        let groups = try RunGroups.make(r, by: by)
        let rowOf = r.rowIndexByRunID()
        let path = r.dir + "/initiatives.csv"
        var durations = [[Double]](repeating: [], count: groups.count)
        var observed = [[Bool]](repeating: [], count: groups.count)
        var runOf = [[Int]](repeating: [], count: groups.count)
        var cols = [Int]()
        try CSVStream(path: path).forEachRow(header: { header in
            cols = try ["run_id", "born_tick", "ended_tick"].map { name in
                guard let c = header.firstIndex(of: name) else {
                    throw BuurtError.input("column '\(name)' is missing", file: path, line: 1, allowed: header.joined(separator: ", "))
                }
                return c
            }
        }, row: { f, line in
            guard f.count > cols.max()!, let id = Int(f[cols[0]]), let born = Int(f[cols[1]]) else {
                throw BuurtError.input("malformed row", file: path, line: line)
            }
            guard let row = rowOf[id] else { throw BuurtError.input("run \(id) is not in runs.csv", file: path, line: line, key: "run_id") }
            let g = groups.groupOfRun[row]
            // The bootstrap's unit: the run, or under common random numbers the replicate (whose
            // runs share their seed at every point).
            runOf[g].append(r.commonRandomNumbers ? r.replicateOfRun[row] : id)
            if f[cols[2]].isEmpty {
                durations[g].append(Double(max(0, r.ticks - born))); observed[g].append(false)
            } else if let ended = Int(f[cols[2]]) {
                durations[g].append(Double(max(0, ended - born))); observed[g].append(true)
            } else {
                throw BuurtError.input("'\(f[cols[2]])' is not a tick", file: path, line: line, key: "ended_tick")
            }
        })
        var total = 0, ended = 0, greenwood = 0
        let series = groups.labels.indices.map { g -> LineChart.Series in
            let steps = KaplanMeier.estimate(durations: durations[g], observed: observed[g])
            // The band: a bootstrap over runs (the cluster); Greenwood's only for a single run.
            let band = KaplanMeier.clusterBand(durations: durations[g], observed: observed[g], clusters: runOf[g],
                                               at: steps.map(\.time), rng: RandomStream(0x5a1, UInt64(g)))
            let clustered = band.first.map { $0.low.isFinite } ?? false
            if !clustered && !durations[g].isEmpty { greenwood += 1 }
            var points = zip(steps, band).enumerated().map { k, sb in
                let (s, b) = sb
                return k > 0 && clustered ? LineChart.Point(x: s.time, y: s.survival, low: Swift.min(b.low, s.survival), high: Swift.max(b.high, s.survival))
                                          : LineChart.Point(x: s.time, y: s.survival, low: s.low, high: s.high)
            }
            // Carry the last level on to the longest follow-up, censored cases included.
            if let last = points.last, let longest = durations[g].max(), longest > last.x {
                points.append(LineChart.Point(x: longest, y: last.y, low: last.low, high: last.high))
            }
            total += durations[g].count
            ended += observed[g].filter { $0 }.count
            return LineChart.Series(label: groups.labels[g] + " (n=\(durations[g].count))", points: durations[g].isEmpty ? [] : points)
        }
        var frame = ChartFrame(title: "Survival of initiatives",
                               subtitle: sentence(["\(r.name): share of initiatives still running (not stranded or ended) by age",
                                                   "Kaplan-Meier estimate; 95% band: estimate ± t × its bootstrap standard error over "
                                                       + (r.commonRandomNumbers ? "replicates (common random numbers; 200 resamples)" : "runs (200 resamples)")
                                                       + (greenwood > 0 ? ", Greenwood log-log for \(greenwood) single-\(r.commonRandomNumbers ? "replicate" : "run") line(s)" : ""),
                                                   "\(total) initiatives, \(ended) ended; those live at the end of a run (tick \(r.ticks)) are censored",
                                                   pooledNote(r, shown: groups.levers), binnedNote(groups.binnedLevers)]),
                               xLabel: "age (weeks since the idea started)", yLabel: "share still running")
        frame.legendTitle = groups.levers.isEmpty ? "" : groups.title
        var chart = LineChart(frame: frame, series: series, style: .step)
        chart.yRange = 0...1
        return (chart, "survival\(byPart(groups, r)).svg")
    }
}
