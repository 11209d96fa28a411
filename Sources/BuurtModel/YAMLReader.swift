import Foundation
import Yams
import BuurtCore

/// Reads YAML into nodes that remember their lines, and turns every problem into a `BuurtError`
/// that names the file, the line and the key.
public enum YAMLReader {
    public struct Entry {
        public let key: String
        public let node: Node
        public let line: Int?
    }

    /// The largest input file read.
    public static let maxFileBytes = 8 << 20

    /// Reads a file, refusing what is missing, a folder, not a regular file, huge (checked before
    /// reading) or not UTF-8.
    public static func readFile(_ path: String) throws -> String {
        let data = try FileOps.readInput(path, limit: maxFileBytes, what: "YAML file")
        guard let text = String(data: data, encoding: .utf8) else {
            throw BuurtError.input(.notUTF8, file: path)
        }
        return text
    }

    /// Parses YAML text into its root node (an empty document is an empty mapping).
    public static func parse(_ text: String, file: String) throws -> Node {
        if text.contains("\0") { throw BuurtError.input(.nulByte, file: file) }
        try YAMLNesting.check(text, file: file)
        do {
            // Scalars are read as text and typed by the registry (`setLever`, `int`), never by
            // Yams' tags, so no tag rules: the default ones are regular expressions that take
            // about a millisecond to compile, a fiftieth of a small run.
            return try Yams.compose(yaml: text, .basic) ?? Node.mapping(Node.Mapping([]))
        } catch let e as YamlError {
            throw describe(e, file: file)
        } catch {
            throw BuurtError.input(.malformed(problem: "\(error)"), file: file)
        }
    }

    /// A YAML syntax error: the parser's own words (no reader can translate them) with the line and
    /// column where it has them.
    static func describe(_ e: YamlError, file: String) -> BuurtError {
        switch e {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _),
             let .composer(context, problem, mark, _):
            let ctx = context.map { "\($0.text) " } ?? ""
            return BuurtError.input(.syntax(problem: ctx + problem, column: mark.column), file: file, line: mark.line)
        case let .reader(problem, _, _, _):
            return BuurtError.input(.malformed(problem: problem), file: file)
        default:
            return BuurtError.input(.malformed(problem: "\(e)"), file: file)
        }
    }

    public static func line(_ node: Node) -> Int? { node.mark?.line }

    /// The entries of a mapping node, in order; duplicate keys and non-string keys are errors.
    public static func entries(_ node: Node, file: String, context: String?) throws -> [Entry] {
        guard case .mapping(let mapping) = node else {
            throw BuurtError.input(.notMapping(found: found(node)), file: file, line: line(node), key: context)
        }
        var seen = Set<String>()
        var out: [Entry] = []
        for (k, v) in mapping {
            guard case .scalar(let s) = k else {
                throw BuurtError.input(.keyNotText, file: file, line: line(k), key: context)
            }
            let key = context.map { "\($0).\(s.string)" } ?? s.string
            guard seen.insert(key).inserted else {
                throw BuurtError.input(.duplicateKey, file: file, line: line(k), key: key)
            }
            out.append(Entry(key: key, node: v, line: line(k)))
        }
        return out
    }

    /// Flattens nested mappings to dotted keys (`funding: {grant_size: 1}` gives `funding.grant_size`).
    public static func flatten(_ entries: [Entry], file: String) throws -> [Entry] {
        var out: [Entry] = []
        var seen = Set<String>()
        for e in entries {
            let flat: [Entry]
            if case .mapping = e.node {
                flat = try flatten(YAMLReader.entries(e.node, file: file, context: e.key), file: file)
            } else { flat = [e] }
            for f in flat {
                guard seen.insert(f.key).inserted else {
                    throw BuurtError.input(.duplicateKey, file: file, line: f.line, key: f.key)
                }
                out.append(f)
            }
        }
        return out
    }

    /// The text of a scalar value.
    public static func scalar(_ node: Node, file: String, key: String, expected: BuurtError.Expected? = nil) throws -> String {
        guard case .scalar(let s) = node else {
            throw BuurtError.input(.notSingleValue(found: found(node)), file: file, line: line(node), key: key,
                                   expected: expected)
        }
        return s.string
    }

    public static func int(_ node: Node, file: String, key: String, min: Int = Int.min, max: Int = Int.max) throws -> Int {
        let expected = BuurtError.Expected.wholeNumber(min: min, max: max)
        let text = try scalar(node, file: file, key: key, expected: expected)
        guard let v = Int(text.replacingOccurrences(of: "_", with: "")), v >= min, v <= max else {
            throw BuurtError.input(.notAllowed(text: text), file: file, line: line(node), key: key, expected: expected)
        }
        return v
    }

    public static func string(_ node: Node, file: String, key: String) throws -> String {
        try scalar(node, file: file, key: key, expected: .text)
    }

    public static func list(_ node: Node, file: String, key: String) throws -> [Node] {
        guard case .sequence(let seq) = node else {
            throw BuurtError.input(.notList(found: found(node)), file: file, line: line(node), key: key)
        }
        return Array(seq)
    }

    /// What a node is, for an error that expected something else.
    public static func found(_ node: Node) -> BuurtError.Found {
        switch node {
        case .scalar(let s): return .value(s.string)
        case .mapping: return .mapping
        case .sequence: return .list
        }
    }

    /// Sets a lever from a YAML value node, with the file and line on any error.
    public static func setLever(_ values: inout LeverValues, key: String, node: Node, line: Int?, file: String) throws {
        let index: Int
        do { index = try Lever.registry.lookup(key) } catch var e as BuurtError {
            e.file = file; e.line = line; e.key = key
            throw e
        }
        let spec = Lever.registry.specs[index]
        let text = try scalar(node, file: file, key: key, expected: .leverValue(spec))
        do { values.raw[index] = try spec.parse(text) } catch var e as BuurtError {
            e.file = file; e.line = YAMLReader.line(node) ?? line; e.key = key
            throw e
        }
    }
}
