import ArgumentParser
import BuurtCore
import BuurtModel
import BuurtExperiments

struct ParamsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "params",
        abstract: "List every lever: name, default, range, unit, description, plausible range, source (and, in CSV and JSON, its plain-language label); every metric with --metrics.")

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table, csv, markdown, json
        case dataDictionary = "data-dictionary"
    }

    @Option(help: "Output format: table, csv, markdown, json (with each lever's kind, bounds and options, each metric's count flag: for programs such as the Python package), or data-dictionary (every output column: docs/DATA.md).")
    var format: Format = .table

    @Flag(help: "List the outcome metrics instead of the levers.")
    var metrics = false

    @Flag(help: "Only the uncertain levers, with their plausible ranges (what the sensitivity analysis and scripts/robustness.py vary).")
    var uncertain = false

    @Flag(help: "Print the structural tables (groups, intermediary and funder kinds, departments) with their sources, as Markdown.")
    var kinds = false

    func run() throws {
        if format == .dataDictionary { Console.out(DataDictionary.markdown()); return }
        if kinds { Console.out(KindTables.markdown()); return }
        if format == .json { Console.out(RunOutput.json(metrics ? Self.metricsJSON() : Self.leversJSON(uncertainOnly: uncertain))); return }
        var header: [String]
        var rows: [[String]]
        if metrics {
            header = Metric.tableHeader
            rows = Metric.tableRows
        } else {
            header = Lever.tableHeader
            rows = Lever.tableRows(uncertainOnly: uncertain)
        }
        // CSV (for scripts) also carries the plain-language label that charts and the report use.
        if format == .csv {
            header.append("label")
            let names = rows.map { $0[0] }
            for k in rows.indices {
                rows[k].append(metrics ? RegistryLabels.metric(names[k]) : RegistryLabels.lever(names[k]))
            }
        }
        Console.out(TableFormat.render(header: header, rows: rows, format: format.rawValue))
    }

    /// Every lever as JSON: name, kind (real, integer, flag, choice), default, min, max, options, unit,
    /// structural, description, label, source, and whether it is uncertain with its plausible range
    /// (`plausible_min`, `plausible_max`: the allowed range for a lever that is not uncertain); values
    /// of flags and choices as they are written (true, an option).
    static func leversJSON(uncertainOnly: Bool = false) -> [[String: Any]] {
        Lever.allCases.filter { !uncertainOnly || $0.spec.uncertain }.map { lever in
            let s = lever.spec
            var d: [String: Any] = ["name": s.name, "default": RunOutput.jsonValue(lever, s.defaultValue), "min": s.min, "max": s.max,
                                    "unit": s.unit, "structural": s.structural, "description": s.description,
                                    "label": RegistryLabels.lever(s.name), "source": s.source, "uncertain": s.uncertain,
                                    "plausible_min": s.plausibleMin, "plausible_max": s.plausibleMax]
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
        Metric.registry.specs.map { spec in
            // Its summary columns in runs.csv and summary.csv; a count's `_final` is a whole number.
            var summaries: [String: Any] = [:]
            for suffix in MetricRegistry.summarySuffixes {
                summaries[spec.name + suffix] = ["suffix": String(suffix.dropFirst()), "whole": spec.isCount && suffix == "_final"] as [String: Any]
            }
            return ["name": spec.name, "unit": spec.unit, "count": spec.isCount, "range": spec.range, "description": spec.description,
                    "label": RegistryLabels.metric(spec.name), "summaries": summaries]
        }
    }
}
