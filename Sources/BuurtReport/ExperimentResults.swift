import Foundation
import BuurtCore
import BuurtModel
import BuurtExperiments

/// A finished sweep folder, read for charts and the report: its provenance (`experiment.json`),
/// its runs (`runs.csv`) with each run's values of the varied levers, and which other files it has.
///
/// Names given by a user (metrics, summary columns, levers) are resolved here, and a wrong name
/// is an input error (exit 2) that lists the names this experiment does have.
public final class ExperimentResults {
    /// A lever the design varies, with its column in `runs.csv`.
    public struct VariedLever {
        public let spec: LeverSpec
        public let log: Bool
        public var name: String { spec.name }
        /// Numeric levers are drawn on a numeric axis; choices and flags as categories.
        public var isNumeric: Bool {
            switch spec.kind { case .real, .integer: return true; case .flag, .choice: return false }
        }
        /// Plain-language label from `RegistryLabels`.
        public var label: String { RegistryLabels.lever(spec.name) }
        /// An axis label with the unit from the registry.
        public var axisLabel: String { isNumeric ? "\(label) (\(spec.unit))" : label }
    }

    /// A summary column of `runs.csv`: `<metric>_final`, `<metric>_mean` or `<metric>_lastyear`.
    public struct Outcome {
        public let column: String
        public let metric: MetricSpec
        /// The summary suffix: `_final`, `_mean` or `_lastyear`.
        public let summary: String
        public var isFinal: Bool { summary == "_final" }
        /// What the summary is, in words.
        public var summaryText: String { RegistryLabels.summaryText(summary) }
        /// Plain-language label: "Self-sustaining initiatives, last year mean".
        public var label: String { RegistryLabels.metric(metric.name) + ", " + summaryText }
        public var axisLabel: String { "\(label) (\(metric.unit))" }
    }

    public let dir: String
    public let info: [String: Any]
    public let name: String
    public let question: String
    public let design: String
    public let ticks: Int
    public let replicates: Int
    public let levers: [VariedLever]
    public let runs: CSVTable
    /// Per row of `runs.csv`: run id, design point, and each varied lever's value and text.
    public let runIDs: [Int]
    public let pointIDs: [Int]
    public let leverValues: [[Double]]
    public let leverTexts: [[String]]
    /// Per row of `runs.csv`: the run's replicate (under common random numbers, runs of one
    /// replicate share their seed at every design point).
    public let replicateOfRun: [Int]
    /// Whether the sweep ran with common random numbers (`common_random_numbers: true`).
    public let commonRandomNumbers: Bool
    /// Metrics kept in `timeseries.csv` (empty when none were kept).
    public let timeseriesMetrics: [String]

    public var runCount: Int { runIDs.count }
    public var hasTimeseries: Bool { !timeseriesMetrics.isEmpty && FileOps.exists(dir + "/timeseries.csv") }
    public var hasInitiatives: Bool { FileOps.exists(dir + "/initiatives.csv") }
    public var hasSensitivity: Bool { FileOps.exists(dir + "/sensitivity.csv") }

    public init(dir: String) throws {
        self.dir = (try? OutputFolder.resolve(dir, flag: "DIR")) ?? dir
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: self.dir, isDirectory: &isDir), isDir.boolValue else {
            throw BuurtError.input("no such folder", file: dir, allowed: "a sweep result folder (buurt sweep ... --out DIR)")
        }
        info = try Sweep.readProvenance(dir: self.dir)
        guard info["complete"] as? Bool == true else {
            throw BuurtError.input("the sweep is not finished; run it again to resume it", file: dir)
        }
        // Charts and the report rest on runs.csv: a hand-edited or damaged one is refused.
        try Sweep.checkSealed(info, dir: self.dir, only: ["runs.csv"])
        name = info["name"] as? String ?? PathText.name(self.dir)
        question = info["question"] as? String ?? ""
        design = info["design"] as? String ?? "?"
        ticks = info["ticks"] as? Int ?? 0
        replicates = info["replicates"] as? Int ?? 1
        timeseriesMetrics = info["timeseries_metrics"] as? [String] ?? []
        commonRandomNumbers = info["common_random_numbers"] as? Bool ?? false
        let json = self.dir + "/experiment.json"
        var levers: [VariedLever] = []
        for f in info["factors"] as? [[String: Any]] ?? [] {
            guard let n = f["lever"] as? String, let spec = Lever.registry[n] else {
                throw BuurtError.input("a varied lever is missing or unknown", file: json, key: "factors")
            }
            levers.append(VariedLever(spec: spec, log: f["log"] as? Bool ?? false))
        }
        self.levers = levers

        let table = try CSVTable(path: self.dir + "/runs.csv")
        runs = table
        let idCol = try table.requireColumn("run_id"), pointCol = try table.requireColumn("point_id")
        let cols = try levers.map { try table.requireColumn($0.name) }
        let replicateCol = table.column("replicate")
        var ids: [Int] = [], points: [Int] = [], values: [[Double]] = [], texts: [[String]] = [], reps: [Int] = []
        for (k, row) in table.rows.enumerated() {
            guard row.count == table.header.count, let id = Int(row[idCol]), let p = Int(row[pointCol]) else {
                throw BuurtError.input("malformed row", file: table.path, line: k + 2)
            }
            ids.append(id); points.append(p)
            reps.append(replicateCol.flatMap { Int(row[$0]) } ?? id % Swift.max(1, replicates))
            texts.append(cols.map { row[$0] })
            values.append(try zip(levers, cols).map { lever, c in
                do { return try lever.spec.parse(row[c]) } catch let e as BuurtError {
                    throw BuurtError.input(e.message, file: table.path, line: k + 2, key: lever.name, allowed: e.allowed)
                }
            })
        }
        runIDs = ids; pointIDs = points; leverValues = values; leverTexts = texts; replicateOfRun = reps
        guard !ids.isEmpty else { throw BuurtError.input("runs.csv has no runs", file: table.path) }
    }

    public var leverNames: [String] { levers.map(\.name) }

    /// The cluster of each run for intervals that respect the design: runs of one cluster are not
    /// independent draws. With common random numbers, the replicate, whatever the design: replicate
    /// r has the same seed at every point, so the runs of a replicate share their noise and only
    /// the replicates are independent (the interval is then over the replicates' means, for the
    /// design points the sweep ran). Otherwise, runs of one cluster share most lever values:
    /// Saltelli: the base sample (a block of d + 2 points); Morris: the trajectory (d + 1 points);
    /// lhs and sobol: the design point (its replicates). Nil for a grid without common random
    /// numbers, whose points are fixed by design and whose runs are independent.
    public var clusterOfRun: [Int]? {
        if commonRandomNumbers { return replicateOfRun }
        let d = levers.count
        switch design {
        case "saltelli": return pointIDs.map { $0 / (d + 2) }
        case "morris": return pointIDs.map { $0 / (d + 1) }
        case "lhs", "sobol", "file": return pointIDs
        default: return nil
        }
    }

    /// The same in the plural.
    public var clusterNames: String { design == "morris" && !commonRandomNumbers ? "trajectories" : clusterName + "s" }

    /// Why runs are grouped before an interval, for subtitles and the report ("" without clusters).
    public var clusterReason: String {
        guard clusterOfRun != nil else { return "" }
        return commonRandomNumbers ? "under common random numbers the runs of a replicate share their seed at every point"
            : "runs of one \(clusterName) share most lever values"
    }

    /// What a cluster is, for subtitles.
    public var clusterName: String {
        if commonRandomNumbers { return "replicate" }
        switch design {
        case "saltelli": return "base sample"
        case "morris": return "trajectory"
        default: return "design point"
        }
    }

    /// The index of a lever this experiment varies.
    public func lever(_ name: String) throws -> Int {
        if let i = levers.firstIndex(where: { $0.name == name }) { return i }
        let allowed = leverNames.joined(separator: ", ")
        if Lever.registry[name] != nil {
            throw BuurtError.input("this experiment does not vary this lever", key: name, allowed: allowed)
        }
        let near = Spelling.nearest(name, in: leverNames)
        let hint = near.isEmpty ? "" : "; did you mean \(near.map { "'\($0)'" }.joined(separator: " or "))?"
        throw BuurtError.input("unknown lever" + hint, key: name, allowed: allowed)
    }

    /// An outcome by metric name (its final value) or by summary column name.
    public func outcome(_ name: String) throws -> Outcome {
        let reg = Metric.registry
        if let i = reg.index(of: name) {
            return Outcome(column: name + "_final", metric: reg.specs[i], summary: "_final")
        }
        for suffix in MetricRegistry.summarySuffixes where name.hasSuffix(suffix) {
            if let i = reg.index(of: String(name.dropLast(suffix.count))) {
                return Outcome(column: name, metric: reg.specs[i], summary: suffix)
            }
        }
        let near = Spelling.nearest(name, in: reg.names + reg.summaryColumns)
        let hint = near.isEmpty ? "" : "; did you mean \(near.map { "'\($0)'" }.joined(separator: " or "))?"
        throw BuurtError.input("unknown outcome" + hint, key: name,
                               allowed: "a metric (its final value) or <metric>_final, <metric>_mean or <metric>_lastyear, metrics: "
                                   + reg.names.joined(separator: ", "))
    }

    /// A metric kept in this experiment's `timeseries.csv`.
    public func timeseriesMetric(_ name: String) throws -> MetricSpec {
        guard hasTimeseries else {
            throw BuurtError.input("this experiment kept no time series (timeseries.csv)", file: dir, key: name,
                                   allowed: "an experiment with timeseries: all or {metrics: [...]}")
        }
        let allowed = timeseriesMetrics.joined(separator: ", ")
        if timeseriesMetrics.contains(name), let i = Metric.registry.index(of: name) { return Metric.registry.specs[i] }
        if Metric.registry.index(of: name) != nil {
            throw BuurtError.input("this metric is not in this experiment's timeseries.csv", key: name, allowed: allowed)
        }
        var base = name
        for suffix in MetricRegistry.summarySuffixes where name.hasSuffix(suffix) { base = String(name.dropLast(suffix.count)) }
        let near = Spelling.nearest(base, in: timeseriesMetrics)
        let hint = near.isEmpty ? "" : "; did you mean \(near.map { "'\($0)'" }.joined(separator: " or "))?"
        throw BuurtError.input("unknown metric" + hint, key: name, allowed: allowed)
    }

    /// Each run's value of an outcome, in the order of `runs.csv`.
    public func values(_ outcome: Outcome) throws -> [Double] {
        let c = try runs.requireColumn(outcome.column)
        return try runs.rows.enumerated().map { k, row in
            guard c < row.count, let v = Double(row[c]) else {
                throw BuurtError.input("'\(c < row.count ? row[c] : "")' is not a number", file: runs.path, line: k + 2,
                                       key: outcome.column)
            }
            return v
        }
    }

    /// The row of each run id.
    public func rowIndexByRunID() -> [Int: Int] {
        var map: [Int: Int] = [:]
        for (k, id) in runIDs.enumerated() { map[id] = k }
        return map
    }
}
