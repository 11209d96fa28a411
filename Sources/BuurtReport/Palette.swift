import Foundation
import BuurtCore

/// Colour-blind-safe colours: the Okabe-Ito palette for series (ordered so the first lines have
/// the most contrast on white; yellow last), dash patterns to tell apart more than eight series,
/// and the viridis scale (perceptually uniform, readable in grey and with colour-vision
/// deficiencies) for heatmaps.
public enum Palette {
    /// Okabe & Ito (2008), from `SeriesColours` (BuurtCore), the one list the live page uses too.
    public static let okabeIto = SeriesColours.okabeIto

    /// Colour of the i-th series.
    public static func color(_ i: Int) -> String { okabeIto[((i % okabeIto.count) + okabeIto.count) % okabeIto.count] }

    /// Dash pattern of the i-th series: solid for the first eight, then dashed, then dotted.
    public static func dash(_ i: Int) -> String? {
        switch (i / okabeIto.count) % 3 {
        case 0: return nil
        case 1: return "7,4"
        default: return "2,3"
        }
    }

    /// Viridis sampled at 0, 0.1, ..., 1 (matplotlib's table); interpolated linearly between.
    static let viridis: [(Double, Double, Double)] = [
        (0x44, 0x01, 0x54), (0x48, 0x24, 0x75), (0x41, 0x44, 0x87), (0x35, 0x5f, 0x8d), (0x2a, 0x78, 0x8e),
        (0x21, 0x91, 0x8c), (0x22, 0xa8, 0x84), (0x44, 0xbf, 0x70), (0x7a, 0xd1, 0x51), (0xbd, 0xdf, 0x26),
        (0xfd, 0xe7, 0x25),
    ]

    /// The viridis colour at t in [0, 1] (clamped; NaN gives the colour for missing data).
    public static func viridis(_ t: Double) -> String {
        guard t.isFinite else { return missing }
        let u = Swift.min(Swift.max(t, 0), 1) * Double(viridis.count - 1)
        let i = Swift.min(Int(u), viridis.count - 2)
        let f = u - Double(i)
        let a = viridis[i], b = viridis[i + 1]
        func mix(_ p: Double, _ q: Double) -> Int { Int((p + (q - p) * f).rounded()) }
        return String(format: "#%02x%02x%02x", mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
    }

    /// Text colour readable on viridis at t: white on the dark end, near-black on the light end.
    public static func textOnViridis(_ t: Double) -> String { t.isFinite && t > 0.62 ? "#1a1a1a" : "#ffffff" }

    /// Fill of a cell without data.
    public static let missing = "#e6e6e6"
    public static let axis = "#333333"
    public static let grid = "#e3e3e3"
    public static let text = "#222222"
    public static let muted = "#555555"
}
