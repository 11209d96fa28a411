/// One declared outcome metric: the single source of its column name, unit and meaning.
public struct MetricSpec: Sendable, Equatable {
    public let name: String
    public let unit: String
    public let description: String
    /// Whether the value is a whole count (printed without decimals).
    public let isCount: Bool
    /// The range a value can take, for the data dictionary.
    public let range: String
    /// When the metric is a ratio or a mean over a group that can be empty, the weeks in which it
    /// is undefined (`"while nobody has taken part"`): it is written as 0 then, and its `_mean` and
    /// `_lastyear` summaries count those 0s. Nil for a metric defined in every week.
    public let zeroWhen: String?

    public init(_ name: String, unit: String, count: Bool = false, range: String = "", zeroWhen: String? = nil,
                _ description: String) {
        self.name = name; self.unit = unit; self.description = description; self.isCount = count
        self.range = range.isEmpty ? (count ? ">= 0" : "") : range
        self.zeroWhen = zeroWhen
    }
}

/// The ordered set of declared metrics.
public struct MetricRegistry: Sendable {
    public let specs: [MetricSpec]
    private let byName: [String: Int]
    public init(_ specs: [MetricSpec]) {
        self.specs = specs
        var map: [String: Int] = [:]
        for (i, s) in specs.enumerated() {
            precondition(map[s.name] == nil, "metric \(s.name) declared twice")
            map[s.name] = i
        }
        byName = map
    }
    public var count: Int { specs.count }
    public var names: [String] { specs.map(\.name) }
    public func index(of name: String) -> Int? { byName[name] }
    public func lookup(_ name: String) throws -> Int {
        if let i = byName[name] { return i }
        let near = Spelling.nearest(name, in: names)
        let hint = near.isEmpty ? "" : "; did you mean \(near.map { "'\($0)'" }.joined(separator: " or "))?"
        throw BuurtError.input("unknown metric" + hint, key: name, allowed: names.joined(separator: ", "))
    }
    /// The summaries written for every metric, in column order: the value at the last tick, the
    /// mean over ticks 1 to the last, and the mean over the last 52 ticks (all of them if fewer).
    public static let summarySuffixes = ["_final", "_mean", "_lastyear"]
    /// Summary column names: `<metric>_final`, `<metric>_mean` and `<metric>_lastyear` for each metric.
    public var summaryColumns: [String] { specs.flatMap { s in Self.summarySuffixes.map { s.name + $0 } } }
}
