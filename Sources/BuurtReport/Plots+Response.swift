import Foundation
import BuurtCore

extension Plots {
    /// A summary outcome against one lever: at each of the lever's values (or ranges, for a
    /// sampling design), the mean over the runs with a 95% Student-t interval; one line per group.
    ///
    /// Default groups: on a grid, the other varied levers' values (when at most eight
    /// combinations); on a sampling design, none (the other levers are pooled).
    public static func response(_ r: ExperimentResults, outcome name: String, lever leverName: String? = nil,
                                by: [String]? = nil) throws -> (chart: LineChart, file: String) {
        let outcome = try r.outcome(name)
        guard !r.levers.isEmpty else {
            throw BuurtError.input("a response curve needs a varied lever; this experiment varies none", file: r.dir,
                                   allowed: "buurt plot timeseries or survival for an experiment without varied levers")
        }
        let x = try leverName.map { try r.lever($0) } ?? 0
        let lever = r.levers[x]
        let groups: RunGroups
        if by == nil && r.design != "grid" { groups = RunGroups(r, levers: []) }
        else { groups = try RunGroups.make(r, by: by, excluding: x) }
        let levels = LeverLevels(r, lever: x, maxDistinct: 12, bins: 8)
        let values = try r.values(outcome)
        let clusters = r.clusterOfRun
        let cells = cellIntervals(values: values, group: groups.groupOfRun, groups: groups.count,
                                  level: levels.levelOfRun, levels: levels.count, clusters: clusters)
        let categorical = !lever.isNumeric
        let b = bounds(outcome.metric)
        var cut = false
        let series = groups.labels.indices.map { g in
            LineChart.Series(label: groups.labels[g], points: levels.centers.indices.map { k in
                point(x: categorical ? Double(k) : levels.centers[k], cells[g][k], within: b, cut: &cut)
            })
        }
        let ns = Set(cells.flatMap { $0.map(\.n) }.filter { $0 > 0 })
        let unit = clusters == nil ? "runs" : "\(r.clusterNames)"
        let nText = ns.count == 1 ? "\(ns.first!) \(unit) per point" : "\(ns.min() ?? 0)-\(ns.max() ?? 0) \(unit) per point"
        let how = clusters == nil ? "mean over runs with 95% confidence interval (Student t)"
            : "mean over \(r.clusterNames) (each one's runs averaged first) with 95% Student-t interval over them"
        var frame = ChartFrame(title: "\(outcome.label) against \(lever.label.lowercasedFirst)",
                               subtitle: sentence(["\(r.name): \(how), \(nText)"
                                                       + (ns.min() ?? 0 < 2 ? " (no interval from one)" : ""),
                                                   r.commonRandomNumbers ? r.clusterReason : "",
                                                   pooledNote(r, shown: [x] + groups.levers),
                                                   levels.binned ? "\(lever.name) in \(levels.count) ranges of about equal size, at their mean" : "",
                                                   binnedNote(groups.binnedLevers), cutNote(cut, outcome.metric)]),
                               xLabel: lever.axisLabel + (lever.log && !categorical ? ", log scale" : ""),
                               yLabel: outcome.axisLabel)
        frame.legendTitle = groups.levers.isEmpty ? "" : groups.title
        var chart = LineChart(frame: frame, series: series, style: .points)
        chart.xCategories = categorical ? levels.labels : nil
        chart.xLog = lever.log && !categorical
        return (chart, "response-\(outcome.column)-\(lever.name)\(byPart(groups, r)).svg")
    }
}
