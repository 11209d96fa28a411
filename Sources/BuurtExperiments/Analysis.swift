import Foundation
import BuurtCore
import BuurtModel

/// `buurt analyze`: per-design-point statistics over replicates and, where the design allows,
/// sensitivity indices.
///
/// Estimators: mean; sample standard deviation (n - 1); 95% confidence interval of the mean
/// from Student's t with n - 1 degrees of freedom (GSL `gsl_cdf_tdist_Pinv`), clipped to the
/// outcome's declared range. Saltelli designs: first-order indices by Saltelli et al. (2010), total
/// indices by Jansen (1999), on the replicate means of each point, with 95% bootstrap percentile
/// intervals (500 resamples), the same at the first N/2 base samples, the sum of first-order
/// indices, and the noise floor (the share of the variance of the point means that is replicate
/// noise) with a flag per index. Morris designs: mu* (mean absolute elementary effect) with a 95%
/// bootstrap interval, mu and sigma, on replicate means, in unit-range units (categorical levers:
/// the output change of a switch).
public enum Analysis {
    public struct Result { public var points: Int; public var outcomes: Int; public var sensitivity: Bool }

    /// What `note` says of an outcome that takes one value in every run.
    public static let constantNote = "constant in this experiment"
    /// Notes of an outcome whose Sobol estimates cannot be trusted at this N.
    public static let negativeSumNote = "sum of S1 below 0: noise dominates, do not read the first-order indices"
    public static let noiseOverNote = "noise floor at least 1: replicate noise is as large as the variance between points, no index can be told from noise"

    /// The natural bounds of a metric from its declared range (">= 0", "0 .. 1"), infinite where
    /// there is none.
    public static func bounds(_ m: MetricSpec) -> ClosedRange<Double> {
        let r = m.range.trimmingCharacters(in: .whitespaces)
        if r.hasPrefix(">="), let lo = Double(r.dropFirst(2).trimmingCharacters(in: .whitespaces)) { return lo...Double.infinity }
        let parts = r.components(separatedBy: "..").map { $0.trimmingCharacters(in: .whitespaces) }
        if parts.count == 2, let lo = Double(parts[0]), let hi = Double(parts[1]), lo <= hi { return lo...hi }
        return -Double.infinity...Double.infinity
    }

    /// The metric a summary column summarises (nil for a column that is not one).
    public static func metric(ofColumn column: String) -> MetricSpec? {
        for suffix in MetricRegistry.summarySuffixes where column.hasSuffix(suffix) {
            if let i = Metric.registry.index(of: String(column.dropLast(suffix.count))) { return Metric.registry.specs[i] }
        }
        return nil
    }

    /// The noise floor of an outcome over a design: the replicate-noise variance of a point's mean
    /// (the mean over points of `s_p^2 / n_p`) over the variance `v` of the point means. NaN when no
    /// point has two replicates or `v` is not positive.
    public static func noiseFloor(replicates values: [[Double]], variance v: Double) -> Double {
        var sum = 0.0, count = 0
        for xs in values where xs.count >= 2 {
            let s = Statistics.sd(xs)
            sum += s * s / Double(xs.count)
            count += 1
        }
        guard count > 0, v > 0, v.isFinite else { return .nan }
        return sum / Double(count) / v
    }

    static func flag(_ b: Bool?) -> String { b.map { $0 ? "true" : "false" } ?? "" }

    /// The experiment of a sweep's result folder, rebuilt from what the folder holds: the
    /// experiment's text and base scenario from `experiment.json`, and for `design: file` the copy
    /// of the design file the sweep wrote (`DesignFile.copyName`), checked against the digest
    /// recorded. So a result folder can be analysed from any folder and after it was moved. A result
    /// of an older version without a copy reads the design file its experiment names.
    public static func experiment(ofResult dir: String, info: [String: Any]) throws -> Experiment {
        let json = dir + "/experiment.json"
        guard let text = info["experiment_text"] as? String else {
            throw BuurtError.input("experiment.json lacks the experiment text", file: json)
        }
        var stored = ExperimentFile.StoredInputs()
        if let yaml = info["base_scenario"] as? String { stored.scenario = try Scenario.parse(yaml, file: json) }
        if let record = info["design_file"] as? [String: Any] {
            let copy = dir + "/" + DesignFile.copyName
            guard FileOps.exists(copy) else {
                throw BuurtError.input("the sweep's copy of its design file is missing", file: copy,
                                       allowed: "the \(DesignFile.copyName) the sweep wrote into its folder; or run the sweep again with --fresh")
            }
            if let recorded = FileDigest(json: record["digest"]) {
                let found = try FileDigest.of(path: copy)
                if found != recorded {
                    throw BuurtError.input("the sweep's copy of its design file was changed after the sweep (recorded \(recorded); found \(found))",
                                           file: copy, allowed: "the \(DesignFile.copyName) the sweep wrote; or run the sweep again with --fresh")
                }
            }
            stored.designFile = copy
        }
        return try ExperimentFile.parse(text, path: info["experiment_file"] as? String ?? dir + "/experiment.yaml", stored: stored)
    }

    public static func analyze(dir: String) throws -> Result {
        let info = try Sweep.readProvenance(dir: dir)
        guard info["complete"] as? Bool == true else {
            throw BuurtError.input("the sweep is not finished; run it again to resume it", file: dir)
        }
        let experiment = try Analysis.experiment(ofResult: dir, info: info)
        if experiment.design == .file, let hash = info["input_hash"] as? String, hash != experiment.hash {
            throw BuurtError.input("the design file has changed since the sweep (input hash \(experiment.hash), not \(hash))",
                                   file: experiment.designFile?.path ?? dir + "/experiment.json", key: "points",
                                   allowed: "the design file the sweep ran")
        }
        let table = try CSVTable(path: dir + "/runs.csv")
        // The outcome columns are those the sweep wrote (a result from an older version keeps its own).
        let outcomes = table.header.filter { c in MetricRegistry.summarySuffixes.contains { c.hasSuffix($0) } }
        guard !outcomes.isEmpty else { throw BuurtError.input("runs.csv has no outcome columns", file: table.path) }
        let columns = try outcomes.map { try table.requireColumn($0) }
        let pointCol = try table.requireColumn("point_id")
        let factorCols = try experiment.factors.map { try table.requireColumn($0.name) }

        // values[point][outcome] = replicate values
        var values = [[[Double]]](repeating: [[Double]](repeating: [], count: outcomes.count), count: experiment.points.count)
        var leverText = [[String]](repeating: [], count: experiment.points.count)
        for (line, row) in table.rows.enumerated() {
            guard row.count == table.header.count, let p = Int(row[pointCol]), values.indices.contains(p) else {
                throw BuurtError.input("malformed row", file: table.path, line: line + 2)
            }
            leverText[p] = factorCols.map { row[$0] }
            for (k, c) in columns.enumerated() {
                guard let v = Double(row[c]) else {
                    throw BuurtError.input("'\(row[c])' is not a number", file: table.path, line: line + 2, key: outcomes[k])
                }
                values[p][k].append(v)
            }
        }

        let outcomeBounds = outcomes.map { metric(ofColumn: $0).map(bounds) ?? -Double.infinity...Double.infinity }
        var out = CSV.row(["point_id"] + experiment.factors.map(\.name) + ["outcome", "n", "mean", "sd", "ci_low", "ci_high"])
        for p in values.indices where !values[p][0].isEmpty {
            for k in outcomes.indices {
                var ci = Statistics.meanInterval(values[p][k])
                // A count or a share cannot leave its range; neither does its interval.
                if ci.low.isFinite { ci.low = Swift.max(ci.low, outcomeBounds[k].lowerBound) }
                if ci.high.isFinite { ci.high = Swift.min(ci.high, outcomeBounds[k].upperBound) }
                out += CSV.row([String(p)] + leverText[p] + [outcomes[k], String(ci.n), NumberFormat.text(ci.mean),
                               NumberFormat.text(ci.sd), NumberFormat.text(ci.low), NumberFormat.text(ci.high)])
            }
        }
        try FileOps.writeAtomically(out, to: dir + "/points.csv")

        let means = values.map { $0.map { Statistics.mean($0) } }
        var sensitivity = false
        let d = experiment.factors.count
        switch experiment.design {
        case .saltelli:
            var s = CSV.row(["lever", "outcome", "S1", "S1_low", "S1_high", "ST", "ST_low", "ST_high", "S1_half", "ST_half",
                             "S1_sum", "S1_sum_over_1", "noise_floor", "S1_clears_noise", "ST_clears_noise", "note"]
                             + FirstOrderEstimator.allCases.filter { $0 != .standard }.map { "S1_" + $0.columnSuffix }
                             + ["ST_rank", "ST_rank_low", "ST_rank_high"])
            let n = experiment.samples
            for k in outcomes.indices {
                let y = means.map { $0[k] }
                let idx = Sensitivity.sobol(y: y, samples: n, dimensions: d, bootstrap: 500,
                                            rng: RandomStream(experiment.seed, 0x5e5, UInt64(k)))
                let half = n >= 4 ? Sensitivity.sobol(y: y, samples: n, dimensions: d, bootstrap: 0,
                                                      rng: RandomStream(experiment.seed, 0x5e6, UInt64(k)), rows: n / 2)
                                  : [SobolIndex](repeating: .unknown, count: d)
                // The other first-order estimators on the same runs, for comparison (no bootstrap).
                let others = FirstOrderEstimator.allCases.filter { $0 != .standard }.map {
                    Sensitivity.sobol(y: y, samples: n, dimensions: d, bootstrap: 0,
                                      rng: RandomStream(experiment.seed, 0x5e7, UInt64(k)), estimator: $0).map(\.first)
                }
                let variance = Sensitivity.abVariance(y: y, samples: n, dimensions: d)
                let floor = noiseFloor(replicates: values.map { $0[k] }, variance: variance)
                let firsts = idx.map(\.first).filter(\.isFinite)
                let sum = firsts.count == d ? firsts.reduce(0, +) : Double.nan
                let constant = !(variance > 0)
                var notes = constant ? [constantNote] : []
                if !constant, sum.isFinite, sum < 0 { notes.append(negativeSumNote) }
                if !constant, floor.isFinite, floor >= 1 { notes.append(noiseOverNote) }
                func clears(_ low: Double, _ point: Double) -> Bool? {
                    guard floor.isFinite else { return nil }
                    let v = low.isFinite ? low : point
                    return v.isFinite ? v > floor : nil
                }
                for (f, i) in idx.enumerated() {
                    s += CSV.row([experiment.factors[f].name, outcomes[k]]
                                 + [i.first, i.firstLow, i.firstHigh, i.total, i.totalLow, i.totalHigh,
                                    half[f].first, half[f].total, sum].map { NumberFormat.text($0) }
                                 + [sum.isFinite ? flag(sum > 1) : "", NumberFormat.text(floor),
                                    flag(clears(i.firstLow, i.first)), flag(clears(i.totalLow, i.total)),
                                    notes.joined(separator: "; ")] + others.map { NumberFormat.text($0[f]) }
                                 + [i.rank, i.rankLow, i.rankHigh].map { $0.isFinite ? String(Int($0)) : "" })
                }
            }
            try FileOps.writeAtomically(s, to: dir + "/sensitivity.csv")
            sensitivity = true
        case .morris:
            var s = CSV.row(["lever", "outcome", "mu_star", "mu_star_low", "mu_star_high", "mu", "sigma", "effects", "note"])
            // A lever given as a list is a set of categories: its index in the list per design row.
            let categories: [[Int]?] = experiment.factors.enumerated().map { f, factor in
                guard let list = factor.values else { return nil }
                return experiment.points.map { row in list.firstIndex(of: row[f]) ?? 0 }
            }
            for k in outcomes.indices {
                let y = means.map { $0[k] }
                let eff = Sensitivity.morris(y: y, points: experiment.unitPoints, trajectories: experiment.samples, dimensions: d,
                                             categories: categories, bootstrap: 500,
                                             rng: RandomStream(experiment.seed, 0x303b, UInt64(k)))
                let constant = Set(y).count <= 1
                for (f, e) in eff.enumerated() {
                    let note = constant ? constantNote : (categories[f] != nil ? "categorical: effect of a switch" : "")
                    s += CSV.row([experiment.factors[f].name, outcomes[k]]
                                 + [e.muStar, e.muStarLow, e.muStarHigh, e.mu, e.sigma].map { NumberFormat.text($0) }
                                 + [String(e.effects), note])
                }
            }
            try FileOps.writeAtomically(s, to: dir + "/sensitivity.csv")
            sensitivity = true
        default: break
        }
        return Result(points: values.filter { !$0[0].isEmpty }.count, outcomes: outcomes.count, sensitivity: sensitivity)
    }
}
