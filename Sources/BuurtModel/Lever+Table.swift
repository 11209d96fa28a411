import BuurtCore

/// The lever and metric tables of `buurt params`, the README and docs/ODD.md, built from the
/// registries alone.
extension Lever {
    public static let tableHeader = ["name", "default", "range", "unit", "description", "plausible", "uncertain", "source"]

    /// One row per lever (only the uncertain ones if asked), in registry order.
    public static func tableRows(uncertainOnly: Bool = false) -> [[String]] {
        registry.specs.filter { !uncertainOnly || $0.uncertain }.map {
            [$0.name, $0.format($0.defaultValue), $0.rangeText, $0.unit,
             $0.description + ($0.structural ? " (fixed during a run)" : ""),
             $0.uncertain ? $0.plausibleText : "", $0.uncertain ? "yes" : "", $0.source]
        }
    }
}

extension Metric {
    public static let tableHeader = ["name", "unit", "range", "description"]
    public static var tableRows: [[String]] { registry.specs.map { [$0.name, $0.unit, $0.range, $0.description] } }
}

/// The structural tables (groups, intermediary and funder kinds, departments) as Markdown, for `buurt params --kinds`
/// and docs/ODD.md.
public enum KindTables {
    public static func markdown() -> String {
        func table(_ title: String, _ columns: [String], _ meaning: [String], _ rows: [KindRow]) -> String {
            let header = ["kind"] + columns + ["source"]
            let body = rows.map { [$0.name] + $0.values.map { NumberFormat.text($0) } + [$0.source] }
            let legend = zip(columns, meaning).map { "`\($0)`: \($1)" }.joined(separator: "; ")
            return "**\(title)** (\(legend)).\n\n" + TableFormat.render(header: header, rows: body, format: "markdown")
        }
        return table("Groups", Group.columns, Group.columnMeaning, Group.table)
            + "\n" + table("Intermediary kinds", IntermediaryKind.columns, IntermediaryKind.columnMeaning, IntermediaryKind.table)
            + "\n" + table("Funder kinds", FunderKind.columns, FunderKind.columnMeaning, FunderKind.table)
            + "\n" + table("Civil service departments", Department.columns, Department.columnMeaning, Department.table)
    }
}
