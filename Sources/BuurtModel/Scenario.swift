import Foundation
import Yams
import BuurtCore

/// At tick `tick` set `lever` to `value` (a programme ends, a budget is cut).
public struct ScheduledEvent: Equatable, Sendable {
    public var tick: Int
    public var lever: Lever
    public var value: Double
    public var note: String
    public init(tick: Int, lever: Lever, value: Double, note: String = "") {
        self.tick = tick; self.lever = lever; self.value = value; self.note = note
    }
}

/// A scenario: lever values plus scheduled events, read from YAML or embedded.
///
/// File layout: optional `name` and `description`, then levers as nested groups
/// (`funding: {grant_size: 5000}`) or dotted keys (`funding.grant_size: 5000`), then optional
/// `events: [{at: 260, set: {funding.annual_budget: 0}, note: "..."}]`.
public struct Scenario: Equatable, Sendable {
    public var name: String
    public var description: String
    public var values: LeverValues
    public var events: [ScheduledEvent]
    /// Where it came from: a path, or `embedded:baseline`.
    public var source: String

    public init(name: String = "custom", description: String = "", values: LeverValues = LeverValues(),
                events: [ScheduledEvent] = [], source: String = "") {
        self.name = name; self.description = description; self.values = values
        self.events = events; self.source = source
    }

    static let reservedKeys = ["name", "description", "events"]

    /// The embedded default (`Models/baseline.yaml`, compiled into the binary).
    public static func baseline() -> Scenario {
        // The embedded text is tested to parse; failing here would be a build defect.
        (try? parse(EmbeddedScenarios.baseline, file: "embedded:baseline")) ?? Scenario(name: "baseline")
    }

    public static func load(path: String) throws -> Scenario {
        let text = try YAMLReader.readFile(path)
        var s = try parse(text, file: path)
        if s.name == "custom" { s.name = PathText.stem(path) }
        return s
    }

    public static func parse(_ text: String, file: String) throws -> Scenario {
        let root = try YAMLReader.parse(text, file: file)
        return try from(entries: YAMLReader.entries(root, file: file, context: nil), file: file)
    }

    /// Builds a scenario from top-level entries (also used for an experiment's `set:` block).
    public static func from(entries: [YAMLReader.Entry], file: String, base: Scenario? = nil) throws -> Scenario {
        var s = base ?? Scenario()
        s.source = file
        var leverEntries: [YAMLReader.Entry] = []
        for e in entries {
            switch e.key {
            case "name": s.name = try YAMLReader.string(e.node, file: file, key: "name")
            case "description": s.description = try YAMLReader.string(e.node, file: file, key: "description")
            case "events": s.events += try parseEvents(e.node, file: file)
            default: leverEntries.append(e)
            }
        }
        for e in try YAMLReader.flatten(leverEntries, file: file) {
            if Lever.registry.index(of: e.key) == nil {
                let near = Spelling.nearest(e.key, in: Lever.registry.specs.map(\.name) + reservedKeys)
                throw BuurtError.input(.unknownKey(suggest: near), file: file, line: e.line, key: e.key,
                                       expected: .keysOrLever(reservedKeys))
            }
            try YAMLReader.setLever(&s.values, key: e.key, node: e.node, line: e.line, file: file)
        }
        try s.validateEvents(file: file)
        return s
    }

    static func parseEvents(_ node: Node, file: String) throws -> [ScheduledEvent] {
        var out: [ScheduledEvent] = []
        for item in try YAMLReader.list(node, file: file, key: "events") {
            let entries = try YAMLReader.entries(item, file: file, context: nil)
            var tick: Int? = nil
            var note = ""
            var sets: [YAMLReader.Entry] = []
            for e in entries {
                switch e.key {
                case "at": tick = try YAMLReader.int(e.node, file: file, key: "events.at", min: 0, max: 100_000)
                case "note": note = try YAMLReader.string(e.node, file: file, key: "events.note")
                case "set": sets = try YAMLReader.flatten(YAMLReader.entries(e.node, file: file, context: nil), file: file)
                default:
                    throw BuurtError.input(.unknownEventKey, file: file, line: e.line, key: "events.\(e.key)",
                                           expected: .keys(eventKeys))
                }
            }
            guard let at = tick else {
                throw BuurtError.input(.eventWithoutTick, file: file, line: YAMLReader.line(item), key: "events",
                                       expected: .keys(eventKeys))
            }
            guard !sets.isEmpty else {
                throw BuurtError.input(.eventWithoutSet, file: file, line: YAMLReader.line(item), key: "events")
            }
            for e in sets {
                var v = LeverValues()
                try YAMLReader.setLever(&v, key: e.key, node: e.node, line: e.line, file: file)
                let lever = Lever(rawValue: Lever.registry.index(of: e.key)!)!
                if lever.spec.structural {
                    throw BuurtError.input(.structural, file: file, line: e.line, key: e.key, expected: Scenario.eventLevers)
                }
                out.append(ScheduledEvent(tick: at, lever: lever, value: v[lever], note: note))
            }
        }
        return out
    }

    static let eventKeys = ["at", "set", "note"]

    /// What an event (or a live change) may set: a lever that is not structural.
    public static let eventLevers = BuurtError.Expected.liveLever(not: ["population.*", "network.mean_degree", "simulation.*"])

    func validateEvents(file: String) throws {
        for e in events where e.lever.spec.structural {
            throw BuurtError.input(.structural, file: file, key: e.lever.spec.name, expected: Scenario.eventLevers)
        }
    }

    /// Applies `key=value` overrides (from `--set`).
    public mutating func apply(sets: [String]) throws {
        for item in sets {
            guard let eq = item.firstIndex(of: "=") else {
                throw BuurtError.input("expected key=value, got '\(item)'", key: "--set", allowed: "lever=value, e.g. funding.grant_size=5000")
            }
            let key = LeverSpec.trimmed(String(item[..<eq]))
            let value = String(item[item.index(after: eq)...])
            do { try values.set(key, text: value) } catch var e as BuurtError {
                e.file = "--set"; e.key = key
                throw e
            }
        }
    }

    /// The scenario as YAML: every lever in registry order, then the events. Parsing it back gives
    /// an equal scenario, so it is also the canonical text hashed for provenance.
    public func yaml(header: String = "") -> String {
        var out = header
        out += "name: \(yamlString(name))\n"
        if !description.isEmpty { out += "description: \(yamlString(description))\n" }
        // Each group once, in order of first appearance; its levers in registry order.
        for (group, levers) in Scenario.leverGroups {
            out += "\(group):\n"
            for l in levers {
                let spec = l.spec
                let key = String(spec.name.dropFirst(group.count + 1))
                out += "  \(key): \(spec.format(values[l]))\n"
            }
        }
        if !events.isEmpty {
            out += "events:\n"
            for e in events {
                out += "  - at: \(e.tick)\n    set: {\(e.lever.spec.name): \(e.lever.spec.format(e.value))}\n"
                if !e.note.isEmpty { out += "    note: \(yamlString(e.note))\n" }
            }
        }
        return out
    }

    /// The levers by group (the part of the name before the dot), groups in order of first
    /// appearance in the registry, levers in registry order: worked out once.
    static let leverGroups: [(String, [Lever])] = {
        var groups: [(String, [Lever])] = []
        for l in Lever.allCases {
            let g = l.spec.group
            if let k = groups.firstIndex(where: { $0.0 == g }) { groups[k].1.append(l) } else { groups.append((g, [l])) }
        }
        return groups
    }()

    func yamlString(_ s: String) -> String {
        "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n") + "\""
    }

    /// A fingerprint of the resolved scenario.
    public var hash: String { Fingerprint.hex(yaml()) }
}
