/// Pretty-printed JSON for the provenance files (`run.json`, `experiment.json`) and `buurt params
/// --format json`, written by hand: keys sorted, two spaces of indent, numbers that read back to
/// the same Double, and no trip through Foundation's `JSONSerialization` (which cost a tenth of a
/// short run through dynamic casts and sorting of `AnyHashable` keys).
///
/// Takes the values such files are built of: `[String: Any]`, `[Any]`, `String`, `Bool`, the
/// integer types, `Double`, and `nil` (an `Optional` holding nothing) as `null`.
public enum JSONText {
    public static func pretty(_ value: Any) -> String {
        var out = ""
        write(value, indent: 0, to: &out)
        return out + "\n"
    }

    static func write(_ value: Any, indent: Int, to out: inout String) {
        switch value {
        case let b as Bool: out += b ? "true" : "false"
        case let s as String: quote(s, into: &out)
        case let i as Int: out += String(i)
        case let i as Int64: out += String(i)
        case let i as Int32: out += String(i)
        case let i as UInt64: out += String(i)
        case let v as Double: out += number(v)
        case let v as Float: out += number(Double(v))
        case let d as [String: Any]:
            if d.isEmpty { out += "{}"; return }
            let pad = String(repeating: " ", count: indent + 2)
            out += "{\n"
            for (k, key) in d.keys.sorted().enumerated() {
                if k > 0 { out += ",\n" }
                out += pad
                quote(key, into: &out)
                out += " : "
                write(d[key]!, indent: indent + 2, to: &out)
            }
            out += "\n" + String(repeating: " ", count: indent) + "}"
        case let a as [Any]:
            if a.isEmpty { out += "[]"; return }
            let pad = String(repeating: " ", count: indent + 2)
            out += "[\n"
            for (k, item) in a.enumerated() {
                if k > 0 { out += ",\n" }
                out += pad
                write(item, indent: indent + 2, to: &out)
            }
            out += "\n" + String(repeating: " ", count: indent) + "]"
        default:
            // An Optional that holds nothing (or a value of no JSON kind) is null.
            out += "null"
        }
    }

    /// A Double as JSON: whole numbers without decimals, others in Swift's shortest form that
    /// reads back to the same value; JSON has no NaN or infinity, so those are null.
    public static func number(_ v: Double) -> String {
        guard v.isFinite else { return "null" }
        if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
        return v.description
    }

    /// A string in JSON quotes with the escapes JSON requires ('<' escaped too, so a string holding
    /// "</script>" is harmless if inlined in a page).
    public static func quote(_ s: String, into out: inout String) {
        out += "\""
        // Most strings need no escape and are appended whole; one with a byte that may need one (a
        // control, a quote, a backslash, "<", or 0xE2, the lead byte of U+2028 and U+2029) goes scalar
        // by scalar.
        if !s.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") || $0 == UInt8(ascii: "<") || $0 == 0xE2 }) {
            out += s
            out += "\""
            return
        }
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "<": out += "\\u003c"
            default:
                if u.value < 0x20 || u.value == 0x2028 || u.value == 0x2029 {
                    let hex = String(u.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        out += "\""
    }
}
