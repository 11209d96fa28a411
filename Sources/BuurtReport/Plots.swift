import Foundation
import BuurtCore
import BuurtExperiments
import BuurtModel

extension String {
    /// The string with its first letter in lower case, for a label inside a sentence, unless it
    /// starts with an acronym or a capitalised name (two capitals).
    var lowercasedFirst: String {
        let head = prefix(2)
        guard let f = first, f.isUppercase, !(head.count == 2 && head.last!.isUppercase) else { return self }
        return f.lowercased() + dropFirst()
    }
}

/// A chart ready to write: an SVG document either standalone or inline.
public protocol Chart {
    func svg(standalone: Bool) -> String
}
extension LineChart: Chart {}
extension HeatmapChart: Chart {}
extension BarChart: Chart {}

/// The charts of `buurt plot` and the report, built from a sweep folder. Each returns the chart
/// and the file name it is written under by default (in `DIR/plots/`).
public enum Plots {
    public enum Kind: String, CaseIterable, Sendable { case timeseries, response, heatmap, sobol, morris, survival }

    /// Writes a chart's SVG (creating the folder), and a PNG beside it with `rsvg-convert` when asked.
    /// Returns the paths written.
    @discardableResult
    public static func write(_ chart: Chart, to path: String, png: Bool = false) throws -> [String] {
        _ = try OutputFolder.checkFile(path)
        let folder = PathText.parent(path)
        if !folder.isEmpty { try FileOps.makeDirectory(folder) }
        try FileOps.writeAtomically(chart.svg(standalone: true), to: path)
        guard png else { return [path] }
        let pngPath = PathText.droppingExtension(path) + ".png"
        try convertToPNG(svg: path, png: pngPath)
        return [path, pngPath]
    }

    /// `rsvg-convert` on the PATH, if there is one (Debian: `librsvg2-bin`).
    public static var converter: String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for dir in path.split(separator: ":") {
            let candidate = "\(dir)/rsvg-convert"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Renders an SVG file to PNG at twice its size (about 1500 pixels wide, for print).
    public static func convertToPNG(svg: String, png: String) throws {
        guard let tool = converter else {
            throw BuurtError.runtime("a PNG needs rsvg-convert, which is not on the PATH "
                                     + "(Debian: apt-get install librsvg2-bin); the SVG is written", file: svg)
        }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: tool)
        p.arguments = ["--zoom", "2", "--background-color", "white", "--output", png, svg]
        let err = Pipe()
        p.standardError = err
        p.standardOutput = FileHandle.nullDevice
        do { try p.run() } catch {
            throw BuurtError.runtime("cannot start rsvg-convert: \(error.localizedDescription)", file: svg)
        }
        let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        guard p.terminationStatus == 0 else {
            throw BuurtError.runtime("rsvg-convert failed: \(message.trimmingCharacters(in: .whitespacesAndNewlines))", file: svg)
        }
    }

    /// A file name part for a list of levers (`-by-a-b`), empty when there are none.
    static func byPart(_ groups: RunGroups, _ r: ExperimentResults) -> String {
        groups.levers.isEmpty ? "" : "-by-" + groups.levers.map { r.levers[$0].name }.joined(separator: "-")
    }

    /// "pooled over ..." for the varied levers a chart does not show.
    static func pooledNote(_ r: ExperimentResults, shown: [Int]) -> String {
        let rest = r.levers.indices.filter { !shown.contains($0) }.map { RegistryLabels.lever(r.levers[$0].name).lowercasedFirst }
        if rest.count > 3 { return "pooled over the other \(rest.count) varied levers" }
        return rest.isEmpty ? "" : "pooled over \(rest.joined(separator: ", "))"
    }

    static func binnedNote(_ names: [String]) -> String {
        names.isEmpty ? "" : "\(names.map { RegistryLabels.lever($0).lowercasedFirst }.joined(separator: ", ")) in ranges of about equal size"
    }

    static func sentence(_ parts: [String]) -> String {
        let kept = parts.filter { !$0.isEmpty }
        return kept.isEmpty ? "" : kept.joined(separator: "; ") + "."
    }

    /// The natural bounds of a metric from its declared range (">= 0", "0 .. 1"): a Student-t
    /// interval of a mean near a bound can reach past it, and is cut there when drawn.
    static func bounds(_ m: MetricSpec) -> ClosedRange<Double> { Analysis.bounds(m) }

    /// A point with its interval cut at the bounds; `cut` is set when that changed anything.
    static func point(x: Double, _ ci: Statistics.Interval, within b: ClosedRange<Double>, cut: inout Bool) -> LineChart.Point {
        guard ci.n > 0 else { return LineChart.Point(x: x, y: .nan) }
        var low = ci.low, high = ci.high
        if low.isFinite && low < b.lowerBound { low = b.lowerBound; cut = true }
        if high.isFinite && high > b.upperBound { high = b.upperBound; cut = true }
        return LineChart.Point(x: x, y: ci.mean, low: low, high: high)
    }

    static func cutNote(_ cut: Bool, _ m: MetricSpec) -> String {
        cut ? "intervals cut at the metric's range (\(m.range.replacingOccurrences(of: " ", with: "")))" : ""
    }

    /// Mean and 95% interval of each (group, level) cell from per-run values. With `clusters`,
    /// each cell's runs are first averaged per cluster and the interval is over cluster means
    /// (`clusteredInterval`).
    static func cellIntervals(values: [Double], group: [Int], groups: Int, level: [Int], levels: Int,
                              clusters: [Int]? = nil) -> [[Statistics.Interval]] {
        var cells = [[[Double]]](repeating: [[Double]](repeating: [], count: levels), count: groups)
        var ids = [[[Int]]](repeating: [[Int]](repeating: [], count: levels), count: groups)
        for (row, v) in values.enumerated() where v.isFinite {
            cells[group[row]][level[row]].append(v)
            ids[group[row]][level[row]].append(clusters?[row] ?? row)
        }
        guard clusters != nil else { return cells.map { $0.map { Statistics.meanInterval($0) } } }
        return zip(cells, ids).map { zip($0.0, $0.1).map { clusteredInterval($0.0, clusters: $0.1) } }
    }

    /// A 95% interval that respects clustering: the mean of the cluster means, with a Student-t
    /// interval over them (n = the number of clusters). Runs of one cluster share most inputs, so
    /// their spread says little about the spread between clusters; treating them as independent
    /// gives intervals far too narrow.
    public static func clusteredInterval(_ values: [Double], clusters: [Int]) -> Statistics.Interval {
        var sums: [Int: (Double, Int)] = [:]
        for (v, c) in zip(values, clusters) { let s = sums[c] ?? (0, 0); sums[c] = (s.0 + v, s.1 + 1) }
        let means = sums.keys.sorted().map { sums[$0]!.0 / Double(sums[$0]!.1) }
        return Statistics.meanInterval(means)
    }
}
