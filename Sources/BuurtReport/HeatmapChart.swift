import Foundation

/// An outcome over two levers: one cell per pair of values (`class="cell"`), coloured on the
/// viridis scale with a colour bar that carries the outcome's name and unit; cells are labelled
/// with their value when there is room, and cells without runs are grey.
public struct HeatmapChart {
    public var frame: ChartFrame
    public var xCategories: [String]
    public var yCategories: [String]
    /// values[row][column]: row is a y category (bottom first), column an x category.
    public var values: [[Double]]
    /// The colour bar's title: the outcome and its unit.
    public var valueLabel: String

    public init(frame: ChartFrame, xCategories: [String], yCategories: [String], values: [[Double]], valueLabel: String) {
        self.frame = frame; self.xCategories = xCategories; self.yCategories = yCategories
        self.values = values; self.valueLabel = valueLabel
    }

    public func svg(standalone: Bool = true) -> String {
        var f = frame
        let finite = values.flatMap { $0 }.filter(\.isFinite)
        var scale = Scale.covering(finite)
        if let lo = finite.min(), let hi = finite.max(), lo < hi { scale.lo = lo; scale.hi = hi }
        let barTicks = scale.ticks(target: 5)
        let tickW = barTicks.map { ChartFrame.textWidth($0.label, size: ChartFrame.tickSize) }.max() ?? 20
        f.extraRight = 20 + 16 + 8 + tickW + 26
        let (x, y) = f.layout(x: .categorical(xCategories), y: .categorical(yCategories))
        var svg = SVGWriter(width: f.width, height: f.height)
        f.drawTitles(&svg)
        let cw = x.slotWidth, ch = y.slotWidth
        svg.open("g", [("class", "plot")])
        for (r, row) in values.enumerated() where r < yCategories.count {
            for (c, v) in row.enumerated() where c < xCategories.count {
                let t = scale.hi > scale.lo ? (v - scale.lo) / (scale.hi - scale.lo) : 0.5
                let cx = x.map(Double(c)), cy = y.map(Double(r))
                svg.rect(x: cx - cw / 2, y: cy - ch / 2, width: cw, height: ch, fill: v.isFinite ? Palette.viridis(t) : Palette.missing,
                         [("class", "cell"), ("stroke", "#ffffff"), ("stroke-width", "1"),
                          ("data-value", v.isFinite ? Scale.short(v, digits: 6) : "")])
                if cw >= 38 && ch >= 18 {
                    svg.text(v.isFinite ? Scale.short(v) : "no runs", x: cx, y: cy + 4, size: 10.5, anchor: .middle,
                             fill: v.isFinite ? Palette.textOnViridis(t) : Palette.muted, [("class", "cell-label")])
                }
            }
        }
        svg.close("g")
        f.drawAxes(&svg, x: x, y: y, xGrid: false, yGrid: false)
        // The colour bar, with the outcome and its unit.
        let bx = f.right + 20, top = f.top, bottom = f.bottom
        svg.open("g", [("class", "colorbar")])
        let steps = 48
        for k in 0..<steps {
            let t0 = Double(k) / Double(steps), t1 = Double(k + 1) / Double(steps)
            let y0 = bottom - t1 * (bottom - top), y1 = bottom - t0 * (bottom - top)
            svg.rect(x: bx, y: y0, width: 16, height: y1 - y0 + 0.5, fill: Palette.viridis((t0 + t1) / 2))
        }
        svg.rect(x: bx, y: top, width: 16, height: bottom - top, fill: "none", [("stroke", Palette.axis), ("stroke-width", "0.8")])
        let barScale = scale.withPixels(bottom, top)
        for t in barTicks {
            let p = barScale.map(t.value)
            guard p.isFinite, p >= top - 0.5, p <= bottom + 0.5 else { continue }
            svg.line(bx + 16, p, bx + 20, p, stroke: Palette.axis)
            svg.text(t.label, x: bx + 23, y: p + 4, size: ChartFrame.tickSize, [("class", "tick")])
        }
        let lx = bx + 16 + 8 + tickW + 16
        svg.text(valueLabel, x: lx, y: (top + bottom) / 2, size: ChartFrame.labelSize, anchor: .middle, rotate: -90,
                 [("class", "axis-label colorbar-label")])
        svg.close("g")
        if finite.isEmpty { f.drawNote(&svg, "No data to show") }
        return svg.document(standalone: standalone, title: f.title)
    }
}
