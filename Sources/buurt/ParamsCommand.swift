import ArgumentParser
import BuurtCore
import BuurtModel
import BuurtExperiments

struct ParamsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "params",
        abstract: "List every lever: name, default, range, unit, description (and, in CSV, its plain-language label); every metric with --metrics.")

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table, csv, markdown
        case dataDictionary = "data-dictionary"
    }

    @Option(help: "Output format: table, csv, markdown, or data-dictionary (every output column: docs/DATA.md).")
    var format: Format = .table

    @Flag(help: "List the outcome metrics instead of the levers.")
    var metrics = false

    func run() throws {
        if format == .dataDictionary { print(DataDictionary.markdown(), terminator: ""); return }
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
}
