import Foundation

/// Horizontal bars, grouped by category (one bar per series in each group), with confidence
/// whiskers; used for Sobol indices (S1 and ST per lever). Each series is a `<g class="series">`
/// of `class="bar"` rectangles and `class="whisker"` paths.
public struct BarChart {
    public struct Series {
        public var label: String
        public var values: [Double]
        public var low: [Double]
        public var high: [Double]
        public init(label: String, values: [Double], low: [Double], high: [Double]) {
            self.label = label; self.values = values; self.low = low; self.high = high
        }
    }

    public var frame: ChartFrame
    /// One group of bars per category, the first at the top.
    public var categories: [String]
    public var series: [Series]
    /// The value axis always includes this range (Sobol indices: 0 to 1).
    public var include: ClosedRange<Double> = 0...1
    /// A dashed reference line across the bars (the noise floor of Sobol indices), in the legend.
    public var reference: (value: Double, label: String)?
    /// A note drawn over an empty plot (instead of "No data to show").
    public var emptyNote = "No data to show"

    public init(frame: ChartFrame, categories: [String], series: [Series]) {
        self.frame = frame; self.categories = categories; self.series = series
    }

    public func svg(standalone: Bool = true) -> String {
        var f = frame
        var all = [include.lowerBound, include.upperBound]
        for s in series { all += (s.values + s.low + s.high).filter(\.isFinite) }
        if let ref = reference, ref.value.isFinite { all.append(ref.value) }
        var xScale = Scale.covering(all)
        xScale.lo = Swift.min(xScale.lo, include.lowerBound)
        xScale.hi = Swift.max(xScale.hi, include.upperBound)
        // Categories top to bottom: reverse the slot order on a categorical y scale.
        let yScale = Scale.categorical(categories.reversed())
        if f.legend.isEmpty {
            f.legend = series.indices.map { LegendEntry(series[$0].label, color: Palette.color($0), swatch: .box) }
            if let ref = reference, ref.value.isFinite { f.legend.append(LegendEntry(ref.label, color: Palette.axis, dash: "5 3")) }
        }
        let (x, y) = f.layout(x: xScale, y: yScale)
        var svg = SVGWriter(width: f.width, height: f.height)
        f.drawTitles(&svg)
        f.drawAxes(&svg, x: x, y: y, xGrid: true, yGrid: false)
        let zero = x.map(0)
        if zero.isFinite { svg.line(zero, f.top, zero, f.bottom, stroke: Palette.axis, width: 0.8) }
        let n = Double(Swift.max(1, series.count))
        let group = y.slotWidth * 0.72, barH = group / n
        svg.open("g", [("class", "plot")])
        for (i, s) in series.enumerated() {
            let color = Palette.color(i)
            svg.open("g", [("class", "series"), ("data-label", s.label)])
            for (c, _) in categories.enumerated() where c < s.values.count {
                let slot = Double(categories.count - 1 - c)
                let cy = y.map(slot) - group / 2 + barH * (Double(i) + 0.5)
                let v = s.values[c]
                guard v.isFinite, zero.isFinite else { continue }
                let px = x.map(v)
                svg.rect(x: Swift.min(zero, px), y: cy - barH * 0.42, width: abs(px - zero), height: barH * 0.84, fill: color,
                         [("class", "bar"), ("data-value", Scale.short(v, digits: 4))])
                if c < s.low.count, c < s.high.count, s.low[c].isFinite, s.high[c].isFinite {
                    let lo = x.map(s.low[c]), hi = x.map(s.high[c])
                    var w = SVGPath()
                    w.move(lo, cy); w.to(hi, cy)
                    w.move(lo, cy - barH * 0.25); w.to(lo, cy + barH * 0.25)
                    w.move(hi, cy - barH * 0.25); w.to(hi, cy + barH * 0.25)
                    svg.path(w, [("class", "whisker"), ("stroke", "#1a1a1a"), ("stroke-width", "1.2"), ("fill", "none")])
                }
            }
            svg.close("g")
        }
        svg.close("g")
        if let ref = reference, ref.value.isFinite {
            let px = x.map(ref.value)
            svg.line(px, f.top, px, f.bottom, stroke: Palette.axis, width: 1.2,
                     [("class", "reference"), ("stroke-dasharray", "5 3"), ("data-value", Scale.short(ref.value, digits: 4))])
        }
        f.drawLegend(&svg)
        let drawn = series.contains { $0.values.contains(where: \.isFinite) }
        if categories.isEmpty || !drawn { f.drawNote(&svg, categories.isEmpty ? "No data to show" : emptyNote) }
        return svg.document(standalone: standalone, title: f.title)
    }
}
