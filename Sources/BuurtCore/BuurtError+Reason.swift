/// Why an input was refused and what it should have been, as data: a code and its parameters for a
/// reader that says it in its own language (the live page), besides the English `message` and
/// `allowed` that the command line prints. Both English texts are made here, from the data, so the
/// words and the code cannot drift apart.
extension BuurtError {
    /// Why an input file or value was refused.
    public enum Reason: Equatable, Sendable {
        // The file as a whole. `what` names the kind of file in the English message only.
        case noSuchFile
        case unreadable(what: String, system: String)
        case isFolder(what: String)
        case notRegularFile(what: String)
        /// `bytes` is nil when the file grew past the limit while it was read.
        case tooLarge(what: String, bytes: Int?, limit: Int)
        case notUTF8
        case nulByte
        case tooDeep(limit: Int)
        /// The YAML parser's own words (`problem`), at a line (the error's) and column.
        case syntax(problem: String, column: Int)
        /// The YAML parser's own words where it gives no place.
        case malformed(problem: String)
        // The shape of the document.
        case notMapping(found: Found)
        case keyNotText
        case duplicateKey
        case notSingleValue(found: Found)
        case notList(found: Found)
        // Keys.
        case unknownKey(suggest: [String])
        case unknownLever(suggest: [String])
        case unknownEventKey
        case eventWithoutTick
        case eventWithoutSet
        case structural
        // Values: `text` as written, `value` as read.
        case notAllowed(text: String)
        case notTrueOrFalse(text: String)
        case notAnOption(text: String)
        case notANumber(text: String)
        case notFinite
        case notWhole(value: Double)
        case flagValue(value: Double)
        case optionValue(value: Double)
        case outOfRange(value: Double)

        /// The code of each case: its name, and the page's text `error.reason.<code>`.
        public enum Code: String, CaseIterable, Sendable {
            case noSuchFile, unreadable, isFolder, notRegularFile, tooLarge, notUTF8, nulByte, tooDeep, syntax,
                 malformed, notMapping, keyNotText, duplicateKey, notSingleValue, notList, unknownKey, unknownLever,
                 unknownEventKey, eventWithoutTick, eventWithoutSet, structural, notAllowed, notTrueOrFalse,
                 notAnOption, notANumber, notFinite, notWhole, flagValue, optionValue, outOfRange
        }

        public var code: Code {
            switch self {
            case .noSuchFile: return .noSuchFile
            case .unreadable: return .unreadable
            case .isFolder: return .isFolder
            case .notRegularFile: return .notRegularFile
            case .tooLarge: return .tooLarge
            case .notUTF8: return .notUTF8
            case .nulByte: return .nulByte
            case .tooDeep: return .tooDeep
            case .syntax: return .syntax
            case .malformed: return .malformed
            case .notMapping: return .notMapping
            case .keyNotText: return .keyNotText
            case .duplicateKey: return .duplicateKey
            case .notSingleValue: return .notSingleValue
            case .notList: return .notList
            case .unknownKey: return .unknownKey
            case .unknownLever: return .unknownLever
            case .unknownEventKey: return .unknownEventKey
            case .eventWithoutTick: return .eventWithoutTick
            case .eventWithoutSet: return .eventWithoutSet
            case .structural: return .structural
            case .notAllowed: return .notAllowed
            case .notTrueOrFalse: return .notTrueOrFalse
            case .notAnOption: return .notAnOption
            case .notANumber: return .notANumber
            case .notFinite: return .notFinite
            case .notWhole: return .notWhole
            case .flagValue: return .flagValue
            case .optionValue: return .optionValue
            case .outOfRange: return .outOfRange
            }
        }

        /// What a reader needs to say it (English-only words such as `what` are left out).
        public var params: [(String, Param)] {
            switch self {
            case .unreadable(_, let system): return [("system", .text(system))]
            case .tooLarge(_, let bytes, let limit): return (bytes.map { [("bytes", .int($0))] } ?? []) + [("limit", .int(limit))]
            case .tooDeep(let limit): return [("limit", .int(limit))]
            case .syntax(let problem, let column): return [("problem", .text(problem)), ("column", .int(column))]
            case .malformed(let problem): return [("problem", .text(problem))]
            case .notMapping(let found), .notSingleValue(let found), .notList(let found): return found.params
            case .unknownKey(let suggest), .unknownLever(let suggest): return [("suggest", .list(suggest))]
            case .notAllowed(let text), .notTrueOrFalse(let text), .notAnOption(let text), .notANumber(let text):
                return [("text", .text(text))]
            case .notWhole(let value), .flagValue(let value), .optionValue(let value), .outOfRange(let value):
                return [("value", .number(value))]
            case .noSuchFile, .isFolder, .notRegularFile, .notUTF8, .nulByte, .keyNotText, .duplicateKey,
                 .unknownEventKey, .eventWithoutTick, .eventWithoutSet, .structural, .notFinite:
                return []
            }
        }

        /// The English words the command line prints (`BuurtError.message`).
        public var message: String {
            switch self {
            case .noSuchFile: return "no such file"
            case .unreadable(let what, let system): return "cannot read the \(what): \(system)"
            case .isFolder(let what): return "is a folder, not a \(what)"
            case .notRegularFile(let what): return "is not a regular file (a device, pipe or socket); name a \(what)"
            case .tooLarge(let what, let bytes?, let limit): return "the \(what) is \(bytes) bytes, more than the \(limit >> 20) MiB allowed"
            case .tooLarge(let what, nil, let limit): return "the \(what) is more than the \(limit >> 20) MiB allowed"
            case .notUTF8: return "file is not UTF-8 text"
            case .nulByte: return "file holds a NUL byte; not YAML text"
            case .tooDeep(let limit): return "the YAML nests deeper than \(limit) levels"
            case .syntax(let problem, let column): return "malformed YAML: \(problem) (column \(column))"
            case .malformed(let problem): return "malformed YAML: \(problem)"
            case .notMapping(let found): return "expected a mapping of keys to values, found \(found.text)"
            case .keyNotText: return "a key must be plain text"
            case .duplicateKey: return "key given twice"
            case .notSingleValue(let found): return "expected a single value, found \(found.text)"
            case .notList(let found): return "expected a list, found \(found.text)"
            case .unknownKey(let suggest): return "unknown key" + Reason.hint(suggest)
            case .unknownLever(let suggest): return "unknown lever" + Reason.hint(suggest)
            case .unknownEventKey: return "unknown key in an event"
            case .eventWithoutTick: return "an event needs 'at' (the tick)"
            case .eventWithoutSet: return "an event needs 'set' with at least one lever"
            case .structural: return "cannot change mid-run: it shapes the population or the run"
            case .notAllowed(let text): return "'\(text)' is not allowed"
            case .notTrueOrFalse(let text): return "'\(text)' is not true or false"
            case .notAnOption(let text): return "'\(text)' is not one of the options"
            case .notANumber(let text): return "'\(text)' is not a number"
            case .notFinite: return "not a finite number"
            case .notWhole(let value): return "\(NumberFormat.text(value)) is not a whole number"
            case .flagValue(let value): return "\(NumberFormat.text(value)) is not true or false"
            case .optionValue(let value): return "\(NumberFormat.text(value)) is not an option"
            case .outOfRange(let value): return "\(NumberFormat.text(value)) is out of range"
            }
        }

        /// "; did you mean 'a' or 'b'?" after a name that is not known, or nothing.
        public static func hint(_ suggest: [String]) -> String {
            suggest.isEmpty ? "" : "; did you mean \(suggest.map { "'\($0)'" }.joined(separator: " or "))?"
        }
    }

    /// What stood where something else was expected: a value as written, a mapping or a list.
    public enum Found: Equatable, Sendable {
        case value(String)
        case mapping
        case list

        /// The English words ("'x'", "a mapping", "a list").
        public var text: String {
            switch self {
            case .value(let s): return "'\(s)'"
            case .mapping: return "a mapping"
            case .list: return "a list"
            }
        }

        var params: [(String, Param)] {
            switch self {
            case .value(let s): return [("found", .text("value")), ("foundText", .text(s))]
            case .mapping: return [("found", .text("mapping"))]
            case .list: return [("found", .text("list"))]
            }
        }
    }

    /// What is allowed where an input was refused.
    public enum Expected: Equatable, Sendable {
        /// Any text.
        case text
        case trueOrFalse
        case wholeNumber(min: Int, max: Int)
        /// What the lever takes (its kind and range, from its registry entry).
        case leverValue(LeverSpec)
        /// One of these keys.
        case keys([String])
        /// One of these keys or a lever's name.
        case keysOrLever([String])
        /// A lever's name.
        case leverName
        /// A lever that may change during a run: not one of these (`population.*`, ...).
        case liveLever(not: [String])
        /// Nesting no deeper than this many levels.
        case depth(Int)

        public enum Code: String, CaseIterable, Sendable {
            case text, trueOrFalse, wholeNumber, leverValue, keys, keysOrLever, leverName, liveLever, depth
        }

        public var code: Code {
            switch self {
            case .text: return .text
            case .trueOrFalse: return .trueOrFalse
            case .wholeNumber: return .wholeNumber
            case .leverValue: return .leverValue
            case .keys: return .keys
            case .keysOrLever: return .keysOrLever
            case .leverName: return .leverName
            case .liveLever: return .liveLever
            case .depth: return .depth
            }
        }

        public var params: [(String, Param)] {
            switch self {
            case .text, .trueOrFalse, .leverName: return []
            case .wholeNumber(let min, let max): return [("min", .int(min)), ("max", .int(max))]
            case .leverValue(let spec): return [("lever", .text(spec.name))]
            case .keys(let keys), .keysOrLever(let keys): return [("keys", .list(keys))]
            case .liveLever(let not): return [("not", .list(not))]
            case .depth(let n): return [("depth", .int(n))]
            }
        }

        /// The English words the command line prints (`BuurtError.allowed`).
        public var text: String {
            switch self {
            case .text: return "text"
            case .trueOrFalse: return "true or false"
            case .wholeNumber(let min, let max):
                return "a whole number from \(min == Int.min ? "-inf" : String(min)) to \(max == Int.max ? "inf" : String(max))"
            case .leverValue(let spec): return spec.allowedText
            case .keys(let keys): return keys.joined(separator: ", ")
            case .keysOrLever(let keys): return keys.joined(separator: ", ") + ", or a lever from `buurt params`"
            case .leverName: return "see `buurt params`"
            case .liveLever(let not): return "a lever that is not structural (not \(not.joined(separator: ", ")))"
            case .depth(let n): return "at most \(n) levels of lists and mappings"
            }
        }
    }

    /// A parameter of a reason or an expectation.
    public enum Param: Equatable, Sendable {
        case text(String)
        case int(Int)
        case number(Double)
        case list([String])
    }

    /// An input error for a reason: its English message, and what is allowed, made from the data.
    public static func input(_ reason: Reason, file: String? = nil, line: Int? = nil, key: String? = nil,
                             expected: Expected? = nil) -> BuurtError {
        var e = BuurtError(.input, reason.message, file: file, line: line, key: key, allowed: expected?.text)
        e.reason = reason
        e.expected = expected
        return e
    }
}
