import Foundation

/// The one way numbers are written to CSV, JSON summaries and messages: whole numbers without
/// decimals, others with up to 6 decimals and no trailing zeros, never in exponent form, always
/// with '.' as the decimal mark. Deterministic, so equal runs give byte-identical files.
public enum NumberFormat {
    public static func text(_ v: Double, decimals: Int = 6) -> String {
        if v.isNaN { return "" }
        if v.isInfinite { return v > 0 ? "inf" : "-inf" }
        if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
        if decimals == 6, let fast = sixDecimals(v) { return fast }
        return printfText(v, decimals: decimals)
    }

    /// `printf("%.Nf")` with trailing zeros removed: the reference the fast path must equal.
    static func printfText(_ v: Double, decimals: Int) -> String {
        var s = String(format: "%.\(decimals)f", v)
        if s.contains(".") {
            while s.hasSuffix("0") { s.removeLast() }
            if s.hasSuffix(".") { s.removeLast() }
        }
        if s == "-0" { s = "0" }
        return s
    }

    /// The same digits as `printf("%.6f")` (correctly rounded, ties to even on the exact binary
    /// value), without Foundation's formatting: the exact sign of `|v| x 10^6 - (q + 1/2)` comes
    /// from one fused multiply-add, since 10^6 and q + 1/2 are exact doubles. Nil outside the range
    /// where that holds (|v| x 10^6 >= 2^52).
    static func sixDecimals(_ v: Double) -> String? {
        let a = abs(v)
        let scaled = a * 1e6
        guard scaled < 4_503_599_627_370_496 else { return nil }
        var q = scaled.rounded(.down)
        // Make q the exact floor of a x 10^6.
        if (-q).addingProduct(a, 1e6) < 0 { q -= 1 } else if (-(q + 1)).addingProduct(a, 1e6) >= 0 { q += 1 }
        let d = (-(q + 0.5)).addingProduct(a, 1e6)
        var n = UInt64(q)
        if d > 0 || (d == 0 && n % 2 == 1) { n += 1 }
        if n == 0 { return "0" }
        let whole = n / 1_000_000
        var frac = n % 1_000_000
        var digits = 6
        while frac > 0 && frac % 10 == 0 { frac /= 10; digits -= 1 }
        var out = v < 0 ? "-" : ""
        out += String(whole)
        if frac > 0 {
            let f = String(frac)
            out += "." + String(repeating: "0", count: digits - f.count) + f
        }
        return out
    }
}
