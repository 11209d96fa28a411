import Foundation

/// One entry of a chart's legend.
public struct LegendEntry {
    public enum Swatch { case line, band, box, marker }
    public var label: String
    public var color: String
    public var dash: String?
    public var swatch: Swatch
    public init(_ label: String, color: String, dash: String? = nil, swatch: Swatch = .line) {
        self.label = label; self.color = color; self.dash = dash; self.swatch = swatch
    }
}

/// What every chart shares: the title and subtitle, the plot area's layout, axes with nice ticks,
/// light gridlines and labelled axes (with units), and a legend to the right of the plot area
/// (outside it, so it never hides data).
public struct ChartFrame {
    public var title: String
    public var subtitle: String
    public var xLabel: String
    public var yLabel: String
    public var legendTitle = ""
    public var legend: [LegendEntry] = []
    public var width: Double = 780
    public var height: Double = 480
    /// Room kept right of the plot area for something other than the legend (a colour bar).
    public var extraRight: Double = 0

    public private(set) var left = 0.0, top = 0.0, right = 0.0, bottom = 0.0
    private var subtitleLines: [String] = []
    private var rotateXLabels = false

    public init(title: String, subtitle: String = "", xLabel: String, yLabel: String) {
        self.title = title; self.subtitle = subtitle; self.xLabel = xLabel; self.yLabel = yLabel
    }

    /// Estimated width of text in DejaVu Sans (about 0.6 em a character).
    static func textWidth(_ s: String, size: Double) -> Double { Double(s.count) * size * 0.6 }

    static let tickSize = 11.0, labelSize = 12.5, titleSize = 15.0, subtitleSize = 11.5, legendSize = 11.5

    var legendWidth: Double {
        guard !legend.isEmpty else { return 0 }
        let entries = legend.map { ChartFrame.textWidth($0.label, size: ChartFrame.legendSize) + 34 }.max() ?? 0
        return Swift.max(entries, ChartFrame.textWidth(legendTitle, size: ChartFrame.legendSize) + 4) + 16
    }

    /// Sizes the figure and places the plot area; returns the scales with their pixel ranges.
    public mutating func layout(x: Scale, y: Scale) -> (x: Scale, y: Scale) {
        let yTickWidth = y.ticks().map { ChartFrame.textWidth($0.label, size: ChartFrame.tickSize) }.max() ?? 20
        left = 16 + (yLabel.isEmpty ? 0 : 22) + yTickWidth + 10
        let legendW = legendWidth
        let minPlot = 560.0
        width = Swift.max(width, left + minPlot + extraRight + (legendW > 0 ? legendW + 20 : 0) + 20)
        // Wide enough for the subtitle to take two lines at most (up to 1,240 pixels).
        let twoLines = (Double(subtitle.count) / 2 + 12) * ChartFrame.subtitleSize * 0.6 + 32
        width = Swift.max(width, Swift.min(1240, twoLines))
        right = width - 20 - extraRight - (legendW > 0 ? legendW + 20 : 0)
        let maxChars = Swift.max(40, Int((width - 32) / (ChartFrame.subtitleSize * 0.6)))
        subtitleLines = ChartFrame.wrap(subtitle, width: maxChars)
        top = 16 + ChartFrame.titleSize + 6 + Double(subtitleLines.count) * 15 + 14
        // Categorical x labels that do not fit their slot are turned 35 degrees.
        var xLabelRoom = 18.0
        if let cats = x.categories {
            let slot = (right - left) / Double(Swift.max(1, cats.count))
            let widest = cats.map { ChartFrame.textWidth($0, size: ChartFrame.tickSize) }.max() ?? 0
            if widest > slot - 4 { rotateXLabels = true; xLabelRoom = 14 + widest * 0.58 }
        }
        let legendHeight = Double(legend.count) * 19 + (legendTitle.isEmpty ? 0 : 20) + 10
        height = Swift.max(height, top + legendHeight + 40)
        bottom = height - 14 - (xLabel.isEmpty ? 0 : 22) - xLabelRoom
        if bottom - top < 200 { height += 200 - (bottom - top); bottom = top + 200 }
        return (x.withPixels(left, right), y.withPixels(bottom, top))
    }

    /// Splits text into lines of at most `width` characters at spaces.
    static func wrap(_ text: String, width: Int) -> [String] {
        guard !text.isEmpty else { return [] }
        var lines: [String] = [], line = ""
        for word in text.split(separator: " ") {
            if !line.isEmpty && line.count + 1 + word.count > width { lines.append(line); line = "" }
            line += (line.isEmpty ? "" : " ") + word
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }

    public func drawTitles(_ svg: inout SVGWriter) {
        svg.text(title, x: 16, y: 16 + ChartFrame.titleSize, size: ChartFrame.titleSize, bold: true, [("class", "title")])
        for (i, line) in subtitleLines.enumerated() {
            svg.text(line, x: 16, y: 16 + ChartFrame.titleSize + 6 + 13 + Double(i) * 15, size: ChartFrame.subtitleSize,
                     fill: Palette.muted, [("class", "subtitle")])
        }
    }

    /// Gridlines, axis lines, ticks with labels, and the axis titles.
    public func drawAxes(_ svg: inout SVGWriter, x: Scale, y: Scale, xGrid: Bool = true, yGrid: Bool = true) {
        svg.open("g", [("class", "axes")])
        let xt = x.ticks(), yt = y.ticks()
        if yGrid && y.categories == nil {
            for t in yt { let p = y.map(t.value); if p.isFinite { svg.line(left, p, right, p, stroke: Palette.grid) } }
        }
        if xGrid && x.categories == nil {
            for t in xt { let p = x.map(t.value); if p.isFinite { svg.line(p, top, p, bottom, stroke: Palette.grid) } }
        }
        svg.line(left, bottom, right, bottom, stroke: Palette.axis)
        svg.line(left, top, left, bottom, stroke: Palette.axis)
        for t in xt {
            let p = x.map(t.value)
            guard p.isFinite else { continue }
            svg.line(p, bottom, p, bottom + 5, stroke: Palette.axis)
            if rotateXLabels {
                svg.text(t.label, x: p, y: bottom + 16, size: ChartFrame.tickSize, anchor: .end, rotate: -35, [("class", "tick")])
            } else {
                // A label at either end is kept inside the figure (anchored at its end, not cut off).
                let half = ChartFrame.textWidth(t.label, size: ChartFrame.tickSize) / 2
                let anchor: SVGWriter.Anchor = p + half > width - 4 ? .end : (p - half < 4 ? .start : .middle)
                svg.text(t.label, x: p, y: bottom + 18, size: ChartFrame.tickSize, anchor: anchor, [("class", "tick")])
            }
        }
        for t in yt {
            let p = y.map(t.value)
            guard p.isFinite else { continue }
            svg.line(left - 5, p, left, p, stroke: Palette.axis)
            svg.text(t.label, x: left - 8, y: p + 4, size: ChartFrame.tickSize, anchor: .end, [("class", "tick")])
        }
        if !xLabel.isEmpty {
            svg.text(xLabel, x: (left + right) / 2, y: height - 14, size: ChartFrame.labelSize, anchor: .middle,
                     [("class", "axis-label x")])
        }
        if !yLabel.isEmpty {
            let cy = (top + bottom) / 2
            svg.text(yLabel, x: 24, y: cy, size: ChartFrame.labelSize, anchor: .middle, rotate: -90,
                     [("class", "axis-label y")])
        }
        svg.close("g")
    }

    public func drawLegend(_ svg: inout SVGWriter) {
        guard !legend.isEmpty else { return }
        let x0 = right + 20 + extraRight
        var y = top + 4
        svg.open("g", [("class", "legend")])
        if !legendTitle.isEmpty {
            svg.text(legendTitle, x: x0, y: y + 10, size: ChartFrame.legendSize, bold: true)
            y += 20
        }
        for e in legend {
            let cy = y + 7
            switch e.swatch {
            case .line, .band:
                if e.swatch == .band { svg.rect(x: x0, y: cy - 6, width: 24, height: 12, fill: e.color, [("fill-opacity", "0.18")]) }
                var attrs: [(String, String)] = [("stroke-linecap", "round")]
                if let d = e.dash { attrs.append(("stroke-dasharray", d)) }
                svg.line(x0, cy, x0 + 24, cy, stroke: e.color, width: 2.2, attrs)
            case .box:
                svg.rect(x: x0 + 4, y: cy - 6, width: 16, height: 12, fill: e.color)
            case .marker:
                svg.line(x0 + 12, cy - 6, x0 + 12, cy + 6, stroke: e.color, width: 1.4)
                svg.element("circle", [("cx", SVGWriter.num(x0 + 12)), ("cy", SVGWriter.num(cy)), ("r", "3.5"), ("fill", e.color)])
            }
            svg.text(e.label, x: x0 + 32, y: cy + 4, size: ChartFrame.legendSize)
            y += 19
        }
        svg.close("g")
    }

    /// A centred note in the plot area (for a chart without data).
    public func drawNote(_ svg: inout SVGWriter, _ note: String) {
        svg.text(note, x: (left + right) / 2, y: (top + bottom) / 2, size: 13, anchor: .middle, fill: Palette.muted,
                 [("class", "note")])
    }
}
