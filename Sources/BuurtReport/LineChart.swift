import Foundation

/// Lines over a numeric or categorical x axis, each with an optional confidence interval: a
/// shaded band (time series), error bars at points (response curves), or a step function with a
/// stepped band (survival curves).
///
/// Each series is one `<g class="series">` holding its band (`class="band"`), its line
/// (`class="line"`) and its markers; points with a non-finite value break the line and are left out.
public struct LineChart {
    public enum Style { case line, step, points }

    public struct Point {
        public var x: Double, y: Double, low: Double, high: Double
        public init(x: Double, y: Double, low: Double = .nan, high: Double = .nan) {
            self.x = x; self.y = y; self.low = low; self.high = high
        }
    }

    public struct Series {
        public var label: String
        public var points: [Point]
        /// The runs behind the line, drawn thin behind it (`class="run"`), as the EMA Workbench's
        /// `lines` plots do.
        public var runs: [[Point]] = []
        /// The range of the runs at each x (`low` to `high`), drawn as a light outline (`class="envelope"`).
        public var envelope: [Point] = []
        public init(label: String, points: [Point]) { self.label = label; self.points = points }
    }

    public var frame: ChartFrame
    public var series: [Series]
    public var style: Style
    /// Draw the intervals (band or error bars).
    public var intervals = true
    public var xLog = false
    public var xCategories: [String]?
    /// A fixed y range (survival: 0 to 1); otherwise the data's, widened to nice numbers.
    public var yRange: ClosedRange<Double>?
    /// Start the y axis at 0 when the values are non-negative and not far from it.
    public var yFromZero = true
    /// Write each series' label beside its markers (`class="point-label"`), for scatter plots.
    public var labelPoints = false

    public init(frame: ChartFrame, series: [Series], style: Style) {
        self.frame = frame; self.series = series; self.style = style
    }

    /// The SVG document (standalone for a file, or for inlining in HTML).
    public func svg(standalone: Bool = true) -> String {
        var f = frame
        let hasData = series.contains { $0.points.contains { $0.x.isFinite && $0.y.isFinite } }
        var xs: [Double] = [], ys: [Double] = []
        for s in series {
            for p in s.points where p.x.isFinite && p.y.isFinite {
                xs.append(p.x); ys.append(p.y)
                if intervals { ys += [p.low, p.high].filter(\.isFinite) }
            }
            for run in s.runs { ys += run.map(\.y).filter(\.isFinite) }
            ys += s.envelope.flatMap { [$0.low, $0.high] }.filter(\.isFinite)
        }
        let xScale0: Scale
        if let xCategories { xScale0 = .categorical(xCategories) }
        else { xScale0 = style == .points ? padded(Scale.covering(xs, log: xLog)) : Scale.covering(xs, log: xLog, tight: true) }
        let yScale0 = yRange.map { Scale(lo: $0.lowerBound, hi: $0.upperBound) } ?? Scale.covering(ys, zero: yFromZero)
        if f.legend.isEmpty && series.count > 1 {
            f.legend = series.indices.map {
                LegendEntry(series[$0].label, color: Palette.color($0), dash: Palette.dash($0),
                            swatch: style == .points ? .marker : (intervals ? .band : .line))
            }
        }
        let (x, y) = f.layout(x: xScale0, y: yScale0)
        var svg = SVGWriter(width: f.width, height: f.height)
        f.drawTitles(&svg)
        f.drawAxes(&svg, x: x, y: y)
        if !hasData { f.drawNote(&svg, "No data to show") }
        svg.open("g", [("class", "plot")])
        for (i, s) in series.enumerated() {
            let color = Palette.color(i), dash = Palette.dash(i)
            let dodge = style == .points && series.count > 1
                ? (Double(i) - Double(series.count - 1) / 2) * Swift.min(7, x.slotWidth / Double(series.count + 1)) * (xCategories == nil ? 0.6 : 1)
                : 0
            svg.open("g", [("class", "series"), ("data-label", s.label)])
            let pts = s.points.filter { $0.x.isFinite && $0.y.isFinite }
            for run in s.runs {
                var path = SVGPath()
                for p in run where p.x.isFinite && p.y.isFinite { path.to(x.map(p.x), y.map(p.y)) }
                svg.path(path, [("class", "run"), ("fill", "none"), ("stroke", color), ("stroke-width", "0.5"), ("stroke-opacity", "0.35")])
            }
            let env = s.envelope.filter { $0.x.isFinite && $0.low.isFinite && $0.high.isFinite }
            if env.count >= 2 {
                var path = SVGPath()
                for p in env { path.to(x.map(p.x), y.map(p.high)) }
                for p in env.reversed() { path.to(x.map(p.x), y.map(p.low)) }
                path.closePath()
                svg.path(path, [("class", "envelope"), ("fill", color), ("fill-opacity", "0.06"), ("stroke", color),
                                ("stroke-width", "0.6"), ("stroke-opacity", "0.5"), ("stroke-dasharray", "3 2")])
            }
            if intervals { drawIntervals(&svg, pts, x: x, y: y, color: color, dodge: dodge) }
            var line = SVGPath()
            var prevY = Double.nan
            for p in pts {
                let px = x.map(p.x) + dodge, py = y.map(p.y)
                if style == .step, prevY.isFinite { line.to(px, prevY) }
                line.to(px, py)
                prevY = py
            }
            var attrs: [(String, String)] = [("class", "line"), ("fill", "none"), ("stroke", color),
                                             ("stroke-width", style == .points ? "1.4" : "2"), ("stroke-linejoin", "round")]
            if let dash { attrs.append(("stroke-dasharray", dash)) }
            // Categories have no order to join; numeric points are joined to show the trend.
            if style != .points || xCategories == nil { svg.path(line, attrs) }
            if style == .points {
                for p in pts {
                    let px = x.map(p.x) + dodge, py = y.map(p.y)
                    guard px.isFinite, py.isFinite else { continue }
                    svg.element("circle", [("class", "marker"), ("cx", SVGWriter.num(px)), ("cy", SVGWriter.num(py)),
                                           ("r", "3.5"), ("fill", color)])
                    if labelPoints {
                        let onRight = px > (x.pixelHi + x.pixelLo) / 2
                        svg.text(s.label, x: px + (onRight ? -6 : 6), y: py - 5, size: 10, anchor: onRight ? .end : .start,
                                 fill: "#333333", [("class", "point-label")])
                    }
                }
            }
            svg.close("g")
        }
        svg.close("g")
        f.drawLegend(&svg)
        return svg.document(standalone: standalone, title: f.title)
    }

    /// A little room either side of the first and last x, so markers and error bars are not on the axis.
    func padded(_ s: Scale) -> Scale {
        guard !s.log, s.hi > s.lo else { return s }
        var t = s
        let pad = (s.hi - s.lo) * 0.04
        t.lo -= pad; t.hi += pad
        return t
    }

    func drawIntervals(_ svg: inout SVGWriter, _ pts: [Point], x: Scale, y: Scale, color: String, dodge: Double) {
        switch style {
        case .points:
            for p in pts where p.low.isFinite && p.high.isFinite {
                let px = x.map(p.x) + dodge, lo = y.map(p.low), hi = y.map(p.high)
                guard px.isFinite, lo.isFinite, hi.isFinite else { continue }
                var bar = SVGPath()
                bar.move(px, lo); bar.to(px, hi)
                bar.move(px - 3.5, lo); bar.to(px + 3.5, lo)
                bar.move(px - 3.5, hi); bar.to(px + 3.5, hi)
                svg.path(bar, [("class", "errorbar"), ("stroke", color), ("stroke-width", "1.3"), ("fill", "none")])
            }
        case .line, .step:
            // The band is drawn in runs of consecutive points that have both ends of the interval.
            var run: [Point] = []
            func flush(_ svg: inout SVGWriter) {
                defer { run = [] }
                guard run.count >= 2 else { return }
                var upper: [(Double, Double)] = [], lower: [(Double, Double)] = []
                for (k, p) in run.enumerated() {
                    let px = x.map(p.x)
                    if style == .step, k > 0 {
                        upper.append((px, y.map(run[k - 1].high))); lower.append((px, y.map(run[k - 1].low)))
                    }
                    upper.append((px, y.map(p.high))); lower.append((px, y.map(p.low)))
                }
                var band = SVGPath()
                for (px, py) in upper { band.to(px, py) }
                for (px, py) in lower.reversed() { band.to(px, py) }
                band.closePath()
                svg.path(band, [("class", "band"), ("fill", color), ("fill-opacity", "0.16"), ("stroke", "none")])
            }
            for p in pts {
                if p.low.isFinite && p.high.isFinite { run.append(p) } else { flush(&svg) }
            }
            flush(&svg)
        }
    }
}
