import Foundation
import BuurtCore
import BuurtModel

/// `buurt analyze`: per-design-point statistics over replicates and, where the design allows,
/// sensitivity indices.
///
/// Estimators: mean; sample standard deviation (n - 1); 95% confidence interval of the mean
/// from Student's t with n - 1 degrees of freedom (GSL `gsl_cdf_tdist_Pinv`). Saltelli designs:
/// first-order indices by Saltelli (2010), total indices by Jansen (1999), on the replicate means
/// of each point, with 95% bootstrap percentile intervals (500 resamples). Morris designs: mu*
/// (mean absolute elementary effect), mu and sigma, on replicate means, in unit-range units.
public enum Analysis {
    public struct Result { public var points: Int; public var outcomes: Int; public var sensitivity: Bool }

    public static func analyze(dir: String) throws -> Result {
        let info = try Sweep.readProvenance(dir: dir)
        guard info["complete"] as? Bool == true else {
            throw BuurtError.input("the sweep is not finished; run it again to resume it", file: dir)
        }
        guard let text = info["experiment_text"] as? String else {
            throw BuurtError.input("experiment.json lacks the experiment text", file: dir + "/experiment.json")
        }
        let experiment = try ExperimentFile.parse(text, path: info["experiment_file"] as? String ?? dir + "/experiment.yaml")
        if experiment.design == .file, let hash = info["input_hash"] as? String, hash != experiment.hash {
            throw BuurtError.input("the design file has changed since the sweep (input hash \(experiment.hash), not \(hash))",
                                   file: dir + "/experiment.json", key: "points", allowed: "the design file the sweep ran")
        }
        let table = try CSVTable(path: dir + "/runs.csv")
        // The outcome columns are those the sweep wrote (a result from an older version keeps its own).
        let outcomes = table.header.filter { $0.hasSuffix("_final") || $0.hasSuffix("_mean") }
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

        var out = CSV.row(["point_id"] + experiment.factors.map(\.name) + ["outcome", "n", "mean", "sd", "ci_low", "ci_high"])
        for p in values.indices where !values[p][0].isEmpty {
            for k in outcomes.indices {
                let ci = Statistics.meanInterval(values[p][k])
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
            var s = CSV.row(["lever", "outcome", "S1", "S1_low", "S1_high", "ST", "ST_low", "ST_high"])
            for k in outcomes.indices {
                let y = means.map { $0[k] }
                let idx = Sensitivity.sobol(y: y, samples: experiment.samples, dimensions: d, bootstrap: 500,
                                            rng: RandomStream(experiment.seed, 0x5e5, UInt64(k)))
                for (f, i) in idx.enumerated() {
                    s += CSV.row([experiment.factors[f].name, outcomes[k]] + [i.first, i.firstLow, i.firstHigh, i.total,
                                 i.totalLow, i.totalHigh].map { NumberFormat.text($0) })
                }
            }
            try FileOps.writeAtomically(s, to: dir + "/sensitivity.csv")
            sensitivity = true
        case .morris:
            var s = CSV.row(["lever", "outcome", "mu_star", "mu", "sigma"])
            for k in outcomes.indices {
                let y = means.map { $0[k] }
                let eff = Sensitivity.morris(y: y, points: experiment.unitPoints, trajectories: experiment.samples, dimensions: d)
                for (f, e) in eff.enumerated() {
                    s += CSV.row([experiment.factors[f].name, outcomes[k], NumberFormat.text(e.muStar),
                                  NumberFormat.text(e.mu), NumberFormat.text(e.sigma)])
                }
            }
            try FileOps.writeAtomically(s, to: dir + "/sensitivity.csv")
            sensitivity = true
        default: break
        }
        return Result(points: values.filter { !$0[0].isEmpty }.count, outcomes: outcomes.count, sensitivity: sensitivity)
    }
}
