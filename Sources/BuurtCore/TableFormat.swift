/// Renders a table as aligned text, CSV or Markdown (for `buurt params` and the docs).
public enum TableFormat {
    public static func render(header: [String], rows: [[String]], format: String) -> String {
        switch format {
        case "csv":
            return CSV.row(header) + rows.map(CSV.row).joined()
        case "markdown":
            func cell(_ s: String) -> String { s.replacingOccurrences(of: "|", with: "\\|") }
            var out = "| " + header.map(cell).joined(separator: " | ") + " |\n"
            out += "|" + header.map { _ in "---" }.joined(separator: "|") + "|\n"
            for r in rows { out += "| " + r.map(cell).joined(separator: " | ") + " |\n" }
            return out
        default:
            // Aligned columns; the last column (descriptions) is not padded.
            var widths = header.map(\.count)
            for r in rows { for (k, c) in r.enumerated() where k < widths.count - 1 { widths[k] = max(widths[k], c.count) } }
            func line(_ r: [String]) -> String {
                r.enumerated().map { k, c in k < r.count - 1 ? c.padding(toLength: widths[k], withPad: " ", startingAt: 0) : c }
                    .joined(separator: "  ") + "\n"
            }
            return line(header) + rows.map(line).joined()
        }
    }
}
import Foundation
