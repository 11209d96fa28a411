import Foundation
import BuurtCore

/// The levels of one varied lever across the runs: its distinct values, or, for a numeric lever
/// with more distinct values than a chart can show (a sampling design), contiguous ranges holding
/// about equally many of them.
public struct LeverLevels {
    /// A label per level: the value as written in `runs.csv`, or a range `lo – hi`.
    public var labels: [String]
    /// The mean lever value of the runs in each level (the x position on a numeric axis).
    public var centers: [Double]
    /// The level of each run (row of `runs.csv`).
    public var levelOfRun: [Int]
    public var binned: Bool
    public var count: Int { labels.count }

    /// - Parameters:
    ///   - maxDistinct: up to this many distinct values are kept as they are.
    ///   - bins: otherwise, numeric values are put in this many ranges.
    public init(_ r: ExperimentResults, lever k: Int, maxDistinct: Int, bins: Int) {
        let values = r.leverValues.map { $0[k] }
        let distinct = Array(Set(values)).sorted()
        var index: [Double: Int] = [:]
        if distinct.count <= maxDistinct || !r.levers[k].isNumeric {
            for (i, v) in distinct.enumerated() { index[v] = i }
            var labels = [String](repeating: "", count: distinct.count)
            // Numbers rounded for reading; choices and flags as written in runs.csv.
            for (row, v) in values.enumerated() {
                labels[index[v]!] = r.levers[k].isNumeric ? Scale.readable(v) : r.leverTexts[row][k]
            }
            self.labels = labels
            centers = distinct
            binned = false
        } else {
            let n = Swift.max(1, Swift.min(bins, distinct.count))
            var ranges: [(Double, Double)] = []
            for b in 0..<n {
                let from = b * distinct.count / n, to = (b + 1) * distinct.count / n
                for v in distinct[from..<to] { index[v] = b }
                ranges.append((distinct[from], distinct[to - 1]))
            }
            labels = ranges.map { "\(Scale.readable($0.0)) – \(Scale.readable($0.1))" }
            var sums = [Double](repeating: 0, count: n), counts = [Double](repeating: 0, count: n)
            for v in values { sums[index[v]!] += v; counts[index[v]!] += 1 }
            centers = (0..<n).map { counts[$0] > 0 ? sums[$0] / counts[$0] : .nan }
            binned = true
        }
        levelOfRun = values.map { index[$0]! }
    }
}

/// Runs sorted into groups by the levels of some varied levers: one line per group in a chart.
public struct RunGroups {
    public var levers: [Int]
    public var labels: [String]
    /// The group of each run (row of `runs.csv`).
    public var groupOfRun: [Int]
    /// The legend's title: the levers' names.
    public var title: String
    /// Levers whose values were put in ranges.
    public var binnedLevers: [String]
    public var count: Int { labels.count }

    /// The most groups a chart draws (eight colours, then dashed and dotted lines).
    public static let maxGroups = 16

    public init(_ r: ExperimentResults, levers: [Int]) {
        self.levers = levers
        let levels = levers.map { LeverLevels(r, lever: $0, maxDistinct: 8, bins: 4) }
        binnedLevers = zip(levers, levels).filter { $0.1.binned }.map { r.levers[$0.0].name }
        title = levers.map { r.levers[$0].label }.joined(separator: ", ")
        var keys: [[Int]] = []
        var byKey: [[Int]: Int] = [:]
        let runKeys = (0..<r.runCount).map { row in levels.map { $0.levelOfRun[row] } }
        for key in Set(runKeys).sorted(by: { $0.lexicographicallyPrecedes($1) }) {
            byKey[key] = keys.count
            keys.append(key)
        }
        labels = levers.isEmpty ? ["all runs"] : keys.map { key in
            zip(levels, key).map { $0.0.labels[$0.1] }.joined(separator: ", ")
        }
        groupOfRun = runKeys.map { byKey[$0] ?? 0 }
    }

    /// Groups for the `--by` levers, checked; the default (no `--by`) is every varied lever
    /// together when that makes at most eight groups, otherwise the first varied lever alone.
    public static func make(_ r: ExperimentResults, by names: [String]?, excluding: Int? = nil) throws -> RunGroups {
        if let names {
            var levers: [Int] = []
            for n in names {
                let k = try r.lever(n)
                if k == excluding {
                    throw BuurtError.input("is already on the x axis; group by another lever", key: n,
                                           allowed: r.leverNames.filter { $0 != n }.joined(separator: ", "))
                }
                if !levers.contains(k) { levers.append(k) }
            }
            let g = RunGroups(r, levers: levers)
            if g.count > maxGroups {
                throw BuurtError.input("gives \(g.count) groups, more than the \(maxGroups) one chart can show",
                                       key: "--by " + names.joined(separator: " --by "), allowed: "fewer --by levers")
            }
            return g
        }
        let candidates = r.levers.indices.filter { $0 != excluding }
        let all = RunGroups(r, levers: candidates)
        if all.count <= 8 && all.binnedLevers.isEmpty { return all }
        return RunGroups(r, levers: Array(candidates.prefix(1)))
    }
}
