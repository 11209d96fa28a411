import Foundation
import BuurtCore
import BuurtModel

/// The designs an experiment file may ask for.
public enum DesignKind: String, CaseIterable, Sendable {
    case grid, lhs, sobol, saltelli, morris
    /// Points read from a CSV file (`points: PATH.csv`), one column per lever: see `DesignFile`.
    case file
}

/// An experiment: a base scenario plus overrides, the levers to vary, a design, replicates, a base
/// seed, ticks, and which metrics to keep per tick. Everything is validated when it is loaded.
public struct Experiment: Sendable {
    public var name: String
    public var question: String
    /// The base scenario with the experiment's overrides and ticks applied.
    public var base: Scenario
    public var factors: [Factor]
    public var design: DesignKind
    public var samples: Int
    public var levels: Int
    public var replicates: Int
    public var seed: UInt64
    /// Metrics kept per tick (registry indices), or nil for no time series.
    public var timeseriesMetrics: [Int]?
    public var every: Int
    /// Whether to write `initiatives.csv` (one row per initiative, for survival analysis).
    public var keepInitiatives: Bool = false
    /// Common random numbers: replicate r has the same seed at every design point, so points are
    /// compared on the same random histories (paired comparisons, less noise).
    public var commonRandomNumbers: Bool = false
    /// Lever values of each design point, one per factor.
    public var points: [[Double]]
    /// The same points in the unit hypercube (sampling designs), for sensitivity analysis.
    public var unitPoints: [[Double]]
    /// The experiment file's text, kept for provenance and to rebuild the design in `analyze`.
    public var text: String
    public var path: String
    /// The base scenario file (nil: the embedded baseline) and the experiment's own overrides.
    public var scenarioPath: String?
    public var overrides: [(lever: Lever, value: Double)]
    /// `design: file`: the design file's resolved path and its bytes as read (a sweep copies them
    /// into its result folder as `DesignFile.copyName`).
    public var designFile: (path: String, data: Data)? = nil

    public var runCount: Int { points.count * replicates }

    /// Fingerprint of everything that decides the runs' numbers (not the shard or thread count).
    public var hash: String {
        var canon = base.yaml()
        canon += "design: \(design.rawValue) samples: \(samples) levels: \(levels) replicates: \(replicates) seed: \(seed)\n"
        for (k, f) in factors.enumerated() {
            canon += "vary \(f.name): " + points.map { NumberFormat.text($0[k]) }.joined(separator: ",") + "\n"
        }
        if keepInitiatives { canon += "initiatives: true\n" }
        if commonRandomNumbers { canon += "crn: true\n" }
        canon += "timeseries: \(timeseriesMetrics.map { $0.map(String.init).joined(separator: ",") } ?? "none") every \(every)\n"
        return Fingerprint.hex(canon)
    }

    /// Design point, replicate and seed of a run. The seed is derived from (base seed, point,
    /// replicate), so `buurt run --seed S` with the point's lever values replays the run.
    public func run(_ id: Int) -> (point: Int, replicate: Int, seed: UInt64) {
        let p = id / replicates, r = id % replicates
        if commonRandomNumbers { return (p, r, SeedMixer.mix53([seed, 0xC0FFEE, UInt64(r)])) }
        return (p, r, SeedMixer.mix53([seed, UInt64(p), UInt64(r)]))
    }

    /// The full scenario of one run.
    public func scenario(run id: Int) -> Scenario {
        let (p, _, s) = run(id)
        var sc = base
        for (k, f) in factors.enumerated() { sc.values[f.lever] = points[p][k] }
        sc.values[.seed] = Double(s)
        return sc
    }

    /// The `--set` arguments that replay a run with `buurt run`.
    public func replayArguments(run id: Int) -> [String] {
        let sc = scenario(run: id)
        var args: [String] = scenarioPath.map { [$0] } ?? []
        for o in overrides where !factors.contains(where: { $0.lever == o.lever }) && o.lever != .ticks && o.lever != .seed {
            args += ["--set", "\(o.lever.spec.name)=\(o.lever.spec.format(o.value))"]
        }
        for f in factors { args += ["--set", "\(f.name)=\(f.lever.spec.format(sc.values[f.lever]))"] }
        return args + ["--seed", String(sc.values.int(.seed)), "--ticks", String(sc.values.int(.ticks))]
    }
}
