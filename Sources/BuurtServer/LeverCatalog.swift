import BuurtCore
import BuurtModel

/// What the page builds its controls and charts from, generated from `Lever.registry` and
/// `Metric.registry`: the page keeps no list of its own.
public enum LeverCatalog {
    /// One chart of the live page: a title and the metrics drawn on it.
    public struct Chart: Sendable {
        /// Names the chart's texts on the page (`chart.<key>`, `info.chart.<key>`).
        public let key: String
        public let title: String
        public let unit: String
        public let metrics: [Metric]
        /// A fixed vertical range (shares and trust), or nil to fit the data.
        public let range: ClosedRange<Double>?
    }

    /// The charts of the live page, in order.
    public static let charts: [Chart] = [
        Chart(key: "initiatives", title: "Initiatives", unit: "initiatives",
              metrics: [.activeInitiatives, .selfSustainingInitiatives], range: nil),
        Chart(key: "trust", title: "Trust in institutions", unit: "trust (0-1)",
              metrics: [.meanTrustInstitutions, .trustInstitutionsUnderrepresented], range: 0...1),
        Chart(key: "intermediaries", title: "Intermediaries", unit: "intermediaries",
              metrics: [.activeIntermediaries, .burnoutsTotal, .successionsTotal], range: nil),
        Chart(key: "bridging", title: "Bridging ties", unit: "share of ties",
              metrics: [.bridgingTieShare], range: nil),
    ]

    /// The metrics streamed to the page (each once, in chart order).
    public static let streamedMetrics: [Metric] = {
        var seen = Set<Int>(), out: [Metric] = []
        for c in charts { for m in c.metrics where seen.insert(m.rawValue).inserted { out.append(m) } }
        return out
    }()

    public static func kindName(_ kind: LeverSpec.Kind) -> String {
        switch kind {
        case .real: return "real"
        case .integer: return "integer"
        case .flag: return "flag"
        case .choice: return "choice"
        }
    }

    /// One lever as the page sees it.
    public static func json(_ spec: LeverSpec) -> JSON {
        var fields: [(String, JSON)] = [
            ("name", .string(spec.name)), ("group", .string(spec.group)),
            ("kind", .string(kindName(spec.kind))),
            ("min", .number(spec.min)), ("max", .number(spec.max)), ("default", .number(spec.defaultValue)),
            ("unit", .string(spec.unit)), ("description", .string(spec.description)),
            ("structural", .bool(spec.structural)), ("allowed", .string(spec.allowedText)),
            // The slider spans an uncertain lever's plausible range (the registry's, as the
            // sensitivity analysis uses it); a typed value may go to the allowed range.
            ("uncertain", .bool(spec.uncertain)),
            ("sliderMin", .number(spec.uncertain ? spec.plausibleMin : spec.min)),
            ("sliderMax", .number(spec.uncertain ? spec.plausibleMax : spec.max)),
        ]
        if case .choice(let options) = spec.kind { fields.append(("options", .array(options.map { .string($0) }))) }
        return .object(fields)
    }

    /// Every lever, in registry order.
    public static var levers: JSON { .array(Lever.registry.specs.map(json)) }

    /// Every metric (name, unit, description), in registry order.
    public static var metrics: JSON {
        .array(Metric.registry.specs.map {
            .object([("name", .string($0.name)), ("unit", .string($0.unit)), ("description", .string($0.description))])
        })
    }

    /// The charts, naming their metrics; `series` gives each metric's position in the streamed points.
    public static var chartsJSON: JSON {
        .array(charts.map { c in
            var fields: [(String, JSON)] = [
                ("key", .string(c.key)), ("title", .string(c.title)), ("unit", .string(c.unit)),
                ("metrics", .array(c.metrics.map { .string($0.spec.name) })),
                ("series", .array(c.metrics.map { m in .int(streamedMetrics.firstIndex(of: m)!) })),
            ]
            if let r = c.range { fields.append(("range", .numbers([r.lowerBound, r.upperBound]))) }
            return .object(fields)
        })
    }
}
