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
    /// value), without Foundation's formatting. Nil outside the range where that holds.
    static func sixDecimals(_ v: Double) -> String? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(24)
        guard appendSixDecimals(v, to: &bytes) else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends `text(v)` as UTF-8: the allocation-free path of the CSV writers, byte for byte the
    /// same as `text(v)`.
    public static func append(_ v: Double, to out: inout [UInt8]) {
        if v.isNaN { return }
        if v.isInfinite { out.append(contentsOf: (v > 0 ? "inf" : "-inf").utf8); return }
        if v == v.rounded(), abs(v) < 1e15 { append(Int64(v), to: &out); return }
        if !appendSixDecimals(v, to: &out) { out.append(contentsOf: printfText(v, decimals: 6).utf8) }
    }

    /// Appends a whole number in decimal.
    public static func append(_ i: Int64, to out: inout [UInt8]) {
        if i < 0 { out.append(UInt8(ascii: "-")) }
        appendDigits(i.magnitude, minimumDigits: 1, to: &out)
    }

    /// The digits of `n`, left-padded with zeros to `minimumDigits`.
    static func appendDigits(_ n: UInt64, minimumDigits: Int, to out: inout [UInt8]) {
        var buffer: (UInt64, UInt64, UInt64) = (0, 0, 0)   // 24 bytes: room for 20 digits
        withUnsafeMutableBytes(of: &buffer) { raw in
            let k = writeDigits(n, minimumDigits: minimumDigits, into: raw, before: raw.count)
            out.append(contentsOf: UnsafeRawBufferPointer(rebasing: raw[k...]))   // contiguous: one copy
        }
    }

    /// Writes the digits of `n` (left-padded with zeros to `minimumDigits`) into `raw` so that they
    /// end just before index `end`, and returns where they start: the one digit writer.
    @inline(__always)
    static func writeDigits(_ n: UInt64, minimumDigits: Int, into raw: UnsafeMutableRawBufferPointer, before end: Int) -> Int {
        var k = end, x = n
        repeat {
            k -= 1
            raw[k] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: x % 10)
            x /= 10
        } while x > 0 || end - k < minimumDigits
        return k
    }

    /// The exact sign of `|v| x 10^6 - (q + 1/2)` comes from one fused multiply-add, since 10^6 and
    /// q + 1/2 are exact doubles. False (nothing appended) where |v| x 10^6 >= 2^52.
    static func appendSixDecimals(_ v: Double, to out: inout [UInt8]) -> Bool {
        let a = abs(v)
        let scaled = a * 1e6
        guard scaled < 4_503_599_627_370_496 else { return false }
        var q = scaled.rounded(.down)
        // Make q the exact floor of a x 10^6.
        if (-q).addingProduct(a, 1e6) < 0 { q -= 1 } else if (-(q + 1)).addingProduct(a, 1e6) >= 0 { q += 1 }
        let d = (-(q + 0.5)).addingProduct(a, 1e6)
        var n = UInt64(q)
        if d > 0 || (d == 0 && n % 2 == 1) { n += 1 }
        if n == 0 { out.append(UInt8(ascii: "0")); return true }
        let whole = n / 1_000_000
        var frac = n % 1_000_000
        var digits = 6
        while frac > 0 && frac % 10 == 0 { frac /= 10; digits -= 1 }
        // One buffer filled from its end (fraction, point, whole part, sign) and appended as one
        // copy: at most 10 + 1 + 6 + 1 bytes, since n < 2^52.
        var buffer: (UInt64, UInt64, UInt64) = (0, 0, 0)
        withUnsafeMutableBytes(of: &buffer) { raw in
            var k = raw.count
            if frac > 0 {
                k = writeDigits(frac, minimumDigits: digits, into: raw, before: k)
                k -= 1
                raw[k] = UInt8(ascii: ".")
            }
            k = writeDigits(whole, minimumDigits: 1, into: raw, before: k)
            if v < 0 { k -= 1; raw[k] = UInt8(ascii: "-") }
            out.append(contentsOf: UnsafeRawBufferPointer(rebasing: raw[k...]))
        }
        return true
    }
}
