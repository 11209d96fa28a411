import Foundation
import BuurtCore

public enum BuurtVersion {
    public static let current = "0.1.0"
}

/// The files of one run: `timeseries.csv`, `summary.csv` and `run.json`.
public enum RunOutput {
    public static var timeseriesHeader: [String] { ["run_id", "tick"] + Metric.registry.names }

    /// Formats a metric value: counts as whole numbers, others with up to 6 decimals.
    public static func format(_ v: Double, metric: Int) -> String {
        Metric.registry.specs[metric].isCount && v.isFinite ? String(Int64(v.rounded())) : NumberFormat.text(v)
    }

    /// Formats a summary: a `_final` like the metric itself; a mean (`_mean`, `_lastyear`) always
    /// with up to 6 decimals, since the mean of whole counts is not a whole number.
    public static func formatSummary(_ v: Double, column: Int) -> String {
        let metric = column / MetricRecorder.summariesPerMetric
        return column % MetricRecorder.summariesPerMetric == 0 ? format(v, metric: metric) : NumberFormat.text(v)
    }

    public static func timeseriesRows(runID: Int, recorder: MetricRecorder, every: Int = 1,
                                      metrics: [Int]? = nil) -> String {
        let cols = metrics ?? Array(0..<Metric.allCases.count)
        let isCount = Metric.registry.specs.map(\.isCount)
        var out: [UInt8] = []
        out.reserveCapacity(recorder.ticks.count * (12 + 8 * cols.count))
        for (k, tick) in recorder.ticks.enumerated() where tick % max(1, every) == 0 || k == recorder.ticks.count - 1 {
            NumberFormat.append(Int64(runID), to: &out)
            out.append(UInt8(ascii: ","))
            NumberFormat.append(Int64(tick), to: &out)
            let row = recorder.rows[k]
            for m in cols {
                out.append(UInt8(ascii: ","))
                let v = row[m]
                if isCount[m] && v.isFinite { NumberFormat.append(Int64(v.rounded()), to: &out) } else { NumberFormat.append(v, to: &out) }
            }
            out.append(UInt8(ascii: "\n"))
        }
        return String(decoding: out, as: UTF8.self)
    }

    public static func summaryFields(_ recorder: MetricRecorder) -> [String] {
        recorder.summary.enumerated().map { formatSummary($0.element, column: $0.offset) }
    }

    public static func timeseriesCSV(_ recorder: MetricRecorder) -> String {
        CSV.row(timeseriesHeader) + timeseriesRows(runID: 0, recorder: recorder)
    }

    public static func summaryCSV(seed: Int, _ recorder: MetricRecorder) -> String {
        CSV.row(["seed"] + Metric.registry.summaryColumns) + CSV.row([String(seed)] + summaryFields(recorder))
    }

    /// Provenance: program version, the resolved scenario, seed, threads, times and input hash.
    /// What `buurt run --out` may replace: a folder holding only an earlier run's files.
    public static let ownership = OutputFolder.Ownership(
        command: "buurt run", marker: "run.json",
        files: ["timeseries.csv", "summary.csv", "run.json", "initiatives.csv", "network_edges.csv",
                "network_nodes.csv", "network"],
        recognise: { data in
            guard let o = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return false }
            return o["program"] as? String == "buurt" && o["scenario"] != nil && o["design"] == nil
        })

    public static func runJSON(scenario: Scenario, threads: Int, started: Date, ended: Date,
                               interruptedAt: Int? = nil) -> String {
        var levers: [String: Any] = [:]
        for l in Lever.allCases { levers[l.spec.name] = jsonValue(l, scenario.values[l]) }
        let events: [[String: Any]] = scenario.events.map {
            ["at": $0.tick, "lever": $0.lever.spec.name, "value": jsonValue($0.lever, $0.value), "note": $0.note]
        }
        let obj: [String: Any] = [
            "program": "buurt", "version": BuurtVersion.current,
            "scenario": ["name": scenario.name, "source": scenario.source, "description": scenario.description,
                         "levers": levers, "events": events],
            "seed": scenario.values.int(.seed), "ticks": scenario.values.int(.ticks), "threads": threads,
            "started": iso(started), "ended": iso(ended),
            "wall_seconds": (ended.timeIntervalSince(started) * 1000).rounded() / 1000,
            "input_hash": scenario.hash,
        ]
        return json(obj)
    }

    public static func jsonValue(_ l: Lever, _ v: Double) -> Any {
        switch l.spec.kind {
        case .flag: return v != 0
        case .choice: return l.spec.format(v)
        case .integer: return Int64(v)
        case .real: return v
        }
    }

    public static func json(_ obj: Any) -> String {
        JSONText.pretty(obj)
    }

    /// A time in UTC to the second, as ISO 8601 writes it: 2026-12-07T03:13:19Z (what
    /// `ISO8601DateFormatter` gave, without its cost: a twentieth of a short run).
    public static func iso(_ d: Date) -> String {
        var t = time_t(d.timeIntervalSince1970.rounded(.down))
        var c = tm()
        gmtime_r(&t, &c)
        func two(_ v: Int32) -> String { v < 10 ? "0" + String(v) : String(v) }
        return String(c.tm_year + 1900) + "-" + two(c.tm_mon + 1) + "-" + two(c.tm_mday) + "T"
            + two(c.tm_hour) + ":" + two(c.tm_min) + ":" + two(c.tm_sec) + "Z"
    }
}
