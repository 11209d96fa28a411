/// The ordered set of declared levers, looked up by dotted name.
public struct LeverRegistry: Sendable {
    public let specs: [LeverSpec]
    private let byName: [String: Int]

    public init(_ specs: [LeverSpec]) {
        self.specs = specs
        var map: [String: Int] = [:]
        for (i, s) in specs.enumerated() {
            precondition(map[s.name] == nil, "lever \(s.name) declared twice")
            map[s.name] = i
        }
        byName = map
    }

    public var count: Int { specs.count }
    public func index(of name: String) -> Int? { byName[name] }
    public subscript(name: String) -> LeverSpec? { byName[name].map { specs[$0] } }

    /// Finds a lever or throws an input error that suggests the nearest names.
    public func lookup(_ name: String) throws -> Int {
        if let i = byName[name] { return i }
        throw BuurtError.input(.unknownLever(suggest: Spelling.nearest(name, in: specs.map(\.name))), key: name,
                               expected: .leverName)
    }

    public func suggestion(for name: String) -> String {
        BuurtError.Reason.hint(Spelling.nearest(name, in: specs.map(\.name)))
    }

    public var defaults: [Double] { specs.map(\.defaultValue) }
}

/// Spelling suggestions by edit distance.
public enum Spelling {
    public static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var prev = Array(0...b.count), cur = Array(repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            cur[0] = i
            for j in 1...b.count {
                cur[j] = Swift.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&prev, &cur)
        }
        return prev[b.count]
    }

    /// The closest candidates (at most two), if any is reasonably close; matching the part after
    /// the dot counts too (`grant_size` finds `funding.grant_size`).
    public static func nearest(_ word: String, in candidates: [String]) -> [String] {
        let scored = candidates.map { c -> (String, Int) in
            let tail = c.split(separator: ".").last.map(String.init) ?? c
            return (c, Swift.min(distance(word, c), distance(word, tail)))
        }
        let best = scored.map(\.1).min() ?? Int.max
        let limit = Swift.max(2, word.count / 3)
        guard best <= limit else { return [] }
        return Array(scored.filter { $0.1 == best }.map(\.0).prefix(2))
    }
}
