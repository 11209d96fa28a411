import Foundation

/// The one way numbers are written to CSV, JSON summaries and messages: whole numbers without
/// decimals, others with up to 6 decimals and no trailing zeros, never in exponent form, always
/// with '.' as the decimal mark. Deterministic, so equal runs give byte-identical files.
public enum NumberFormat {
    public static func text(_ v: Double, decimals: Int = 6) -> String {
        if v.isNaN { return "" }
        if v.isInfinite { return v > 0 ? "inf" : "-inf" }
        if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
        var s = String(format: "%.\(decimals)f", v)
        if s.contains(".") {
            while s.hasSuffix("0") { s.removeLast() }
            if s.hasSuffix(".") { s.removeLast() }
        }
        if s == "-0" { s = "0" }
        return s
    }
}
