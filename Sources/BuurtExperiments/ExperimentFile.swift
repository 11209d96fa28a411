import Foundation
import Yams
import BuurtCore
import BuurtModel

/// Reads and validates experiment files (`Experiments/*.yaml`).
///
/// ```yaml
/// name: grant-size
/// question: "Which grant size under a fixed budget gives the most impact per euro?"
/// scenario: baseline            # or a path to a scenario file (relative to this file or the cwd)
/// set: {population.residents: 4000}
/// vary:
///   funding.grant_size: {min: 2000, max: 50000, log: true}
///   funding.mode: [competitive, collaborative]
/// design: grid                  # grid | lhs | sobol | saltelli | morris | file
/// points: design.csv            # design: file only: one column per lever, one line per point (DesignFile)
/// samples: 16                   # points (lhs, sobol), base samples (saltelli), trajectories (morris)
/// levels: 5                     # grid levels of a range; Morris grid levels
/// replicates: 5
/// seed: 42
/// ticks: 260
/// timeseries: {metrics: [active_initiatives, mean_trust_institutions], every: 4}   # or `all`
/// ```
public enum ExperimentFile {
    static let keys = ["name", "question", "description", "scenario", "set", "vary", "design", "samples", "levels",
                       "replicates", "seed", "ticks", "timeseries", "initiatives", "common_random_numbers", "points"]

    /// An experiment file has `vary` or `design` at its top level; a scenario has neither.
    public static func looksLikeExperiment(path: String) throws -> Bool {
        let text = try YAMLReader.readFile(path)
        let root = try YAMLReader.parse(text, file: path)
        guard case .mapping(let m) = root else { return false }
        return m.keys.contains { ["vary", "design", "replicates"].contains($0.string ?? "") }
    }

    public static func load(path: String) throws -> Experiment {
        try parse(YAMLReader.readFile(path), path: path)
    }

    /// Inputs a result folder keeps of its own, read instead of the files an experiment names (which
    /// may have moved, changed, or be relative to another folder).
    public struct StoredInputs {
        /// The base scenario as the sweep ran it (`base_scenario` of `experiment.json`).
        public var scenario: Scenario?
        /// The path of the design file's copy (`design: file`).
        public var designFile: String?
        public init(scenario: Scenario? = nil, designFile: String? = nil) {
            self.scenario = scenario; self.designFile = designFile
        }
    }

    /// Parses an experiment's text; `path` names it in errors and anchors the files it names,
    /// unless `stored` supplies them.
    public static func parse(_ text: String, path: String, stored: StoredInputs? = nil) throws -> Experiment {
        let file = path
        let root = try YAMLReader.parse(text, file: file)
        let entries = try YAMLReader.entries(root, file: file, context: nil)
        var byKey: [String: YAMLReader.Entry] = [:]
        for e in entries {
            guard keys.contains(e.key) else {
                let near = Spelling.nearest(e.key, in: keys)
                let hint = near.isEmpty ? "" : "; did you mean '\(near[0])'?"
                throw BuurtError.input("unknown key" + hint, file: file, line: e.line, key: e.key,
                                       allowed: keys.joined(separator: ", "))
            }
            byKey[e.key] = e
        }
        func need(_ key: String) throws -> YAMLReader.Entry {
            if let e = byKey[key] { return e }
            throw BuurtError.input("missing", file: file, key: key, allowed: allowedText(key))
        }

        // Base scenario and overrides.
        var scenarioPath: String? = nil
        var base = Scenario.baseline()
        if let e = byKey["scenario"] {
            let ref = try YAMLReader.string(e.node, file: file, key: "scenario")
            if ref != "baseline", let scenario = stored?.scenario {
                base = scenario
                scenarioPath = resolve(ref, relativeTo: path)
            } else if ref != "baseline" {
                let resolved = resolve(ref, relativeTo: path)
                do { base = try Scenario.load(path: resolved) } catch let err as BuurtError where err.line == nil {
                    // A problem with the file as a whole (missing, a folder, a device, too large):
                    // told at the experiment's line and key. Errors inside it name its own lines.
                    let what = err.message == "no such file" ? "scenario file not found: \(ref)" : "scenario '\(ref)': \(err.message)"
                    throw BuurtError.input(what, file: file, line: e.line, key: "scenario",
                                           allowed: "baseline, or a scenario file path (relative to the experiment or the current folder)")
                }
                scenarioPath = resolved
            }
        }
        var overrides: [(lever: Lever, value: Double)] = []
        if let e = byKey["set"] {
            let flat = try YAMLReader.flatten(YAMLReader.entries(e.node, file: file, context: nil), file: file)
            for f in flat {
                try YAMLReader.setLever(&base.values, key: f.key, node: f.node, line: f.line, file: file)
                let lever = Lever(rawValue: Lever.registry.index(of: f.key)!)!
                overrides.append((lever, base.values[lever]))
            }
        }
        if let e = byKey["ticks"] {
            base.values[.ticks] = Double(try YAMLReader.int(e.node, file: file, key: "ticks", min: 0, max: 100_000))
            overrides.append((.ticks, base.values[.ticks]))
        }

        // Design.
        let designEntry = try need("design")
        let designText = try YAMLReader.string(designEntry.node, file: file, key: "design")
        guard let design = DesignKind(rawValue: designText) else {
            throw BuurtError.input("unknown design '\(designText)'", file: file, line: designEntry.line, key: "design",
                                   allowed: allowedText("design"))
        }
        let replicates = try byKey["replicates"].map { try YAMLReader.int($0.node, file: file, key: "replicates", min: 1, max: 100_000) } ?? 1
        let seed = try byKey["seed"].map { try YAMLReader.int($0.node, file: file, key: "seed", min: 0, max: 9_007_199_254_740_991) } ?? 1
        let levels = try byKey["levels"].map { try YAMLReader.int($0.node, file: file, key: "levels", min: 1, max: 1000) }
            ?? (design == .morris ? 4 : 3)
        if design == .morris, levels < 2 {
            throw BuurtError.input("Morris needs at least 2 levels", file: file, line: byKey["levels"]?.line, key: "levels",
                                   allowed: "a whole number from 2 to 1000 (even is best)")
        }
        var samples = 0
        let fromFile = try design == .file ? DesignFile.loaded(byKey, file: file, stored: stored?.designFile) : nil
        if design != .file, let e = byKey["points"] {
            throw BuurtError.input("points: belongs to a file design", file: file, line: e.line, key: "points",
                                   allowed: "design: file with points: PATH.csv, or leave points out")
        }
        if design == .file {
        } else if design != .grid {
            let e = try need("samples")
            samples = try YAMLReader.int(e.node, file: file, key: "samples", min: 1, max: 1_000_000)
        } else if let e = byKey["samples"] {
            throw BuurtError.input("a grid design takes no samples (every combination is run)", file: file, line: e.line,
                                   key: "samples", allowed: "leave it out, or use lhs, sobol, saltelli or morris")
        }

        // Factors.
        // Without `vary`, a grid is one design point: replicates of the base scenario.
        let varyEntry = design == .grid || design == .file ? byKey["vary"] : try need("vary")
        var factors: [Factor] = []
        if let varyEntry {
            for v in try YAMLReader.entries(varyEntry.node, file: file, context: nil) {
                let factor = try parseFactor(v, file: file)
                // A lever both set and varied: the set value would be silently ignored.
                if overrides.contains(where: { $0.lever == factor.lever }) {
                    throw BuurtError.input("this lever is both set (under set:) and varied; the set value would never be used",
                                           file: file, line: v.line, key: "vary.\(v.key)",
                                           allowed: "the lever under set: or under vary:, not both")
                }
                factors.append(factor)
            }
        }
        if let fromFile { factors = fromFile.factors }
        if factors.isEmpty && design != .grid {
            throw BuurtError.input("a \(design.rawValue) design needs at least one varied lever", file: file,
                                   line: varyEntry?.line, key: "vary", allowed: "a mapping of levers to lists or ranges")
        }
        if design == .sobol, factors.count > Designs.sobolMaxDimensions {
            throw BuurtError.input("Sobol designs take at most \(Designs.sobolMaxDimensions) levers", file: file,
                                   line: varyEntry?.line, key: "vary")
        }
        if design == .saltelli, factors.count > Designs.sobolMaxDimensions / 2 {
            throw BuurtError.input("Saltelli designs take at most \(Designs.sobolMaxDimensions / 2) levers", file: file,
                                   line: varyEntry?.line, key: "vary")
        }
        if design == .grid {
            for (k, f) in factors.enumerated() where f.values == nil && levels < 2 {
                throw BuurtError.input("a range on a grid needs levels of 2 or more", file: file, line: byKey["levels"]?.line,
                                       key: "vary.\(factors[k].name)")
            }
        }

        // Points: counted before any is built, so a huge design is refused, never allocated.
        let pointCount = design == .file ? fromFile?.points.count ?? 0 : designSize(design, factors: factors, samples: samples, levels: levels)
        if pointCount > maxPoints {
            let count = pointCount == Int.max ? "more than \(Int.max)" : pointCount.formatted()
            throw BuurtError.input("the design has \(count) points, more than the \(maxPoints.formatted()) a sweep allows",
                                   file: file, line: varyEntry?.line ?? designEntry.line, key: design == .grid ? "vary" : "samples",
                                   allowed: "fewer levels or values (a grid runs every combination), or a sampling design (lhs, sobol)")
        }
        if pointCount.multipliedReportingOverflow(by: replicates).overflow || pointCount * replicates > maxRuns {
            throw BuurtError.input("\(pointCount.formatted()) points x \(replicates) replicates is more than the \(maxRuns.formatted()) runs a sweep allows",
                                   file: file, line: byKey["replicates"]?.line, key: "replicates")
        }

        let unit: [[Double]]
        var points: [[Double]]
        switch design {
        case .grid:
            let values = factors.map { $0.gridValues(levels: levels) }
            points = Designs.grid(levels: values.map(\.count)).map { row in row.enumerated().map { values[$0.offset][$0.element] } }
            unit = []
        case .lhs:
            unit = Designs.lhs(samples: samples, dimensions: factors.count, rng: RandomStream(UInt64(seed), 0x1a5))
            points = []
        case .sobol:
            unit = try Designs.sobol(samples: samples, dimensions: factors.count, scramble: RandomStream(UInt64(seed), 0x5c7))
            points = []
        case .saltelli:
            unit = try Designs.saltelli(samples: samples, dimensions: factors.count, scramble: RandomStream(UInt64(seed), 0x5c7))
            points = []
        case .morris:
            unit = Designs.morris(trajectories: samples, dimensions: factors.count, levels: levels,
                                  rng: RandomStream(UInt64(seed), 0x303))
            points = []
        case .file:
            unit = []
            points = fromFile?.points ?? []
        }
        if design != .grid && design != .file {
            points = unit.map { row in row.enumerated().map { factors[$0.offset].value(unit: $0.element) } }
        }

        // Time series.
        var metrics: [Int]? = nil
        var every = 1
        if let e = byKey["timeseries"] {
            if case .scalar(let s) = e.node {
                switch s.string {
                case "all", "true": metrics = Array(0..<Metric.allCases.count)
                case "none", "false": metrics = nil
                default:
                    throw BuurtError.input("'\(s.string)' is not allowed", file: file, line: e.line, key: "timeseries",
                                           allowed: allowedText("timeseries"))
                }
            } else {
                metrics = Array(0..<Metric.allCases.count)
                for t in try YAMLReader.entries(e.node, file: file, context: "timeseries") {
                    switch t.key {
                    case "timeseries.every": every = try YAMLReader.int(t.node, file: file, key: t.key, min: 1, max: 100_000)
                    case "timeseries.metrics":
                        if case .scalar(let s) = t.node, s.string == "all" { continue }
                        var seen = Set<Int>()
                        metrics = try YAMLReader.list(t.node, file: file, key: t.key).map { node in
                            let name = try YAMLReader.string(node, file: file, key: t.key)
                            let m: Int
                            do { m = try Metric.registry.lookup(name) } catch let err as BuurtError {
                                throw BuurtError.input(err.message, file: file, line: YAMLReader.line(node), key: t.key,
                                                       allowed: err.allowed)
                            }
                            guard seen.insert(m).inserted else {
                                throw BuurtError.input("metric '\(name)' is listed twice (it would write two equal columns)",
                                                       file: file, line: YAMLReader.line(node), key: t.key,
                                                       allowed: "each metric once")
                            }
                            return m
                        }
                    default:
                        throw BuurtError.input("unknown key", file: file, line: t.line, key: t.key, allowed: "metrics, every")
                    }
                }
            }
        }

        let name = try byKey["name"].map { try YAMLReader.string($0.node, file: file, key: "name") }
            ?? PathText.stem(path)
        let question = try (byKey["question"] ?? byKey["description"]).map { try YAMLReader.string($0.node, file: file, key: "question") } ?? ""
        func flag(_ key: String) throws -> Bool {
            guard let e = byKey[key] else { return false }
            let t = try YAMLReader.scalar(e.node, file: file, key: key, expected: .trueOrFalse)
            guard let b = Bool(t.lowercased()) else {
                throw BuurtError.input(.notTrueOrFalse(text: t), file: file, line: e.line, key: key, expected: .trueOrFalse)
            }
            return b
        }
        let keepInitiatives = try flag("initiatives")
        let crn = try flag("common_random_numbers")
        var experiment = Experiment(name: name, question: question, base: base, factors: factors, design: design,
                          samples: samples, levels: levels, replicates: replicates, seed: UInt64(seed),
                          timeseriesMetrics: metrics, every: every, points: points, unitPoints: unit, text: text,
                          path: path, scenarioPath: scenarioPath, overrides: overrides)
        experiment.keepInitiatives = keepInitiatives
        experiment.commonRandomNumbers = crn
        experiment.designFile = fromFile.map { (path: $0.path, data: $0.data) }
        return experiment
    }

    static func parseFactor(_ e: YAMLReader.Entry, file: String) throws -> Factor {
        guard let index = Lever.registry.index(of: e.key) else {
            throw BuurtError.input("unknown lever" + Lever.registry.suggestion(for: e.key), file: file, line: e.line,
                                   key: "vary.\(e.key)", allowed: "a lever from `buurt params`")
        }
        let lever = Lever(rawValue: index)!
        let spec = lever.spec
        if lever == .seed || lever == .ticks {
            throw BuurtError.input("set the experiment's seed and ticks with the top-level keys", file: file, line: e.line,
                                   key: "vary.\(e.key)", allowed: "seed:, ticks:")
        }
        func located(_ err: Error, _ node: Node) -> Error {
            guard let b = err as? BuurtError else { return err }
            return BuurtError.input(b.message, file: file, line: YAMLReader.line(node) ?? e.line, key: "vary.\(e.key)", allowed: b.allowed)
        }
        switch e.node {
        case .sequence(let seq):
            var values: [Double] = []
            for node in seq {
                let text = try YAMLReader.scalar(node, file: file, key: "vary.\(e.key)", expected: .leverValue(spec))
                do { values.append(try spec.parse(text)) } catch { throw located(error, node) }
            }
            if values.isEmpty {
                throw BuurtError.input("an empty list", file: file, line: e.line, key: "vary.\(e.key)", allowed: "one or more values")
            }
            // A value listed twice makes the same design point twice (twice the runs, and a grid's
            // or a category's weight doubled): refused, naming it.
            if let twice = values.indices.first(where: { k in values[..<k].contains(values[k]) }) {
                throw BuurtError.input("the value \(NumberFormat.text(values[twice])) is listed twice", file: file,
                                       line: YAMLReader.line(seq[twice]) ?? e.line, key: "vary.\(e.key)",
                                       allowed: "each value once")
            }
            return Factor(lever: lever, values: values, min: values.min()!, max: values.max()!, log: false)
        case .mapping:
            var lo: Double? = nil, hi: Double? = nil, log = false
            for m in try YAMLReader.entries(e.node, file: file, context: nil) {
                let text = try YAMLReader.scalar(m.node, file: file, key: "vary.\(e.key).\(m.key)")
                switch m.key {
                case "min": do { lo = try spec.parse(text) } catch { throw located(error, m.node) }
                case "max": do { hi = try spec.parse(text) } catch { throw located(error, m.node) }
                case "log":
                    guard let b = Bool(text.lowercased()) else {
                        throw BuurtError.input("'\(text)' is not true or false", file: file, line: m.line,
                                               key: "vary.\(e.key).log", allowed: "true or false")
                    }
                    log = b
                default:
                    throw BuurtError.input("unknown key", file: file, line: m.line, key: "vary.\(e.key).\(m.key)",
                                           allowed: "min, max, log")
                }
            }
            guard let lo, let hi else {
                throw BuurtError.input("a range needs min and max", file: file, line: e.line, key: "vary.\(e.key)",
                                       allowed: "{min: ..., max: ..., log: false}")
            }
            guard lo < hi else {
                throw BuurtError.input("min must be below max", file: file, line: e.line, key: "vary.\(e.key)")
            }
            if log, lo <= 0 {
                throw BuurtError.input("a log range needs min above 0", file: file, line: e.line, key: "vary.\(e.key)")
            }
            if case .choice = spec.kind {
                throw BuurtError.input("a choice lever takes a list of options, not a range", file: file, line: e.line,
                                       key: "vary.\(e.key)", allowed: spec.allowedText)
            }
            return Factor(lever: lever, values: nil, min: lo, max: hi, log: log)
        case .scalar:
            // `plausible`: the lever's declared plausible range (`buurt params --uncertain`).
            let text = try YAMLReader.scalar(e.node, file: file, key: "vary.\(e.key)")
            if text == "plausible" {
                guard spec.uncertain else {
                    throw BuurtError.input("this lever declares no plausible range", file: file, line: e.line,
                                           key: "vary.\(e.key)", allowed: "a lever listed by `buurt params --uncertain`")
                }
                return Factor(lever: lever, values: nil, min: spec.plausibleMin, max: spec.plausibleMax, log: false)
            }
            throw BuurtError.input("a varied lever needs a list of values or a range", file: file, line: e.line,
                                   key: "vary.\(e.key)", allowed: "[v1, v2, ...], {min: ..., max: ..., log: true|false} or plausible")
        }
    }

    /// The most design points and runs one experiment may have.
    public static let maxPoints = 1_000_000
    public static let maxRuns = 10_000_000

    /// The number of points a design will have, computed without building it (`Int.max` on overflow).
    static func designSize(_ design: DesignKind, factors: [Factor], samples: Int, levels: Int) -> Int {
        func times(_ a: Int, _ b: Int) -> Int {
            let (r, o) = a.multipliedReportingOverflow(by: b)
            return o ? Int.max : r
        }
        switch design {
        case .grid: return factors.reduce(1) { times($0, $1.values?.count ?? max(1, levels)) }
        case .lhs, .sobol: return samples
        case .saltelli: return times(samples, factors.count + 2)
        case .morris: return times(samples, factors.count + 1)
        case .file: return 0   // counted from the file as it is read (DesignFile caps its rows)
        }
    }

    static func resolve(_ ref: String, relativeTo path: String) -> String {
        if ref.hasPrefix("/") { return ref }
        let dir = PathText.parent(path)
        let beside = PathText.join(dir, ref)
        if FileManager.default.fileExists(atPath: beside) { return beside }
        return ref
    }

    static func allowedText(_ key: String) -> String {
        switch key {
        case "design": return DesignKind.allCases.map(\.rawValue).joined(separator: " | ")
        case "vary": return "a mapping of levers to lists or ranges"
        case "samples": return "a whole number from 1 to 1000000"
        case "timeseries": return "all, none, or {metrics: [...], every: N}"
        default: return ""
        }
    }
}
