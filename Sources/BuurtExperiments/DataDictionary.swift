import BuurtCore
import BuurtModel

/// Every column of every output file, with its unit, meaning and range, generated from the lever
/// and metric registries so it cannot go stale. `docs/DATA.md` is its Markdown (a test keeps the
/// file equal to `markdown()`), and the HTML report shows the same entries.
public enum DataDictionary {
    public struct Column: Sendable { public var name, unit, meaning, range: String }
    public struct File: Sendable { public var name, written, description: String; public var columns: [Column] }

    static func metricColumns() -> [Column] {
        Metric.registry.specs.map { Column(name: $0.name, unit: $0.unit, meaning: $0.description, range: $0.range) }
    }
    static func summaryColumns() -> [Column] {
        Metric.registry.specs.flatMap { m -> [Column] in
            // A metric written as 0 where it is undefined: its means count those weeks as 0.
            let zeros = m.zeroWhen.map { " The weeks \($0), when the metric is undefined and written as 0, count as 0 in this mean: it is not the mean over the weeks where it is defined." } ?? ""
            return [
                Column(name: "\(m.name)_final", unit: m.unit, meaning: "\(m.description) Value at the last tick.", range: m.range),
                Column(name: "\(m.name)_mean", unit: m.unit, meaning: "\(m.description) Mean over ticks 1 to the last (not rounded, also for counts).\(zeros)", range: m.range),
                Column(name: "\(m.name)_lastyear", unit: m.unit, meaning: "\(m.description) Mean over the last 52 ticks (all ticks if the run is shorter): unlike _final it does not depend on where the last tick falls in the budget year.\(zeros)", range: m.range),
            ]
        }
    }
    static func leverColumns() -> [Column] {
        Lever.registry.specs.map { Column(name: $0.name, unit: $0.unit, meaning: $0.description + " (a varied lever; only the levers the design varies appear)", range: $0.rangeText) }
    }

    public static var files: [File] {
        let runID = Column(name: "run_id", unit: "id", meaning: "Run number: point_id x replicates + replicate (0 for buurt run).", range: ">= 0")
        let tick = Column(name: "tick", unit: "week", meaning: "Week of the run; 0 is the initial state.", range: ">= 0")
        return [
            File(name: "timeseries.csv", written: "buurt run; buurt sweep (when the experiment keeps time series)",
                 description: "Tidy: one row per run and kept tick. A sweep keeps the metrics it names, every N ticks and the last.",
                 columns: [runID, tick] + metricColumns()),
            File(name: "summary.csv", written: "buurt run", description: "One row: the seed and every metric's final value, mean over the run and mean over the last year.",
                 columns: [Column(name: "seed", unit: "seed", meaning: "Seed of all random streams.", range: "0 .. 2^53-1")] + summaryColumns()),
            File(name: "runs.csv", written: "buurt sweep, buurt merge", description: "One row per run, in run order.",
                 columns: [runID,
                           Column(name: "point_id", unit: "id", meaning: "Design point.", range: ">= 0"),
                           Column(name: "replicate", unit: "id", meaning: "Replicate of the design point.", range: ">= 0"),
                           Column(name: "seed", unit: "seed", meaning: "The run's seed, derived from (base seed, point_id, replicate); buurt run --seed replays it.", range: "0 .. 2^53-1")]
                    + leverColumns() + summaryColumns()),
            File(name: "design.csv", written: "buurt sweep, buurt merge (design: file)",
                 description: "The experiment's design file, copied byte for byte as the sweep read it (its path and digest are in experiment.json under design_file): one column per lever, one line per design point, values as --set takes them. analyze, report, validate and merge read this copy, so the result folder needs nothing outside itself.",
                 columns: leverColumns().map { Column(name: $0.name, unit: $0.unit, meaning: $0.meaning.replacingOccurrences(of: " (a varied lever; only the levers the design varies appear)", with: " (one column per lever of the design file)"), range: $0.range) }),
            File(name: "points.csv", written: "buurt analyze", description: "Long form: one row per design point and outcome.",
                 columns: [Column(name: "point_id", unit: "id", meaning: "Design point.", range: ">= 0"),
                           Column(name: "<lever>", unit: "lever unit", meaning: "The varied levers' values at this point (one column each).", range: "see the lever"),
                           Column(name: "outcome", unit: "name", meaning: "A summary column of runs.csv (<metric>_final, <metric>_mean or <metric>_lastyear).", range: "text"),
                           Column(name: "n", unit: "runs", meaning: "Replicates at this point.", range: ">= 1"),
                           Column(name: "mean", unit: "outcome unit", meaning: "Mean over replicates.", range: "outcome range"),
                           Column(name: "sd", unit: "outcome unit", meaning: "Sample standard deviation (n - 1); empty for n = 1.", range: ">= 0"),
                           Column(name: "ci_low", unit: "outcome unit", meaning: "Lower end of the 95% Student-t confidence interval of the mean, clipped to the outcome's range (a count's interval stops at 0, a share's at 0 and 1); empty for n = 1.", range: "outcome range"),
                           Column(name: "ci_high", unit: "outcome unit", meaning: "Upper end of that interval, clipped the same way.", range: "outcome range")]),
            File(name: "sensitivity.csv", written: "buurt analyze (saltelli design)",
                 description: "Sobol indices per lever and outcome, on the replicate means of the design points (docs/ANALYSIS.md). An outcome that takes one value in every run has empty indices and the note 'constant in this experiment'.",
                 columns: [Column(name: "lever", unit: "name", meaning: "A varied lever.", range: "text"),
                           Column(name: "outcome", unit: "name", meaning: "A summary column of runs.csv.", range: "text"),
                           Column(name: "S1", unit: "share of variance", meaning: "First-order Sobol index (\(FirstOrderEstimator.standard.citation)).", range: "about 0 .. 1"),
                           Column(name: "S1_low", unit: "share of variance", meaning: "2.5% bootstrap percentile of S1 (500 resamples of the base samples). Empty with fewer than \(Sensitivity.minimumForInterval) base samples (as every interval, rank interval and noise flag of the file).", range: "about 0 .. 1"),
                           Column(name: "S1_high", unit: "share of variance", meaning: "97.5% bootstrap percentile of S1.", range: "about 0 .. 1"),
                           Column(name: "ST", unit: "share of variance", meaning: "Total Sobol index (Jansen 1999).", range: "about 0 .. 1"),
                           Column(name: "ST_low", unit: "share of variance", meaning: "2.5% bootstrap percentile of ST.", range: "about 0 .. 1"),
                           Column(name: "ST_high", unit: "share of variance", meaning: "97.5% bootstrap percentile of ST.", range: "about 0 .. 1"),
                           Column(name: "S1_half", unit: "share of variance", meaning: "S1 from the first half of the base samples (N/2): compare with S1 to see whether more samples would change it.", range: "about 0 .. 1"),
                           Column(name: "ST_half", unit: "share of variance", meaning: "ST from the first half of the base samples.", range: "about 0 .. 1"),
                           Column(name: "S1_sum", unit: "share of variance", meaning: "Sum of the outcome's first-order indices (the same on each of its rows); true indices sum to at most 1.", range: "about 0 .. 1"),
                           Column(name: "S1_sum_over_1", unit: "bool", meaning: "Whether the sum's whole 95% interval (S1_sum_low) is above 1, which true indices cannot be: the first-order estimates are not to be trusted at this N. An estimate just over 1 within its interval is ordinary estimation error.", range: "true | false | empty"),
                           Column(name: "noise_floor", unit: "share of variance", meaning: "What replicate noise alone adds to ST: a lever with no effect gets an ST about this large. Independent seeds: the mean over points of (replicate variance / replicates) over the variance V of the point means, the same for every lever. Common random numbers: each lever's own, the mean over base samples of the noise variance of f(A) - f(AB_i) (from the replicates' paired differences) over 2V, since the pairs share seeds and much of the noise cancels. Empty with one replicate.", range: ">= 0 or empty"),
                           Column(name: "S1_clears_noise", unit: "bool", meaning: "Whether S1_low exceeds 0: a lever with no effect has an S1 of 0 in expectation whatever the noise (Saltelli 2010), so false means S1 cannot be told from 0 at this N.", range: "true | false | empty"),
                           Column(name: "ST_clears_noise", unit: "bool", meaning: "Whether ST_low exceeds the lever's noise_floor; false means the lever cannot be told from one with no effect.", range: "true | false | empty"),
                           Column(name: "note", unit: "text", meaning: "'constant in this experiment' when the outcome has no variance; 'N base samples, fewer than \(Sensitivity.minimumForInterval): ...' (no intervals); 'sum of S1 below 0: ...' (its whole interval) and 'noise floor at least 1: ...' (every lever's) when the estimates cannot be trusted at this N; 'one replicate per point: ...'; 'common random numbers: ...' (each lever's own floor); several joined by '; ', empty otherwise.", range: "text"),
                           Column(name: "S1_jansen", unit: "share of variance", meaning: "First-order index by Jansen (1999) on the same runs, for comparison (no interval; docs/ANALYSIS.md says why S1 uses Saltelli et al. 2010).", range: "any"),
                           Column(name: "S1_janon", unit: "share of variance", meaning: "First-order index by Janon et al. (2014) on the same runs, for comparison (no interval).", range: "any"),
                           Column(name: "ST_rank", unit: "place", meaning: "The lever's place by ST among the levers for this outcome (1: the largest; equal ST share a place).", range: "1 .. levers, empty if constant"),
                           Column(name: "ST_rank_low", unit: "place", meaning: "Lower end of the 95% bootstrap interval of that place (the same resamples as ST_low, ST_high; Hall & Miller 2009). Levers whose rank intervals overlap are not ordered by these runs.", range: "1 .. levers, empty if constant"),
                           Column(name: "ST_rank_high", unit: "place", meaning: "Upper end of the 95% bootstrap interval of the place.", range: "1 .. levers, empty if constant"),
                           Column(name: "S1_sum_low", unit: "share of variance", meaning: "2.5% bootstrap percentile of S1_sum (500 resamples of the base samples).", range: "any or empty"),
                           Column(name: "S1_sum_high", unit: "share of variance", meaning: "97.5% bootstrap percentile of S1_sum.", range: "any or empty")]),
            File(name: "sensitivity.csv", written: "buurt analyze (morris design)",
                 description: "Elementary effects per lever and outcome, in units of the lever's range, by the steps in the values actually run (an integer lever's rounding can lengthen or shorten a step; a lever given as a list: the output change of switching category).",
                 columns: [Column(name: "lever", unit: "name", meaning: "A varied lever.", range: "text"),
                           Column(name: "outcome", unit: "name", meaning: "A summary column of runs.csv.", range: "text"),
                           Column(name: "mu_star", unit: "outcome unit", meaning: "Mean absolute elementary effect.", range: ">= 0"),
                           Column(name: "mu_star_low", unit: "outcome unit", meaning: "2.5% bootstrap percentile of mu_star (500 resamples of the lever's effects); empty with fewer than \(Sensitivity.minimumForInterval) effects.", range: ">= 0 or empty"),
                           Column(name: "mu_star_high", unit: "outcome unit", meaning: "97.5% bootstrap percentile of mu_star.", range: ">= 0 or empty"),
                           Column(name: "mu", unit: "outcome unit", meaning: "Mean elementary effect.", range: "any"),
                           Column(name: "sigma", unit: "outcome unit", meaning: "Standard deviation of the elementary effects.", range: ">= 0"),
                           Column(name: "effects", unit: "effects", meaning: "Elementary effects the measures rest on (one per trajectory, fewer for a categorical lever when a step left its category unchanged).", range: ">= 0"),
                           Column(name: "note", unit: "text", meaning: "'categorical: effect of a switch' for a lever given as a list; 'constant in this experiment' when the outcome has no variance; 'N elementary effects, fewer than \(Sensitivity.minimumForInterval): ...' (no interval); 'one replicate per point: ...' (no noise measure); several joined by '; '.", range: "text"),
                           Column(name: "mu_star_noise", unit: "outcome unit", meaning: "About the mu* that replicate noise alone gives a lever with no effect: sqrt(2/pi) times the root of the mean over the lever's steps of the noise variance of the step's output difference (from the replicates' paired differences, so common random numbers are taken into account) over the squared step. Empty with one replicate.", range: ">= 0 or empty"),
                           Column(name: "mu_star_clears_noise", unit: "bool", meaning: "Whether mu_star_low exceeds mu_star_noise; false means the lever cannot be told from one with no effect.", range: "true | false | empty")]),
            File(name: "initiatives.csv", written: "buurt run --initiatives; buurt sweep with initiatives: true",
                 description: "One row per initiative ever started, for survival analysis.",
                 columns: [runID,
                           Column(name: "initiative_id", unit: "id", meaning: "Initiative number within the run.", range: ">= 0"),
                           Column(name: "theme", unit: "name", meaning: "Theme of the need it serves.", range: Lever.themes.joined(separator: " | ")),
                           Column(name: "neighbourhood", unit: "id", meaning: "Neighbourhood.", range: ">= 0"),
                           Column(name: "born_tick", unit: "week", meaning: "Week the idea was started.", range: ">= 1"),
                           Column(name: "first_funded_tick", unit: "week", meaning: "Week of its first grant; empty if never funded.", range: ">= 1 or empty"),
                           Column(name: "last_grant_end_tick", unit: "week", meaning: "Week its last grant ended; empty if none has ended.", range: ">= 1 or empty"),
                           Column(name: "ended_tick", unit: "week", meaning: "Week it stranded or ended; empty if still live at the end (censored).", range: ">= 1 or empty"),
                           Column(name: "status", unit: "phase", meaning: "Phase at the end of the run.", range: Phase.allCases.map(\.name).joined(separator: " | ")),
                           Column(name: "grants", unit: "grants", meaning: "Grants received.", range: ">= 0"),
                           Column(name: "joint", unit: "bool", meaning: "Funded through a joint application.", range: "true | false"),
                           Column(name: "maturity", unit: "index", meaning: "Business-model maturity at the end.", range: "0 .. 1"),
                           Column(name: "impact", unit: "need-points", meaning: "Unmet need it removed.", range: ">= 0")]),
            File(name: "network_edges.csv", written: "buurt run --network-every N", description: "The tie network every N ticks, one row per tie.",
                 columns: [runID, tick,
                           Column(name: "source", unit: "resident id", meaning: "One end (the lower id).", range: ">= 0"),
                           Column(name: "target", unit: "resident id", meaning: "The other end.", range: ">= 0"),
                           Column(name: "trust", unit: "trust (0-1)", meaning: "Mean of the two ends' trust in each other.", range: "0 .. 1"),
                           Column(name: "bridging", unit: "bool", meaning: "The ends belong to different groups.", range: "true | false")]),
            File(name: "network_nodes.csv", written: "buurt run --network-every N", description: "Node attributes at each snapshot.",
                 columns: [runID, tick,
                           Column(name: "node", unit: "resident id", meaning: "Resident.", range: ">= 0"),
                           Column(name: "group", unit: "name", meaning: "Social group.", range: "established | newcomer | underrepresented"),
                           Column(name: "role", unit: "name", meaning: "Role at the snapshot.", range: "passive | volunteer | initiator | intermediary"),
                           Column(name: "neighbourhood", unit: "id", meaning: "Neighbourhood.", range: ">= 0")]),
        ]
    }

    /// The whole dictionary as Markdown (`docs/DATA.md`).
    public static func markdown() -> String {
        var out = """
            # Data dictionary

            Every column of every file Buurt writes, with its unit, meaning and range. Generated from the
            lever and metric registries by `buurt params --format data-dictionary` (a test keeps this file
            up to date). All CSV is RFC 4180, UTF-8, comma-separated, `.` as decimal mark, one header row,
            no index column; numbers are never in exponent form. Provenance is in `run.json` /
            `experiment.json` (program version, resolved inputs, seeds, threads, times, input hash).

            """
        for f in files {
            out += "\n## \(f.name) (\(f.written))\n\n\(f.description)\n\n| column | unit | meaning | range |\n|---|---|---|---|\n"
            for c in f.columns {
                let cells = [c.name, c.unit, c.meaning, c.range].map { $0.replacingOccurrences(of: "|", with: "\\|") }
                out += "| `\(cells[0])` | \(cells[1]) | \(cells[2]) | \(cells[3]) |\n"
            }
        }
        return out
    }
}
