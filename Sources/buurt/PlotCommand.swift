import ArgumentParser
import BuurtCore
import BuurtExperiments
import BuurtReport

extension Plots.Extra: ExpressibleByArgument {}

/// `buurt plot KIND DIR ...`: one chart of a finished sweep as SVG (and PNG with `--png`).
struct PlotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plot",
        abstract: "Charts (SVG; PNG too with --png) of a finished sweep.",
        discussion: """
            Metrics and outcomes are named as in `buurt params --metrics`: a metric name means its final \
            value; <metric>_final, <metric>_mean and <metric>_lastyear name a summary column of runs.csv. Levers are the \
            dotted names of the levers the experiment varies. Charts go to DIR/plots/ unless --out says \
            otherwise. --png also writes a PNG (twice the size) beside the SVG with rsvg-convert \
            (Debian: librsvg2-bin).
            """,
        subcommands: [Timeseries.self, Response.self, Heatmap.self, Sobol.self, Morris.self, Survival.self])

    struct Common: ParsableArguments {
        @Argument(help: "A finished sweep folder.")
        var dir: String

        @Option(help: "The SVG file to write (default: DIR/plots/<chart>.svg).")
        var out: String?

        @Flag(help: "Also write a PNG beside the SVG (needs rsvg-convert on the PATH).")
        var png = false

        /// Checks, before any work, that the result folder's files are regular files and that
        /// `--out` (and its PNG) may be written: a new file, or a chart Buurt wrote before.
        func prepare() throws {
            try Sweep.checkResultFiles(dir: dir)
            if let out { try check(out) }
        }

        /// The SVG must be new, empty or Buurt's own chart or report; its PNG new, empty or the PNG
        /// of a Buurt chart (`OwnedFiles`).
        func check(_ path: String) throws {
            _ = try OutputFolder.checkFile(path)
            if png {
                try OutputFolder.checkReplaceableFile(PathText.droppingExtension(path) + ".png", flag: "--png",
                                                      allowed: "a new file name") { OwnedFiles.isChartPNG($0) }
            }
        }

        func write(_ chart: Chart, defaultName: String) throws {
            let path = out ?? dir + "/plots/" + defaultName
            try check(path)
            let written = try Plots.write(chart, to: path, png: png)
            say("Wrote " + written.joined(separator: ", "))
        }
    }

    struct Timeseries: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "timeseries",
            abstract: "A metric over time: mean over runs with a 95% band, one line per group of runs.",
            discussion: "Default groups: every varied lever together when that makes at most 8 lines, otherwise the first varied lever.")
        @OptionGroup var common: Common
        @Option(help: "A metric kept in timeseries.csv.")
        var metric: String
        @Option(help: "Also show the runs: 'runs' (a thin line each) or 'envelope' (their range); default none.")
        var show: Plots.Extra = .none
        @Option(help: "Group the runs by this varied lever (repeatable; values in 4 ranges when there are many).")
        var by: [String] = []

        func run() throws {
            try common.prepare()
            let r = try ExperimentResults(dir: common.dir)
            let (chart, name) = try Plots.timeseries(r, metric: metric, by: by.isEmpty ? nil : by, show: show)
            try common.write(chart, defaultName: name)
        }
    }

    struct Response: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "response",
            abstract: "A summary outcome against one lever: mean with 95% confidence intervals.",
            discussion: "Default groups: on a grid, the other varied levers (at most 8 lines); on sampling designs, none.")
        @OptionGroup var common: Common
        @Option(help: "An outcome: a metric (its final value), <metric>_final, <metric>_mean or <metric>_lastyear (mean over the last 52 weeks).")
        var metric: String
        @Option(help: "The lever on the x axis (default: the first varied lever).")
        var lever: String?
        @Option(help: "One line per value of this varied lever (repeatable).")
        var by: [String] = []

        func run() throws {
            try common.prepare()
            let r = try ExperimentResults(dir: common.dir)
            let (chart, name) = try Plots.response(r, outcome: metric, lever: lever, by: by.isEmpty ? nil : by)
            try common.write(chart, defaultName: name)
        }
    }

    struct Heatmap: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "heatmap",
            abstract: "An outcome over two levers: the mean over runs in each cell.",
            discussion: "Give --lever twice: the first is the x axis, the second the y axis (default: the first two varied levers).")
        @OptionGroup var common: Common
        @Option(help: "An outcome: a metric (its final value), <metric>_final, <metric>_mean or <metric>_lastyear (mean over the last 52 weeks).")
        var metric: String
        @Option(help: "A varied lever: the first --lever is x, the second y.")
        var lever: [String] = []

        func run() throws {
            try common.prepare()
            let r = try ExperimentResults(dir: common.dir)
            let (chart, name) = try Plots.heatmap(r, outcome: metric, levers: lever)
            try common.write(chart, defaultName: name)
        }
    }

    struct Sobol: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "sobol",
            abstract: "Sobol first-order and total indices per lever, with 95% bootstrap intervals (saltelli designs, after buurt analyze).")
        @OptionGroup var common: Common
        @Option(help: "An outcome: a metric (its final value), <metric>_final, <metric>_mean or <metric>_lastyear (mean over the last 52 weeks).")
        var metric: String

        func run() throws {
            try common.prepare()
            let r = try ExperimentResults(dir: common.dir)
            let (chart, name) = try Plots.sobol(r, outcome: metric)
            try common.write(chart, defaultName: name)
        }
    }

    struct Morris: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "morris",
            abstract: "Morris screening: mu* (with 95% bootstrap intervals) against sigma per lever (morris designs, after buurt analyze).")
        @OptionGroup var common: Common
        @Option(help: "An outcome: a metric (its final value), <metric>_final, <metric>_mean or <metric>_lastyear (mean over the last 52 weeks).")
        var metric: String

        func run() throws {
            try common.prepare()
            let r = try ExperimentResults(dir: common.dir)
            let (chart, name) = try Plots.morris(r, outcome: metric)
            try common.write(chart, defaultName: name)
        }
    }

    struct Survival: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "survival",
            abstract: "Survival of initiatives by age (Kaplan-Meier), one curve per group of runs (needs initiatives: true).",
            discussion: "Default groups: every varied lever together when that makes at most 8 curves, otherwise the first varied lever.")
        @OptionGroup var common: Common
        @Option(help: "Group the runs by this varied lever, e.g. funding.core_share (repeatable).")
        var by: [String] = []

        func run() throws {
            try common.prepare()
            let r = try ExperimentResults(dir: common.dir)
            let (chart, name) = try Plots.survival(r, by: by.isEmpty ? nil : by)
            try common.write(chart, defaultName: name)
        }
    }
}
