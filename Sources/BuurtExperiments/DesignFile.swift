import Foundation
import BuurtCore
import BuurtModel

/// A design made elsewhere (SALib, the EMA Workbench, a colleague's spreadsheet), read from CSV:
/// `design: file` with `points: PATH.csv` in an experiment file.
///
/// The header names one lever per column (dotted names from `buurt params`); every further line is
/// one design point. Values are written as `buurt run --set` takes them: numbers for real and
/// integer levers, option names for choices, `true`/`false` for flags. Real values are rounded to
/// the six decimals CSV carries, so each run replays exactly from the numbers in `runs.csv`.
/// Blank lines are skipped; a leading UTF-8 byte-order mark is ignored.
///
/// Everything else is an input error naming the file, the line and the column: an empty file, a
/// header without points, an unknown, empty or repeated column name, `seed` or `ticks` as a column,
/// a line with too many or too few fields, an empty cell, a value of the wrong kind or outside the
/// lever's range, more than `maxPoints` points or a file larger than `maxBytes`.
public enum DesignFile {
    /// At most this many design points (the same cap as `samples`).
    public static let maxPoints = 1_000_000
    /// At most this many bytes (a million points of twenty levers fit comfortably).
    public static let maxBytes = 256 * 1024 * 1024

    public struct Loaded: Sendable {
        public var factors: [Factor]
        public var points: [[Double]]
        /// The resolved path of the CSV file.
        public var path: String
        /// The file's bytes as read (a sweep keeps a copy of them in its result folder).
        public var data = Data()
    }

    /// The name of the design file's copy in a sweep's result folder: analysis and reports read it,
    /// so a result folder needs nothing outside itself.
    public static let copyName = "design.csv"

    /// Reads the design file `ref` (relative to the experiment file at `experimentPath`, or absolute).
    /// `line` is the `points:` key's line in the experiment file, for errors about the reference itself.
    public static func load(_ ref: String, experimentPath: String, line: Int?) throws -> Loaded {
        let path = ExperimentFile.resolve(ref, relativeTo: experimentPath)
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
            throw BuurtError.input("design file not found: \(ref)", file: experimentPath, line: line, key: "points",
                                   allowed: "a CSV file path, relative to the experiment file or absolute")
        }
        guard !isDir.boolValue else {
            throw BuurtError.input("\(ref) is a folder, not a CSV file", file: experimentPath, line: line, key: "points",
                                   allowed: "a CSV file path")
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        guard size <= maxBytes else {
            throw BuurtError.input("the design file has \(size) bytes, more than the \(maxBytes) allowed", file: path,
                                   allowed: "at most \(maxPoints) points in at most \(maxBytes / 1024 / 1024) MiB; split the design over several experiments")
        }
        let data: Data
        do { data = try FileOps.readInput(path, limit: maxBytes, what: "design file") } catch let e as BuurtError {
            throw BuurtError.input(e.message, file: path, allowed: "a UTF-8 CSV file of at most \(maxBytes / 1024 / 1024) MiB")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw BuurtError.input("the design file is not UTF-8 text", file: path, allowed: "a UTF-8 CSV file")
        }
        var loaded = try parse(text, file: path)
        loaded.path = path
        loaded.data = data
        return loaded
    }

    /// Parses the text of a design file; `file` names it in errors.
    public static func parse(_ text: String, file: String) throws -> Loaded {
        var lines: [(number: Int, fields: [String])] = []
        var number = 0
        var body = Substring(text)
        if body.hasPrefix("\u{FEFF}") { body = body.dropFirst() }
        // "\r\n" is one Character in Swift: split on it too (CSV from Excel or Windows).
        for raw in body.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }) {
            number += 1
            var line = raw
            if line.hasSuffix("\r") { line = line.dropLast() }
            if line.allSatisfy({ $0 == " " || $0 == "\t" }) { continue }
            if line.filter({ $0 == "\"" }).count % 2 != 0 {
                throw BuurtError.input("a quoted field runs past the end of the line", file: file, line: number,
                                       allowed: "one design point per line; lever values hold no line breaks")
            }
            if lines.count > maxPoints {
                throw BuurtError.input("more than \(maxPoints) design points", file: file, line: number,
                                       allowed: "at most \(maxPoints) points; split the design over several experiments")
            }
            let fields = CSV.parse(String(line)).first ?? []
            lines.append((number, fields.map { $0.trimmingCharacters(in: .whitespaces) }))
        }
        guard let header = lines.first else {
            throw BuurtError.input("the design file is empty", file: file,
                                   allowed: "a header of lever names, then one line per design point")
        }
        // Columns.
        var factors: [Factor] = []
        var seen: [String: Int] = [:]
        for (c, name) in header.fields.enumerated() {
            let column = c + 1
            if name.isEmpty {
                throw BuurtError.input("column \(column) has no name (pandas writes its index so: use to_csv(index=False))",
                                       file: file, line: header.number, key: "column \(column)",
                                       allowed: "a lever from `buurt params`")
            }
            if let first = seen[name] {
                throw BuurtError.input("column \(column) repeats column \(first)", file: file, line: header.number,
                                       key: name, allowed: "each lever once")
            }
            seen[name] = column
            guard let index = Lever.registry.index(of: name) else {
                throw BuurtError.input("column \(column) is not a lever" + Lever.registry.suggestion(for: name), file: file,
                                       line: header.number, key: name, allowed: "a lever from `buurt params`")
            }
            let lever = Lever(rawValue: index)!
            if lever == .seed || lever == .ticks {
                throw BuurtError.input("column \(column): seeds and ticks are the experiment's (seed:, ticks:, replicates:)",
                                       file: file, line: header.number, key: name, allowed: "any other lever from `buurt params`")
            }
            factors.append(Factor(lever: lever, values: nil, min: lever.spec.min, max: lever.spec.max, log: false))
        }
        guard lines.count > 1 else {
            throw BuurtError.input("the design file has a header but no design points", file: file, line: header.number,
                                   allowed: "one line per design point under the header")
        }
        // Points.
        var points: [[Double]] = []
        points.reserveCapacity(lines.count - 1)
        for (number, fields) in lines.dropFirst() {
            guard fields.count == factors.count else {
                throw BuurtError.input("\(fields.count) fields where the header has \(factors.count) columns", file: file,
                                       line: number, allowed: factors.map(\.name).joined(separator: ","))
            }
            var point: [Double] = []
            point.reserveCapacity(factors.count)
            for (c, text) in fields.enumerated() {
                let spec = factors[c].lever.spec
                if text.isEmpty {
                    throw BuurtError.input("column \(c + 1) is empty", file: file, line: number, key: spec.name,
                                           allowed: spec.allowedText)
                }
                var v: Double
                do {
                    v = try spec.parse(text)
                } catch let e as BuurtError {
                    throw BuurtError.input("column \(c + 1): " + e.message, file: file, line: number, key: spec.name,
                                           allowed: spec.allowedText)
                }
                if case .real = spec.kind {
                    // The precision runs.csv carries, so the run replays from its row.
                    v = Double(NumberFormat.text(v)) ?? v
                }
                point.append(v)
            }
            points.append(point)
        }
        // Each factor's range is the range the file covers (for provenance and charts).
        for c in factors.indices {
            let column = points.lazy.map { $0[c] }
            factors[c].min = column.min()!
            factors[c].max = column.max()!
        }
        return Loaded(factors: factors, points: points, path: file)
    }
}

extension DesignFile {
    /// The design of an experiment file with `design: file`: reads `points:`, and refuses the keys
    /// that belong to generated designs (`vary`, `samples`, `levels`).
    /// `stored`, when given, is read instead of the file `points:` names (a result folder's copy).
    static func loaded(_ byKey: [String: YAMLReader.Entry], file: String, stored: String? = nil) throws -> Loaded {
        for key in ["vary", "samples", "levels"] {
            if let e = byKey[key] {
                throw BuurtError.input("a file design takes its levers and points from the file, not from '\(key)'",
                                       file: file, line: e.line, key: key,
                                       allowed: "leave it out; the design file's columns are the varied levers")
            }
        }
        guard let e = byKey["points"] else {
            throw BuurtError.input("missing", file: file, key: "points",
                                   allowed: "the CSV file of design points (relative to this experiment file), e.g. points: design.csv")
        }
        let ref = try YAMLReader.string(e.node, file: file, key: "points")
        if let stored { return try load(stored, experimentPath: file, line: e.line) }
        return try load(ref, experimentPath: file, line: e.line)
    }
}
