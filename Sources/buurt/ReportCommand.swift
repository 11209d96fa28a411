import ArgumentParser
import BuurtCore
import BuurtExperiments
import BuurtReport

/// `buurt report DIR`: one self-contained HTML file of a finished sweep.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "A self-contained HTML report of a finished sweep (charts inline; no outside files).",
        discussion: """
            The question and provenance, the design, charts for every varied lever and key outcome, the \
            points table and the sensitivity table (key outcomes only) and the data dictionary. Runs \
            `buurt analyze` first when points.csv is missing. Key outcomes by default: \
            \(HTMLReport.defaultOutcomes.joined(separator: ", ")).
            """)

    @Argument(help: "A finished sweep folder.")
    var dir: String

    @Option(help: "The HTML file to write (default: DIR/report.html).")
    var out: String?

    @Option(help: "A key outcome (repeatable): a metric (its final value), <metric>_final, <metric>_mean or <metric>_lastyear (mean over the last 52 weeks).")
    var metric: [String] = []

    func run() throws {
        try Sweep.checkResultFiles(dir: dir)
        if let out { _ = try OutputFolder.checkFile(out) }   // before any work
        // The lock (beside DIR) is needed only when the report writes into DIR: its report.html, or
        // points.csv when the sweep is analysed first. A report written elsewhere from an analysed
        // sweep only reads DIR, so it works on a read-only archive of results too.
        let writesIntoDir = out == nil || !FileOps.exists(dir + "/points.csv")
        let lock = writesIntoDir ? try FolderLock(folder: dir, command: "buurt report", flag: "DIR") : nil
        defer { lock?.release() }
        let r = try HTMLReport.write(dir: dir, to: out, outcomes: metric)
        if r.analyzed { say("Analysed the sweep first (points.csv was missing).") }
        say("Wrote \(r.path) (\(r.charts) charts)")
    }
}
