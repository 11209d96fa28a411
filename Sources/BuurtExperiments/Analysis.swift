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
/// indices with its interval, and the noise floor (the share of the variance of the point means
/// that is replicate noise; under common random numbers each lever's own, from paired differences)
/// with a flag per index. Morris designs: mu* (mean absolute elementary effect) with a 95%
/// bootstrap interval, mu and sigma, on replicate means, in unit-range units of the values actually
/// run (categorical levers: the output change of a switch), and the mu* that replicate noise alone
/// would give. Below `Sensitivity.minimumForInterval` base samples or effects, no intervals.
public enum Analysis {
    public struct Result { public var points: Int; public var outcomes: Int; public var sensitivity: Bool }

    /// What `note` says of an outcome that takes one value in every run.
    public static let constantNote = "constant in this experiment"
    /// Notes of an outcome whose Sobol estimates cannot be trusted at this N.
    public static let negativeSumNote = "sum of S1 below 0: noise dominates, do not read the first-order indices"
    public static let noiseOverNote = "noise floor at least 1: replicate noise is as large as the variance between points, no index can be told from noise"
    /// The note of every Sobol row of a sweep with too few base samples for an interval.
    public static func tooFewSamplesNote(_ n: Int) -> String {
        "\(n) base sample\(n == 1 ? "" : "s"), fewer than \(Sensitivity.minimumForInterval): no intervals, ranks or noise flags; read the estimates as a pilot"
    }
    /// The note of a Morris row whose lever has too few elementary effects for an interval.
    public static func tooFewEffectsNote(_ n: Int) -> String {
        "\(n) elementary effect\(n == 1 ? "" : "s"), fewer than \(Sensitivity.minimumForInterval): no interval or noise flag"
    }
    /// The note of every sensitivity row of a sweep with common random numbers.
    public static let commonRandomNumbersNote = "common random numbers: the noise floor is each lever's own, from the replicates' paired differences"
    /// The note of every sensitivity row of a sweep with one replicate per point.
    public static let oneReplicateNote = "one replicate per point: the noise cannot be measured"

    /// The variance of the replicate noise in the difference of two points' means, from their
    /// runs paired by replicate: the sample variance of the paired differences over their number
    /// (under common random numbers a pair shares a seed, so the noise that cancels in the pair
    /// cancels here too; without, the pairs are independent and this estimates the sum of the two
    /// means' noise). NaN with fewer than two pairs.
    public static func differenceNoise(_ a: [Double], replicates ra: [Int], _ b: [Double], replicates rb: [Int]) -> Double {
        var byReplicate: [Int: Double] = [:]
        for (v, r) in zip(b, rb) { byReplicate[r] = v }
        var d: [Double] = []
        for (v, r) in zip(a, ra) { if let w = byReplicate[r] { d.append(w - v) } }
        guard d.count >= 2 else { return .nan }
        let s = Statistics.sd(d)
        return s * s / Double(d.count)
    }

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

    /// Each lever's noise floor of a Saltelli design whose pairs of runs share seeds (common random
    /// numbers): the mean over base samples j of the noise variance of the difference of the means
    /// of A_j and AB_j^(i) (`differenceNoise`, runs paired by replicate id), over 2V, which is what
    /// that noise adds to Jansen's ST. `values[p]` are point p's replicate values and `ids[p]` their
    /// replicate ids, in the design's order (blocks of d + 2). NaN where a pair has fewer than two
    /// replicates or V is not positive.
    public static func pairedNoiseFloors(replicates values: [[Double]], ids: [[Int]], samples n: Int, dimensions d: Int,
                                         variance v: Double) -> [Double] {
        let block = d + 2
        guard values.count == n * block, ids.count == values.count, v > 0, v.isFinite else {
            return [Double](repeating: .nan, count: d)
        }
        return (0..<d).map { i in
            let noise = (0..<n).map { j in
                differenceNoise(values[j * block], replicates: ids[j * block], values[j * block + 1 + i], replicates: ids[j * block + 1 + i])
            }
            return noise.allSatisfy(\.isFinite) ? Statistics.mean(noise) / 2 / v : .nan
        }
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
        // A hand-edited or damaged runs.csv (a value changed, a row doubled) is refused, not analysed.
        try Sweep.checkSealed(info, dir: dir, only: ["runs.csv"])
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
        // The replicate of each run pairs the runs of two points (absent in old results: run order).
        let replicateCol = table.column("replicate")
        let factorCols = try experiment.factors.map { try table.requireColumn($0.name) }

        // values[point][outcome] = replicate values
        var values = [[[Double]]](repeating: [[Double]](repeating: [], count: outcomes.count), count: experiment.points.count)
        var leverText = [[String]](repeating: [], count: experiment.points.count)
        var replicates = [[Int]](repeating: [], count: experiment.points.count)
        for (line, row) in table.rows.enumerated() {
            guard row.count == table.header.count, let p = Int(row[pointCol]), values.indices.contains(p) else {
                throw BuurtError.input("malformed row", file: table.path, line: line + 2)
            }
            leverText[p] = factorCols.map { row[$0] }
            replicates[p].append(replicateCol.flatMap { Int(row[$0]) } ?? replicates[p].count)
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
                             + ["ST_rank", "ST_rank_low", "ST_rank_high", "S1_sum_low", "S1_sum_high"])
            let n = experiment.samples
            let intervals = n >= Sensitivity.minimumForInterval
            let crn = experiment.commonRandomNumbers
            for k in outcomes.indices {
                let y = means.map { $0[k] }
                let idx = Sensitivity.sobol(y: y, samples: n, dimensions: d, bootstrap: intervals ? 500 : 0,
                                            rng: RandomStream(experiment.seed, 0x5e5, UInt64(k)))
                let half = n >= 4 ? Sensitivity.sobol(y: y, samples: n, dimensions: d, bootstrap: 0,
                                                      rng: RandomStream(experiment.seed, 0x5e6, UInt64(k)), rows: n / 2)
                                  : [SobolIndex](repeating: .unknown, count: d)
                // The other first-order estimators on the same runs, for comparison (no bootstrap).
                let others = FirstOrderEstimator.allCases.filter { $0 != .standard }.map {
                    Sensitivity.sobol(y: y, samples: n, dimensions: d, bootstrap: 0,
                                      rng: RandomStream(experiment.seed, 0x5e7, UInt64(k)), estimator: $0).map(\.first)
                }
                let sum = Sensitivity.firstOrderSum(y: y, samples: n, dimensions: d, bootstrap: intervals ? 500 : 0,
                                                    rng: RandomStream(experiment.seed, 0x5e8, UInt64(k)))
                let variance = Sensitivity.abVariance(y: y, samples: n, dimensions: d)
                // The noise floor: what replicate noise alone adds to ST (Jansen's estimator adds half
                // the noise variance of f(A) - f(AB_i) over V). Independent seeds: the same for every
                // lever, the mean noise of a point's mean over V. Common random numbers: a pair of
                // runs shares its seed and much of the noise cancels, so each lever's own, from the
                // pairs' differences.
                let floors: [Double] = crn
                    ? pairedNoiseFloors(replicates: values.map { $0[k] }, ids: replicates, samples: n, dimensions: d, variance: variance)
                    : [Double](repeating: noiseFloor(replicates: values.map { $0[k] }, variance: variance), count: d)
                let constant = !(variance > 0)
                var notes = constant ? [constantNote] : []
                if !intervals { notes.append(tooFewSamplesNote(n)) }
                if !constant, intervals, sum.high < 0 { notes.append(negativeSumNote) }
                if !constant, floors.allSatisfy({ $0.isFinite && $0 >= 1 }) { notes.append(noiseOverNote) }
                if !constant, experiment.replicates < 2 { notes.append(oneReplicateNote) }
                if !constant, crn, experiment.replicates >= 2 { notes.append(commonRandomNumbersNote) }
                // A first-order index of a lever without effect estimates 0 whatever the noise
                // (Saltelli 2010: f(B) (f(AB_i) - f(A)) has mean 0), a total index the floor.
                func clears(_ low: Double, above floor: Double) -> Bool? {
                    guard intervals, low.isFinite, floor.isFinite else { return nil }
                    return low > floor
                }
                for (f, i) in idx.enumerated() {
                    let rank = intervals ? [i.rank, i.rankLow, i.rankHigh] : [i.rank, .nan, .nan]
                    s += CSV.row([experiment.factors[f].name, outcomes[k]]
                                 + [i.first, i.firstLow, i.firstHigh, i.total, i.totalLow, i.totalHigh,
                                    half[f].first, half[f].total, sum.sum].map { NumberFormat.text($0) }
                                 + [intervals && sum.low.isFinite ? flag(sum.low > 1) : "", NumberFormat.text(floors[f]),
                                    flag(clears(i.firstLow, above: 0)), flag(clears(i.totalLow, above: floors[f])),
                                    notes.joined(separator: "; ")] + others.map { NumberFormat.text($0[f]) }
                                 + rank.map { $0.isFinite ? String(Int($0)) : "" }
                                 + [sum.low, sum.high].map { NumberFormat.text($0) })
                }
            }
            try FileOps.writeAtomically(s, to: dir + "/sensitivity.csv")
            sensitivity = true
        case .morris:
            var s = CSV.row(["lever", "outcome", "mu_star", "mu_star_low", "mu_star_high", "mu", "sigma", "effects", "note",
                             "mu_star_noise", "mu_star_clears_noise"])
            // A lever given as a list is a set of categories: its index in the list per design row.
            let categories: [[Int]?] = experiment.factors.enumerated().map { f, factor in
                guard let list = factor.values else { return nil }
                return experiment.points.map { row in list.firstIndex(of: row[f]) ?? 0 }
            }
            // Steps in the values actually run: an integer lever's rounding can make a step longer
            // or shorter than the design's (or nothing, and the step is skipped).
            let ran: [[Double]] = experiment.points.indices.map { p in
                experiment.factors.enumerated().map { f, factor in
                    factor.values == nil ? factor.unit(of: experiment.points[p][f]) : experiment.unitPoints[p][f]
                }
            }
            for k in outcomes.indices {
                let y = means.map { $0[k] }
                let stepNoise = (0..<Swift.max(0, y.count - 1)).map { p in
                    differenceNoise(values[p][k], replicates: replicates[p], values[p + 1][k], replicates: replicates[p + 1])
                }
                let eff = Sensitivity.morris(y: y, points: ran, trajectories: experiment.samples, dimensions: d,
                                             categories: categories, bootstrap: 500,
                                             rng: RandomStream(experiment.seed, 0x303b, UInt64(k)), stepNoise: stepNoise)
                let constant = Set(y).count <= 1
                for (f, e) in eff.enumerated() {
                    let enough = e.effects >= Sensitivity.minimumForInterval
                    var notes: [String] = []
                    if constant { notes.append(constantNote) } else if categories[f] != nil { notes.append("categorical: effect of a switch") }
                    if !constant, !enough { notes.append(tooFewEffectsNote(e.effects)) }
                    if !constant, experiment.replicates < 2 { notes.append(oneReplicateNote) }
                    let clears = enough && e.muStarLow.isFinite && e.noise.isFinite ? flag(e.muStarLow > e.noise) : ""
                    s += CSV.row([experiment.factors[f].name, outcomes[k]]
                                 + [e.muStar, enough ? e.muStarLow : .nan, enough ? e.muStarHigh : .nan, e.mu, e.sigma].map { NumberFormat.text($0) }
                                 + [String(e.effects), notes.joined(separator: "; "), NumberFormat.text(e.noise), clears])
                }
            }
            try FileOps.writeAtomically(s, to: dir + "/sensitivity.csv")
            sensitivity = true
        default: break
        }
        return Result(points: values.filter { !$0[0].isEmpty }.count, outcomes: outcomes.count, sensitivity: sensitivity)
    }
}
