/// The one error type that leaves Buurt: it knows its exit code and how to show itself.
///
/// Input errors (exit 2) name the file, the line where there is one, the key and what is allowed;
/// runtime failures (exit 1) say what failed; an interruption (exit 130) says what was kept.
public struct BuurtError: Error, CustomStringConvertible, Equatable {
    public enum Kind: Equatable, Sendable { case input, runtime, interrupted }

    public var kind: Kind
    public var message: String
    public var file: String?
    public var line: Int?
    public var key: String?
    public var allowed: String?
    /// Why, as data (see `BuurtError+Reason.swift`): set where an input file or value is refused,
    /// for a reader that words it in another language; nil for other errors.
    public var reason: Reason?
    /// What is allowed, as data (`allowed` is its English).
    public var expected: Expected?

    public init(_ kind: Kind, _ message: String, file: String? = nil, line: Int? = nil,
                key: String? = nil, allowed: String? = nil) {
        self.kind = kind; self.message = message; self.file = file; self.line = line
        self.key = key; self.allowed = allowed
    }

    public static func input(_ message: String, file: String? = nil, line: Int? = nil,
                             key: String? = nil, allowed: String? = nil) -> BuurtError {
        BuurtError(.input, message, file: file, line: line, key: key, allowed: allowed)
    }
    public static func runtime(_ message: String, file: String? = nil) -> BuurtError {
        BuurtError(.runtime, message, file: file)
    }

    public var exitCode: Int32 {
        switch kind { case .input: return 2; case .runtime: return 1; case .interrupted: return 130 }
    }

    /// The same error located in a file (kept if already located).
    public func inFile(_ path: String) -> BuurtError {
        var copy = self
        if copy.file == nil { copy.file = path }
        return copy
    }

    public var description: String {
        var where_ = ""
        if let file { where_ += file }
        if let line { where_ += (where_.isEmpty ? "line \(line)" : ":\(line)") }
        var text = where_.isEmpty ? "" : where_ + ": "
        if let key { text += "'\(key)': " }
        text += message
        if let allowed { text += " (allowed: \(allowed))" }
        return text
    }
}
