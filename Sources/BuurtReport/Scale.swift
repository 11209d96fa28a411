import Foundation
import BuurtCore

/// Maps data values to pixels along one axis, linear or logarithmic, or categories at evenly
/// spaced slots; chooses tick positions at "nice" numbers (1, 2, 2.5, 5 x 10^k).
public struct Scale {
    public var lo: Double
    public var hi: Double
    public var pixelLo: Double
    public var pixelHi: Double
    public var log: Bool
    /// Category names for a categorical axis: value i sits in the middle of slot i.
    public var categories: [String]?
    /// The tick step a nice range was built on (its ends are ticks).
    public var tickStep: Double?

    public init(lo: Double, hi: Double, pixelLo: Double = 0, pixelHi: Double = 1, log: Bool = false,
                categories: [String]? = nil) {
        self.lo = lo; self.hi = hi; self.pixelLo = pixelLo; self.pixelHi = pixelHi
        self.log = log; self.categories = categories
    }

    /// A categorical scale: slots -0.5 ..< n - 0.5.
    public static func categorical(_ names: [String]) -> Scale {
        Scale(lo: -0.5, hi: Double(Swift.max(1, names.count)) - 0.5, categories: names)
    }

    /// A numeric scale covering `values`, widened to nice tick boundaries (or, with `tight`, exactly
    /// the data's range: for time and age axes). With `zero`, a range of non-negative values starts
    /// at 0 when its minimum is small against its maximum.
    public static func covering(_ values: [Double], log: Bool = false, zero: Bool = false, tight: Bool = false) -> Scale {
        let finite = values.filter { $0.isFinite && (!log || $0 > 0) }
        guard var a = finite.min(), var b = finite.max() else { return Scale(lo: 0, hi: 1, log: false) }
        if log {
            if a == b { a /= 2; b *= 2 }
            let lo = pow(10, floor(log10(a))), hi = pow(10, ceil(log10(b)))
            // Within one decade on each side, keep the data's own bounds a little padded.
            return Scale(lo: Swift.max(lo, a / 1.15), hi: Swift.min(hi, b * 1.15), log: true)
        }
        if zero, a >= 0, a <= 0.35 * b { a = 0 }
        if a == b {
            let pad = a == 0 ? 1 : abs(a) * 0.1
            a -= pad; b += pad
        }
        if tight { return Scale(lo: a, hi: b) }
        let step = niceStep((b - a) / 4.5)
        let lo = floor(a / step + 1e-9) * step, hi = ceil(b / step - 1e-9) * step
        var s = Scale(lo: lo, hi: hi == lo ? lo + step : hi)
        s.tickStep = step
        return s
    }

    /// 1, 2, 2.5 or 5 times a power of ten, the nearest to `raw`.
    public static func niceStep(_ raw: Double) -> Double {
        guard raw.isFinite, raw > 0 else { return 1 }
        let p = pow(10, floor(log10(raw)))
        let f = raw / p
        let m: Double = f < 1.5 ? 1 : f < 2.25 ? 2 : f < 3.5 ? 2.5 : f < 7.5 ? 5 : 10
        return m * p
    }

    public func withPixels(_ a: Double, _ b: Double) -> Scale {
        var s = self
        s.pixelLo = a; s.pixelHi = b
        return s
    }

    /// The pixel position of v (NaN for values a log scale cannot show).
    public func map(_ v: Double) -> Double {
        guard v.isFinite else { return .nan }
        let t: Double
        if log {
            guard v > 0, lo > 0, hi > lo else { return .nan }
            t = (Foundation.log(v) - Foundation.log(lo)) / (Foundation.log(hi) - Foundation.log(lo))
        } else {
            t = hi == lo ? 0.5 : (v - lo) / (hi - lo)
        }
        return pixelLo + t * (pixelHi - pixelLo)
    }

    /// Pixel width of one category slot (or of the whole axis for a numeric scale).
    public var slotWidth: Double {
        abs(pixelHi - pixelLo) / Double(Swift.max(1, categories?.count ?? 1))
    }

    /// Tick values with their labels.
    public func ticks(target: Int = 6) -> [(value: Double, label: String)] {
        if let categories { return categories.enumerated().map { (Double($0.offset), $0.element) } }
        if log {
            var out: [(Double, String)] = []
            var decade = pow(10, floor(log10(lo)))
            while decade <= hi * 1.0001 {
                for m in [1.0, 2, 5] {
                    let v = m * decade
                    if v >= lo * 0.9999 && v <= hi * 1.0001 { out.append((v, Scale.label(v, step: v / 10))) }
                }
                decade *= 10
            }
            if out.count > target + 2 { out = out.filter { let l = log10($0.0); return abs(l - l.rounded()) < 1e-9 } }
            return out
        }
        var step = tickStep ?? Scale.niceStep((hi - lo) / Double(Swift.max(2, target - 1)))
        while (hi - lo) / step > 10 { step *= 2 }
        var out: [(Double, String)] = []
        var v = ceil(lo / step - 1e-9) * step
        while v <= hi + step * 1e-9 && out.count < 50 {
            out.append((abs(v) < step * 1e-9 ? 0 : v, Scale.label(v, step: step)))
            v += step
        }
        return out
    }

    /// A tick label with just enough decimals for the step, never in exponent form.
    public static func label(_ v: Double, step: Double) -> String {
        guard v.isFinite else { return "" }
        guard step.isFinite, step > 0 else { return NumberFormat.text(v) }
        let decimals = Swift.min(8, Swift.max(0, -Int(floor(log10(step) + 1e-9))) + (isQuarter(step) ? 1 : 0))
        if abs(v) < 1e-12 { return "0" }
        return NumberFormat.text((v * pow(10, Double(decimals))).rounded() / pow(10, Double(decimals)))
    }

    static func isQuarter(_ step: Double) -> Bool {
        let p = pow(10, floor(log10(step)))
        return abs(step / p - 2.5) < 1e-9
    }

    /// A value rounded to `digits` significant digits, for labels (never exponent form).
    /// A value for reading (legends, ranges): whole numbers from 1,000 up with thousands
    /// separators ("1,931"), smaller ones to 3 significant digits ("0.488").
    public static func readable(_ v: Double) -> String {
        guard v.isFinite else { return "n/a" }
        guard abs(v) >= 1000 else { return short(v) }
        let digits = String(Int64(abs(v).rounded()))
        var out = ""
        for (k, c) in digits.enumerated() {
            if k > 0 && (digits.count - k) % 3 == 0 { out += "," }
            out.append(c)
        }
        return (v < 0 ? "-" : "") + out
    }

    public static func short(_ v: Double, digits: Int = 3) -> String {
        guard v.isFinite else { return "n/a" }
        if v == 0 { return "0" }
        let magnitude = Int(floor(log10(abs(v))))
        let decimals = Swift.max(0, digits - 1 - magnitude)
        let p = pow(10, Double(Swift.min(decimals, 8)))
        return NumberFormat.text((v * p).rounded() / p)
    }
}
