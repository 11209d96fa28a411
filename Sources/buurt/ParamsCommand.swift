import ArgumentParser
import BuurtCore
import BuurtModel
import BuurtExperiments

struct ParamsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "params",
        abstract: "List every lever: name, default, range, unit, description, plausible range, source (or every metric with --metrics).")

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table, csv, markdown
        case dataDictionary = "data-dictionary"
    }

    @Option(help: "Output format: table, csv, markdown, or data-dictionary (every output column: docs/DATA.md).")
    var format: Format = .table

    @Flag(help: "List the outcome metrics instead of the levers.")
    var metrics = false

    @Flag(help: "Only the uncertain levers, with their plausible ranges (what the sensitivity analysis and scripts/robustness.py vary).")
    var uncertain = false

    @Flag(help: "Print the structural tables (intermediary and funder kinds) with their sources, as Markdown.")
    var kinds = false

    func run() throws {
        if format == .dataDictionary { print(DataDictionary.markdown(), terminator: ""); return }
        if kinds { print(KindTables.markdown(), terminator: ""); return }
        let header: [String]
        let rows: [[String]]
        if metrics {
            header = Metric.tableHeader
            rows = Metric.tableRows
        } else {
            header = Lever.tableHeader
            rows = Lever.tableRows(uncertainOnly: uncertain)
        }
        print(TableFormat.render(header: header, rows: rows, format: format.rawValue), terminator: "")
    }
}
