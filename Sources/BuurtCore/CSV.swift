import Foundation

/// RFC 4180 CSV: comma-separated, fields quoted when they hold a comma, quote or line break.
public enum CSV {
    public static func field(_ s: String) -> String {
        // A scan of the bytes (the four are ASCII): Foundation's `contains` of a string goes through
        // a locale-aware search, a twentieth of a small run's time in its CSV rows.
        if s.utf8.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") }) {
            return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return s
    }
    public static func row(_ fields: [String]) -> String {
        fields.map(field).joined(separator: ",") + "\n"
    }

    /// Parses CSV text into rows of fields (quoted fields, doubled quotes, CRLF or LF).
    public static func parse(_ text: String) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var inQuotes = false
        var chars = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        func next() -> Unicode.Scalar? {
            if let p = pending { pending = nil; return p }
            return chars.next()
        }
        while let c = next() {
            if inQuotes {
                if c == "\"" {
                    if let n = next() {
                        if n == "\"" { field.unicodeScalars.append("\"") } else { inQuotes = false; pending = n }
                    } else { inQuotes = false }
                } else { field.unicodeScalars.append(c) }
            } else {
                switch c {
                case "\"": inQuotes = true
                case ",": row.append(field); field = ""
                case "\r": break
                case "\n": row.append(field); field = ""; rows.append(row); row = []
                default: field.unicodeScalars.append(c)
                }
            }
        }
        if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
        return rows
    }
}

/// A table read from a CSV file, with columns by name.
public struct CSVTable {
    public let header: [String]
    public let rows: [[String]]
    public let path: String
    public init(path: String) throws {
        guard let data = FileManager.default.contents(atPath: path),
              let text = String(data: data, encoding: .utf8) else {
            throw BuurtError.input("cannot read the file", file: path)
        }
        var all = CSV.parse(text)
        guard !all.isEmpty else { throw BuurtError.input("the file is empty", file: path) }
        header = all.removeFirst()
        rows = all
        self.path = path
    }
    public init(header: [String], rows: [[String]], path: String = "") {
        self.header = header; self.rows = rows; self.path = path
    }
    public func column(_ name: String) -> Int? { header.firstIndex(of: name) }
    public func requireColumn(_ name: String) throws -> Int {
        if let i = column(name) { return i }
        throw BuurtError.input("column '\(name)' is missing", file: path, allowed: header.joined(separator: ", "))
    }
}
