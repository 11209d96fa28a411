import ArgumentParser
import BuurtCore
import BuurtModel
import BuurtExperiments

struct ParamsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "params",
        abstract: "List every lever: name, default, range, unit, description (and, in CSV, its plain-language label); every metric with --metrics.")

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table, csv, markdown, json
        case dataDictionary = "data-dictionary"
    }

    @Option(help: "Output format: table, csv, markdown, json (with each lever's kind, bounds and options, each metric's count flag: for programs such as the Python package), or data-dictionary (every output column: docs/DATA.md).")
    var format: Format = .table

    @Flag(help: "List the outcome metrics instead of the levers.")
    var metrics = false

    func run() throws {
        if format == .dataDictionary { print(DataDictionary.markdown(), terminator: ""); return }
        if format == .json { print(RunOutput.json(metrics ? Self.metricsJSON() : Self.leversJSON()), terminator: ""); return }
        var header: [String]
        var rows: [[String]]
        if metrics {
            header = ["name", "unit", "range", "description"]
            rows = Metric.registry.specs.map { [$0.name, $0.unit, $0.range, $0.description] }
        } else {
            header = ["name", "default", "range", "unit", "description"]
            rows = Lever.registry.specs.map {
                [$0.name, $0.format($0.defaultValue), $0.rangeText, $0.unit,
                 $0.description + ($0.structural ? " (fixed during a run)" : "")]
            }
        }
        // CSV (for scripts) also carries the plain-language label that charts and the report use.
        if format == .csv {
            header.append("label")
            let names = rows.map { $0[0] }
            for k in rows.indices {
                rows[k].append(metrics ? RegistryLabels.metric(names[k]) : RegistryLabels.lever(names[k]))
            }
        }
        print(TableFormat.render(header: header, rows: rows, format: format.rawValue), terminator: "")
    }

    /// Every lever as JSON: name, kind (real, integer, flag, choice), default, min, max, options, unit,
    /// structural, description; values of flags and choices as they are written (true, an option).
    static func leversJSON() -> [[String: Any]] {
        Lever.allCases.map { lever in
            let s = lever.spec
            var d: [String: Any] = ["name": s.name, "default": RunOutput.jsonValue(lever, s.defaultValue), "min": s.min, "max": s.max,
                                    "unit": s.unit, "structural": s.structural, "description": s.description,
                                    "label": RegistryLabels.lever(s.name)]
            switch s.kind {
            case .real: d["kind"] = "real"
            case .integer: d["kind"] = "integer"
            case .flag: d["kind"] = "flag"
            case .choice(let options): d["kind"] = "choice"; d["options"] = options
            }
            return d
        }
    }

    /// Every metric as JSON: name, unit, count (whole numbers), range, description.
    static func metricsJSON() -> [[String: Any]] {
        Metric.registry.specs.map { ["name": $0.name, "unit": $0.unit, "count": $0.isCount, "range": $0.range, "description": $0.description,
                                      "label": RegistryLabels.metric($0.name)] }
    }
}
