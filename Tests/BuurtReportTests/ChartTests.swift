import XCTest
@testable import BuurtReport

/// The chart writer on made-up data: escaping, finite coordinates, series and cells counted,
/// ticks at nice numbers, legends and axis labels.
final class ChartTests: XCTestCase {
    func testEscapingAndNumbers() {
        XCTAssertEqual(SVGWriter.escape("a<b & \"c\" 'd'>"), "a&lt;b &amp; &quot;c&quot; &#39;d&#39;&gt;")
        XCTAssertEqual(SVGWriter.escape("x\u{1}y"), "x y")
        XCTAssertEqual(SVGWriter.num(.nan), "0")
        XCTAssertEqual(SVGWriter.num(.infinity), "0")
        XCTAssertEqual(SVGWriter.num(1.005), "1")
        XCTAssertEqual(SVGWriter.num(-0.001), "0")
        XCTAssertEqual(SVGWriter.num(12.5), "12.5")
        XCTAssertEqual(SVGWriter.num(1e300), "10000000")
        var p = SVGPath()
        p.to(1, 2); p.to(.nan, 3); p.to(4, 5); p.to(6, 7)
        XCTAssertEqual(p.text, "M1,2 M4,5 L6,7", "a non-finite point breaks the line")
    }

    func testNiceTicks() {
        XCTAssertEqual(Scale.niceStep(0.21), 0.2)
        XCTAssertEqual(Scale.niceStep(0.23), 0.25)
        XCTAssertEqual(Scale.niceStep(52), 50)
        XCTAssertEqual(Scale.niceStep(3), 2.5)
        XCTAssertEqual(Scale.niceStep(8), 10)
        let s = Scale.covering([0.13, 0.87])
        XCTAssertEqual(s.lo, 0); XCTAssertEqual(s.hi, 1)
        XCTAssertEqual(s.ticks().map(\.label), ["0", "0.2", "0.4", "0.6", "0.8", "1"])
        let z = Scale.covering([3, 17], zero: true)
        XCTAssertEqual(z.lo, 0)
        let flat = Scale.covering([5, 5])
        XCTAssertLessThan(flat.lo, 5); XCTAssertGreaterThan(flat.hi, 5)
        let log = Scale.covering([1000, 50000], log: true)
        XCTAssertTrue(log.ticks().map(\.label).contains("10000"))
        XCTAssertEqual(Scale.covering([]).lo, 0, "no data: a unit range")
        XCTAssertEqual(Scale.label(0.25, step: 0.25), "0.25")
        XCTAssertEqual(Scale.label(12.5, step: 2.5), "12.5")
        XCTAssertEqual(Scale.label(0.30000000000000004, step: 0.1), "0.3")
        XCTAssertEqual(Scale.label(250, step: 50), "250")
        XCTAssertEqual(Scale.covering([0, 14]).ticks().map(\.label), ["0", "2.5", "5", "7.5", "10", "12.5", "15"])
        XCTAssertEqual(Scale.short(1234.5678), "1235")
        XCTAssertEqual(Scale.short(0.012345), "0.0123")
        XCTAssertEqual(Scale.short(.nan), "n/a")
    }

    func testPalette() {
        XCTAssertEqual(Palette.color(0), "#0072B2")
        XCTAssertEqual(Palette.color(8), Palette.color(0))
        XCTAssertNil(Palette.dash(7)); XCTAssertNotNil(Palette.dash(8))
        XCTAssertEqual(Palette.viridis(0), "#440154")
        XCTAssertEqual(Palette.viridis(1), "#fde725")
        XCTAssertEqual(Palette.viridis(.nan), Palette.missing)
    }

    func lineChart(style: LineChart.Style) -> LineChart {
        let a = (0..<20).map { LineChart.Point(x: Double($0), y: Double($0) * 0.5, low: Double($0) * 0.5 - 1, high: Double($0) * 0.5 + 1) }
        var b = (0..<20).map { LineChart.Point(x: Double($0), y: 3) }
        b[5].y = .nan; b[6].low = .infinity
        var frame = ChartFrame(title: "Test <chart> & more", subtitle: "a subtitle", xLabel: "time (weeks)", yLabel: "value (units)")
        frame.legendTitle = "lever.name"
        return LineChart(frame: frame, series: [LineChart.Series(label: "first", points: a),
                                                LineChart.Series(label: "second \"quoted\"", points: b),
                                                LineChart.Series(label: "empty", points: [])], style: style)
    }

    func testLineChartIsValidWithSeriesLegendAndFiniteCoordinates() {
        for style in [LineChart.Style.line, .step, .points] {
            let svg = lineChart(style: style).svg(standalone: true)
            XCTAssertTrue(svg.hasPrefix("<?xml"))
            let doc = SVGInspector(svg)
            XCTAssertTrue(doc.wellFormed, doc.error ?? "")
            XCTAssertEqual(doc.count(class: "series"), 3, "\(style)")
            XCTAssertTrue(doc.hasText(containing: "time (weeks)"))
            XCTAssertTrue(doc.hasText(containing: "value (units)"))
            XCTAssertTrue(doc.hasText(containing: "Test <chart> & more"))
            XCTAssertTrue(doc.hasText(containing: "second \"quoted\""), "legend entries")
            XCTAssertTrue(doc.hasText(containing: "lever.name"), "legend title")
            doc.checkFiniteCoordinates()
            if style == .points { XCTAssertEqual(doc.count(class: "marker"), 39) }
            else { XCTAssertGreaterThanOrEqual(doc.count(class: "band"), 1) }
        }
    }

    func testEdgeTickLabelsStayInsideAndSubtitlesTakeTwoLines() {
        // The grant-size case: 100000 at the right end of a chart without a legend.
        let points = [0.0, 25_000, 50_000, 75_000, 100_000].map { LineChart.Point(x: $0, y: $0 / 1000) }
        let long = String(repeating: "a long subtitle that says what the chart computes, ", count: 5)
        let chart = LineChart(frame: ChartFrame(title: "t", subtitle: long, xLabel: "x", yLabel: "y"),
                              series: [LineChart.Series(label: "only", points: points)], style: .line)
        let doc = SVGInspector(chart.svg())
        XCTAssertTrue(doc.wellFormed)
        XCTAssertLessThanOrEqual(doc.count(class: "subtitle"), 2)
        let width = Double(doc.elements.first?.attrs["width"] ?? "") ?? 0
        let ticks = doc.elements.filter { $0.attrs["class"] == "tick" }
        let rightmost = ticks.max { (Double($0.attrs["x"] ?? "") ?? 0) < (Double($1.attrs["x"] ?? "") ?? 0) }!
        let x = Double(rightmost.attrs["x"]!)!
        // "100000" is 6 characters at 11 px: about 40 px wide.
        let anchor = rightmost.attrs["text-anchor"]
        let extent = anchor == "end" ? x : (anchor == "middle" ? x + 20 : x + 40)
        XCTAssertLessThanOrEqual(extent, width, "the right-most tick label is not cut off")
    }

    func testBarChartDrawsAReferenceLineAndSaysWhenEmpty() {
        var chart = BarChart(frame: ChartFrame(title: "s", xLabel: "index", yLabel: ""), categories: ["a", "b"],
                             series: [BarChart.Series(label: "S1", values: [.nan, .nan], low: [.nan, .nan], high: [.nan, .nan])])
        chart.reference = (0.12, "noise floor (0.12)")
        chart.emptyNote = "x is constant in this experiment: no indices"
        let doc = SVGInspector(chart.svg())
        XCTAssertTrue(doc.wellFormed)
        XCTAssertEqual(doc.count(class: "reference"), 1)
        XCTAssertTrue(doc.hasText(containing: "noise floor (0.12)"))
        XCTAssertTrue(doc.hasText(containing: "constant in this experiment"))
    }

    func testInlineSVGHasNoNamespaceURL() {
        let svg = lineChart(style: .line).svg(standalone: false)
        XCTAssertFalse(svg.contains("http"))
        XCTAssertFalse(svg.contains("<?xml"))
    }

    func testEmptyChartSaysSo() {
        let chart = LineChart(frame: ChartFrame(title: "t", xLabel: "x", yLabel: "y"), series: [], style: .line)
        let doc = SVGInspector(chart.svg())
        XCTAssertTrue(doc.wellFormed)
        XCTAssertTrue(doc.hasText(containing: "No data"))
    }

    func testHeatmapCellsAndColourBar() {
        let values: [[Double]] = [[1, 2, 3], [4, .nan, 6]]
        let chart = HeatmapChart(frame: ChartFrame(title: "h", xLabel: "a.b (euro)", yLabel: "c.d (share)"),
                                 xCategories: ["1", "2", "3"], yCategories: ["lo", "hi"], values: values, valueLabel: "outcome (units)")
        let doc = SVGInspector(chart.svg())
        XCTAssertTrue(doc.wellFormed, doc.error ?? "")
        XCTAssertEqual(doc.count(class: "cell"), 6)
        XCTAssertTrue(doc.hasText(containing: "outcome (units)"))
        XCTAssertTrue(doc.hasText(containing: "no runs"))
        XCTAssertTrue(doc.hasText(containing: "a.b (euro)"))
        doc.checkFiniteCoordinates()
    }

    func testBarChartWithWhiskers() {
        let chart = BarChart(frame: ChartFrame(title: "b", xLabel: "Sobol index", yLabel: ""), categories: ["x.one", "x.two", "x.three"],
                             series: [BarChart.Series(label: "S1", values: [0.5, -0.1, .nan], low: [0.3, -0.4, .nan], high: [0.7, 0.2, .nan]),
                                      BarChart.Series(label: "ST", values: [0.6, 0.1, 0.05], low: [0.4, 0, 0], high: [0.8, 0.3, 0.1])])
        let doc = SVGInspector(chart.svg())
        XCTAssertTrue(doc.wellFormed, doc.error ?? "")
        XCTAssertEqual(doc.count(class: "series"), 2)
        XCTAssertEqual(doc.count(class: "bar"), 5, "the NaN bar is left out")
        XCTAssertEqual(doc.count(class: "whisker"), 5)
        XCTAssertTrue(doc.hasText(containing: "x.three"))
        doc.checkFiniteCoordinates()
    }
}
