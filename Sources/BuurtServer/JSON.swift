import BuurtCore

/// A JSON value written by hand, so that numbers come out the one deterministic way Buurt writes
/// them (`NumberFormat`: up to 6 decimals, never in exponent form) and keys keep their order.
///
/// Messages to the page are rendered once per broadcast and shared by every viewer, so rendering
/// is a single pass into one string.
public enum JSON: Equatable, Sendable {
    case null
    case bool(Bool)
    case number(Double)
    case int(Int)
    case string(String)
    case array([JSON])
    case object([(String, JSON)])

    public static func == (a: JSON, b: JSON) -> Bool { a.text == b.text }

    /// The compact text of the value.
    public var text: String {
        var out = ""
        write(to: &out)
        return out
    }

    public func write(to out: inout String) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .number(let v):
            // JSON has no NaN or infinity: a value that is not finite is sent as null.
            if v.isFinite { out += NumberFormat.text(v) } else { out += "null" }
        case .string(let s): JSON.quote(s, into: &out)
        case .array(let items):
            out += "["
            for (k, item) in items.enumerated() {
                if k > 0 { out += "," }
                item.write(to: &out)
            }
            out += "]"
        case .object(let fields):
            out += "{"
            for (k, (key, value)) in fields.enumerated() {
                if k > 0 { out += "," }
                JSON.quote(key, into: &out)
                out += ":"
                value.write(to: &out)
            }
            out += "}"
        }
    }

    static func quote(_ s: String, into out: inout String) { JSONText.quote(s, into: &out) }

    /// An array of numbers (a chart series).
    public static func numbers(_ values: [Double]) -> JSON { .array(values.map { .number($0) }) }

    /// A parameter of a refusal: text cut to 200 characters (it may be a whole line of a file), a
    /// number too large to spell out sent short as text ("1e+308"), as the page shows it.
    public init(_ p: BuurtError.Param) {
        switch p {
        case .text(let s): self = .string(String(s.prefix(200)))
        case .int(let i): self = .int(i)
        case .number(let v): self = abs(v) < 1e12 ? .number(v) : .string(ClientCommand.shortNumber(v))
        case .list(let items): self = .array(items.map { .string(String($0.prefix(200))) })
        }
    }
}
