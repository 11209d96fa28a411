import Foundation
import BuurtCore
import BuurtModel

/// The stylized facts (SF1-SF8 of MODEL.md, SF9-SF12 from the seeds), each checked with a statistical test over the
/// replicates of a finished validation sweep (`Experiments/validation/sfN-*.yaml`), never on one
/// seed. The tests compare design points replicate by replicate (paired tests), which is only pairing
/// when the sweep ran with common random numbers (the same seed for a replicate at every point):
/// `check(dir:)` reads `common_random_numbers` from experiment.json and refuses a sweep without them.
/// A fact whose test cannot be carried out (too few usable replicates, no spread to measure noise
/// by, an undefined ratio everywhere) is reported as such, never as refuted.
public enum Validation {
    /// What a fact's test concluded.
    public enum Verdict: String, Sendable {
        /// Every required part of the test holds.
        case holds = "holds"
        /// Every required part could be tested, and at least one does not hold.
        case doesNotHold = "does not hold"
        /// At least one required part cannot be tested on this sweep (`Result.untestable` says why).
        case untestable = "cannot be tested"
    }

    public struct Result: Sendable {
        public var id: String
        public var claim: String
        public var test: String
        /// Measured effect sizes and p-values, said plainly, with the n each interval rests on.
        public var figures: String
        public var verdict: Verdict
        /// Why the test cannot be carried out (empty unless the verdict is `.untestable`).
        public var untestable: [String] = []
        /// The claim's source and the experiment file the sweep ran.
        public var source = ""
        public var experiment = ""
        /// True only when the fact holds (an untestable fact is neither passed nor refuted).
        public var passed: Bool { verdict == .holds }

        init(id: String, test: String, figures: String, _ d: Decision) {
            self.id = id
            claim = claims[id]!
            self.test = test
            self.figures = figures
            verdict = d.verdict
            untestable = d.verdict == .untestable ? d.untestable : []
        }
    }

    /// The verdict of a test of several required parts: it cannot be tested when any part cannot
    /// (the test as stated is then not carried out), else it holds when every part holds.
    struct Decision {
        var refuted = false
        var untestable: [String] = []
        mutating func require(_ ok: Bool) { if !ok { refuted = true } }
        /// A part resting on an estimate: untestable when the estimate gives no inference.
        mutating func require(_ e: Estimate, _ what: String, _ ok: (Estimate) -> Bool) {
            if let why = e.unavailable { untestable.append("\(what): \(why)") } else if !ok(e) { refuted = true }
        }
        mutating func cannot(_ why: String) { untestable.append(why) }
        var verdict: Verdict { !untestable.isEmpty ? .untestable : refuted ? .doesNotHold : .holds }
    }

    static let claims: [String: String] = [
        "SF1": "More bureaucratic friction gives fewer self-sustaining initiatives and lower institutional trust after 10 years.",
        "SF2": "Without succession planning active intermediaries dwindle and initiatives follow; with it the cohort holds.",
        "SF3": "With project-only, short-term funding strandings cluster right after grants end; core funding flattens that spike.",
        "SF4": "Under a fixed budget impact falls once grants grow past a middle size: the best grant size is interior.",
        "SF5": "Competitive funding leaves fewer bridging ties and joint initiatives than collaborative funding.",
        "SF6": "After a programme cut institutional trust falls within weeks and takes years to recover.",
        "SF7": "Without outreach the under-represented group takes part less; outreach raises its participation.",
        "SF8": "With no intermediaries far fewer initiatives reach funding and civil servant contact.",
        "SF9": "At equal money, recognition and partnership by the municipality (a contact person, joint plans, visibility) keep more initiatives going.",
        "SF10": "Consultation by resident evenings leaves the under-represented group's unmet need higher than consultation by lot or by outreach through intermediaries and key persons.",
        "SF11": "Where initiatives' work goes against other residents' interests, the groups they leave out lose trust in institutions, the under-represented group (which takes part least) most.",
        "SF12": "At equal money, setting part of the budget aside for pilot grants (small, fast, not competitive, light paperwork) gets more initiatives to their first funding.",
    ]

    /// How many stylized facts there are (SF1 to SF<count>).
    public static var factCount: Int { claims.count }

    /// Where each claim comes from (the seeds, the literature), for docs/VALIDATION.md.
    static let sources: [String: String] = [
        "SF1": "000_4adb60b35140c4ed.txt (intermediaries thrive when bureaucracy is minimal); 001_c8cb483a49676a29.txt point 6 (designs up front, approval two years later)",
        "SF2": "000_4adb60b35140c4ed.txt ('plan your exit and succession', mentoring); about 70% of Dutch associations find few or no new board members",
        "SF3": "002_be3409d8dd1ee853.txt (initiatives strand when the subsidy ends unless they have a business model); 000_4adb60b35140c4ed.txt (core + project funding, longer terms); Scheirer (2005)",
        "SF4": "Gross & Bergstrom (2019, PLoS Biology); 001_c8cb483a49676a29.txt (Maak je Stad: 5,000-20,000 euro grants)",
        "SF5": "000_4adb60b35140c4ed.txt (competitive tendering breeds rivalry instead of collaboration); 004_499295810d90f7e4.txt (social capital arises where worlds mix)",
        "SF6": "Slovic (1993); Poortinga & Pidgeon (2004); Jøsang & Ismail (2002) for forgetting",
        "SF7": "001_c8cb483a49676a29.txt point 3 (resident evenings draw few, unrepresentative people); De Wit & Hoolwerf (2015)",
        "SF8": "002_be3409d8dd1ee853.txt (the connector who starts the wheel); 001_c8cb483a49676a29.txt point 2 ('the municipality is the municipality'); Igalla et al. (2019, 2021)",
        "SF9": "001_c8cb483a49676a29.txt point 1 ('initiatives only want money from us' is a false assumption: they ask to be recognised and planned with)",
        "SF10": "001_c8cb483a49676a29.txt point 3 (resident evenings draw few, not diverse attendees who are taken for the whole neighbourhood; acting on them fights symptoms)",
        "SF11": "001_c8cb483a49676a29.txt point 4 ('a brilliant idea of one can be a thorn in another's eye', the NIMBY reaction; 'Who has trouble with that problem? Does the initiative leave groups out?')",
        "SF12": "000_4adb60b35140c4ed.txt (offer funding for core costs, projects and pilots; small or experimental projects need support that is easy to reach and not subject to competitive bids; simpler reporting, fewer conditions)",
    ]

    /// Checks the fact a finished sweep folder was made for (by its experiment name, `sfN-...`).
    /// Refuses (bad input) a sweep that ran without common random numbers: its replicates are not
    /// paired, and every test here compares design points replicate by replicate.
    public static func check(dir: String) throws -> Result {
        let info = try Sweep.readProvenance(dir: dir)
        guard info["complete"] as? Bool == true else { throw BuurtError.input("the sweep is not finished", file: dir) }
        let name = (info["name"] as? String ?? "").lowercased()
        guard let id = claims.keys.sorted().first(where: { name.hasPrefix($0.lowercased() + "-") || name == $0.lowercased() }) else {
            throw BuurtError.input("not a validation sweep (experiment name '\(name)')", file: dir,
                                   allowed: "an experiment named sf1-... to sf\(claims.count)-... (Experiments/validation/)")
        }
        let runs = try Runs(dir: dir)
        // The scenario the runs actually had (an experiment may have been reduced in code, as the tests do).
        var base = try Analysis.experiment(ofResult: dir, info: info)
        if let yaml = info["base_scenario"] as? String { base.base = try Scenario.parse(yaml, file: dir + "/experiment.json") }
        // What the sweep ran with, as its provenance records it (the file's text only if that is missing).
        let crn = info["common_random_numbers"] as? Bool ?? base.commonRandomNumbers
        guard crn else {
            throw BuurtError.input("the sweep ran without common random numbers, so its replicates are not paired: \(id)'s test compares design points replicate by replicate, on the same seeds",
                                   file: dir + "/experiment.json", key: "common_random_numbers",
                                   allowed: "true, as in every file of Experiments/validation/; run the sweep again with common_random_numbers: true")
        }
        // And the levers it actually varied (the provenance's factors, not the file's).
        let varied = (info["factors"] as? [[String: Any]] ?? []).compactMap { $0["lever"] as? String }
        base.factors = base.factors.filter { varied.contains($0.name) }
        for name in varied where !base.factors.contains(where: { $0.name == name }) {
            if let i = Lever.registry.index(of: name) {
                base.factors.append(Factor(lever: Lever(rawValue: i)!, values: nil, min: 0, max: 1, log: false))
            }
        }
        var r = try check(id, runs, base, dir: dir)
        r.source = sources[id] ?? ""
        r.experiment = info["experiment_file"] as? String ?? ""
        return r
    }

    static func check(_ id: String, _ runs: Runs, _ base: Experiment, dir: String) throws -> Result {
        switch id {
        case "SF1": return try sf1(runs, base)
        case "SF2": return try sf2(runs, base)
        case "SF3": return try sf3(runs)
        case "SF4": return try sf4(runs)
        case "SF5": return try sf5(runs)
        case "SF6": return try sf6(runs, dir: dir, base)
        case "SF7": return try sf7(runs)
        case "SF8": return try sf8(runs)
        case "SF9": return try sf9(runs, base)
        case "SF10": return try sf10(runs)
        case "SF11": return try sf11(runs)
        default: return try sf12(runs)
        }
    }

    // MARK: The checks

    /// SF1 over the experiment's one varied lever (friction in sf1-friction.yaml; a lever without
    /// effect in the negative control of the tests).
    static func sf1(_ r: Runs, _ e: Experiment) throws -> Result {
        let lever = e.factors.first?.name ?? Lever.friction.spec.name
        var figures: [String] = []
        var decision = Decision()
        for outcome in [final(.sustainedTotal), final(.meanTrustInstitutions)] {
            let x = try r.column(lever), y = try r.column(outcome)
            let pooled = Statistics.spearman(x, y)
            if pooled.rho.isFinite {
                decision.require(pooled.rho < 0 && pooled.p < 0.05)
            } else {
                decision.cannot("\(outcome): the rank correlation over all runs is undefined (the lever or the outcome is constant)")
            }
            let within = try r.withinReplicateSpearman(lever, outcome)
            var est = clipped(estimate(within.rhos, minimum: 2, unit: "replicates"))
            if within.rhos.count < within.replicates {
                let left = within.replicates - within.rhos.count
                est.leftOut = " of \(within.replicates) replicates (\(left) left out: the outcome is constant within \(left == 1 ? "it" : "them"))"
            }
            decision.require(est, "\(outcome), within-replicate rho") { $0.ci.high < 0 }
            let rho = pooled.rho.isFinite ? f3(pooled.rho) : "undefined"
            figures.append("\(outcome): Spearman rho = \(rho) (n = \(x.count) runs, p = \(pv(pooled.p))); within-replicate rho = \(shown(est, f3)) (\(about(est, effect: false, p: "p")))")
        }
        return Result(id: "SF1", test: "Spearman rank correlation of friction with each outcome over all runs, and the mean of the rank correlations within each replicate (common random numbers: a replicate has the same seed at every friction) with its 95% t interval over the replicates where that correlation is defined (at least 2, else the fact cannot be tested; the interval clipped to [-1, 1]); both must be negative with p < 0.05.",
                      figures: figures.joined(separator: "; "), decision)
    }

    static func sf2(_ r: Runs, _ e: Experiment) throws -> Result {
        let lever = Lever.successionPlanning.spec.name
        let initial = Double(e.base.values.int(.intermediaries))
        let none = try r.values(final(.activeIntermediaries), where: lever, is: 0)
        let full = try r.values(final(.activeIntermediaries), where: lever, is: 1)
        let ciNone = estimate(none, unit: "runs"), ciFull = estimate(full, unit: "runs")
        var decision = Decision()
        decision.require(ciNone, "active intermediaries without planning") { $0.ci.high < initial }
        if full.isEmpty { decision.cannot("no runs with full succession planning") } else { decision.require(ciFull.mean >= 0.75 * initial) }
        var figures = ["active intermediaries after the run (start \(Int(initial))): without planning \(shown(ciNone, f2)) (\(about(ciNone, effect: false, p: nil))), with planning \(shown(ciFull, f2)) (\(about(ciFull, effect: false, p: nil)))"]
        for (outcome, required) in [(final(.sustainedTotal), true), (final(.fundedInitiatives), false),
                                    (final(.contactedInitiativesTotal), false)] {
            let est = estimate(try r.pairedDifferences(outcome, lever: lever, from: 0, to: 1))
            if required { decision.require(est, outcome) { $0.ci.low > 0 } }
            figures.append("\(outcome): +\(shown(est, f2)) with planning (\(about(est)))")
        }
        return Result(id: "SF2", test: "95% t intervals: without planning the final number of intermediaries is below the start; with full planning at least 75% of the start remain (mean); the paired difference (planning 1 minus 0, same seeds) in initiatives that became self-sustaining has an interval above 0 (funded and contacted initiatives are reported too).",
                      figures: figures.joined(separator: "; "), decision)
    }

    static func sf3(_ r: Runs) throws -> Result {
        let lever = Lever.coreShare.spec.name
        let values = try r.levels(lever)
        guard let lo = values.first, let hi = values.last, lo < hi else { throw BuurtError.input("SF3 needs two core shares", key: lever) }
        let stranded = try r.values(final(.strandedTotal), where: lever, is: lo).reduce(0, +)
        let afterEnd = try r.values(final(.strandingsAfterGrantEndTotal), where: lever, is: lo).reduce(0, +)
        var decision = Decision()
        if stranded > 0 { decision.require(afterEnd / stranded >= 0.8) } else { decision.cannot("no strandings without core funding, so their share after a grant's end is undefined") }
        let share = stranded > 0 ? f3(afterEnd / stranded) : "undefined"
        let est = estimate(try r.pairedDifferences(final(.strandingsAfterGrantEndTotal), lever: lever, from: lo, to: hi))
        decision.require(est, final(.strandingsAfterGrantEndTotal)) { $0.ci.high < 0 }
        let base = Statistics.mean(try r.values(final(.strandingsAfterGrantEndTotal), where: lever, is: lo))
        return Result(id: "SF3", test: "Share of all strandings that fall within 8 weeks after a grant ended, project-only funding (at least 0.8); paired difference (same seeds) in such strandings with core funding, 95% t interval below 0.",
                      figures: "share of strandings within 8 weeks of a grant's end without core funding = \(share) (\(Int(afterEnd)) of \(Int(stranded))); core share \(NumberFormat.text(hi)) changes them by \(shown(est, f2)) per run from \(f2(base)) (\(f2(100 * est.mean / max(base, 1e-9)))%, \(about(est)))",
                      decision)
    }

    /// SF4 without choosing the best size from the runs it is tested on: every interior size is
    /// compared with both edges, and the interior sizes are corrected for together (Holm).
    static func sf4(_ r: Runs) throws -> Result {
        let lever = Lever.grantSize.spec.name, outcome = final(.impactTotal)
        let sizes = try r.levels(lever)
        guard sizes.count >= 3 else { throw BuurtError.input("SF4 needs at least three grant sizes (one of them interior)", key: lever) }
        let means = try sizes.map { Statistics.mean(try r.values(outcome, where: lever, is: $0)) }
        let t = interiorOptimum(try sizes.map { try r.byReplicate(outcome, where: lever, is: $0) })
        let m = sizes.count - 2
        var figures = ["mean impact by grant size: " + zip(sizes, means).map { "\(NumberFormat.text($0)): \(f2($1))" }.joined(separator: ", ")]
        let name = { (i: Int) in NumberFormat.text(sizes[i]) }
        for c in t.sizes {
            let p = c.p.map { "one-sided p = \(pv($0)), Holm-adjusted \(pv(c.adjusted!))" } ?? "no inference"
            figures.append("\(name(c.index)) minus \(name(0)): \(shown(c.low, f2)) (\(about(c.low, p: nil))), minus \(name(sizes.count - 1)): \(shown(c.high, f2)) (\(about(c.high, p: nil))); \(p)")
        }
        figures.append("interior sizes that beat both edges at the corrected level: " + (t.confirmed.isEmpty ? "none" : t.confirmed.map(name).joined(separator: ", ")))
        return Result(id: "SF4", test: "Every interior grant size is compared with the smallest and the largest (paired differences in total impact, same seeds; a fixed budget, so impact per budget euro): it beats both when both one-sided t tests reject, its p being the larger of the two; these p are Holm-corrected over the \(m) interior sizes at 2.5% (no best size is picked from the runs first, which would inflate the error rate). The fact holds when some interior size beats both edges. Intervals shown at the Bonferroni level, \(pct(1 - 0.05 / Double(m)))%.",
                      figures: figures.joined(separator: "; "), t.decision)
    }

    /// SF4's test on the outcome by replicate at each level (in order): each interior level against
    /// the first and the last, one-sided, Holm-corrected over the interior levels at `alpha`.
    static func interiorOptimum(_ levels: [[Int: Double]], alpha: Double = 0.025) -> InteriorOptimum {
        let k = levels.count, m = max(1, k - 2)
        func differences(_ i: Int, _ edge: Int) -> [Double] {
            levels[i].keys.sorted().compactMap { rep in levels[edge][rep].map { levels[i][rep]! - $0 } }
        }
        let level = 1 - 2 * alpha / Double(m)
        var out = InteriorOptimum()
        for i in 1..<max(1, k - 1) {
            let low = estimate(differences(i, 0), level: level), high = estimate(differences(i, k - 1), level: level)
            let p = low.p == nil || high.p == nil ? nil : max(oneSidedP(low), oneSidedP(high))
            out.sizes.append(.init(index: i, low: low, high: high, p: p))
        }
        // Holm: an untested size counts as p = 1 (it can be confirmed by no test).
        let order = out.sizes.indices.sorted { (out.sizes[$0].p ?? 1) < (out.sizes[$1].p ?? 1) }
        var running = 0.0
        for (rank, j) in order.enumerated() {
            running = max(running, min(1, Double(m - rank) * (out.sizes[j].p ?? 1)))
            out.sizes[j].adjusted = running
        }
        out.confirmed = out.sizes.filter { $0.p != nil && $0.adjusted! <= alpha }.map(\.index)
        if out.confirmed.isEmpty {
            for c in out.sizes {
                for (e, edge) in [(c.low, "smallest"), (c.high, "largest")] {
                    if let why = e.unavailable { out.decision.cannot("interior level \(c.index + 1) minus the \(edge): \(why)") }
                }
            }
            out.decision.require(false)
        }
        return out
    }

    struct InteriorOptimum {
        struct Size { var index: Int, low: Estimate, high: Estimate, p: Double?, adjusted: Double? = nil }
        var sizes: [Size] = []
        /// Indices of the interior levels that beat both edges at the Holm-corrected level.
        var confirmed: [Int] = []
        var decision = Decision()
    }

    static func sf5(_ r: Runs) throws -> Result {
        let lever = Lever.mode.spec.name
        var decision = Decision()
        var figures: [String] = []
        for outcome in [final(.bridgingTieGrowth), mean(.jointInitiatives)] {
            let est = estimate(try r.pairedDifferences(outcome, lever: lever, from: 0, to: 1))   // collaborative minus competitive
            decision.require(est, outcome) { $0.ci.low > 0 }
            figures.append("\(outcome): collaborative minus competitive = \(shown(est, f3)) (\(about(est)))")
        }
        return Result(id: "SF5", test: "Paired differences (collaborative minus competitive, same seeds) in bridging ties built per resident and in joint initiatives; 95% t intervals above 0.",
                      figures: figures.joined(separator: "; "), decision)
    }

    static func sf6(_ r: Runs, dir: String, _ e: Experiment) throws -> Result {
        let lever = Lever.programmeCutWeek.spec.name
        let weeks = try r.levels(lever)
        guard weeks.count == 2, weeks[0] == 0, let cut = weeks.last.map({ Int($0) }) else {
            throw BuurtError.input("SF6 needs programme_cut_week [0, W]", key: lever)
        }
        let restore = cut + e.base.values.int(.programmeCutWeeks)
        let ts = try CSVTable(path: dir + "/timeseries.csv")
        let (runCol, tickCol, trustCol) = (try ts.requireColumn("run_id"), try ts.requireColumn("tick"), try ts.requireColumn(Metric.meanTrustInstitutions.spec.name))
        var trust: [Int: [Int: Double]] = [:]
        for row in ts.rows { trust[Int(row[runCol])!, default: [:]][Int(row[tickCol])!] = Double(row[trustCol])! }
        let pairs = try r.pairs(lever: lever, from: 0, to: Double(cut))
        func gaps(at t: Int) -> [Double] { pairs.compactMap { c, s in trust[c]?[t].flatMap { a in trust[s]?[t].map { a - $0 } } } }
        let ticks = trust.values.first.map { Array($0.keys).sorted() } ?? []
        func near(_ t: Int) -> Int { ticks.min { abs($0 - t) < abs($1 - t) } ?? t }
        let tFall = near(cut + 8), tRecover = near(restore + 104)
        let peakTick = ticks.filter { $0 >= cut && $0 <= restore + 52 }.max { Statistics.mean(gaps(at: $0)) < Statistics.mean(gaps(at: $1)) } ?? cut
        let fall = estimate(gaps(at: tFall)), later = estimate(gaps(at: tRecover))
        let peak = Statistics.mean(gaps(at: peakTick))
        let fallRate = fall.mean / Double(max(1, tFall - cut + 1))
        let recoveryRate = max(1e-12, (peak - later.mean) / Double(max(1, tRecover - peakTick)))
        var decision = Decision()
        decision.require(fall, "gap 8 weeks after the cut") { $0.ci.low > 0 }
        decision.require(later, "gap two years after the restore") { $0.ci.low > 0 }
        decision.require(fall.mean >= 0.5 * peak && later.mean >= 0.3 * peak && fallRate / recoveryRate > 5)
        return Result(id: "SF6", test: "Paired gap in mean institutional trust (no cut minus cut, same seeds): 8 weeks after the cut it is above 0 (95% t interval) and at least half its peak; two years after the budget is restored it is still above 0 and at least 30% of the peak; trust falls at least 5 times faster than it recovers.",
                      figures: "gap 8 weeks after the cut \(shown(fall, f4)) (\(about(fall, effect: false, p: nil))); peak \(f4(peak)) at week \(peakTick); two years after the restore \(shown(later, f4)) (\(about(later, effect: false, p: nil))); fall \(f5(fallRate))/week vs recovery \(f5(recoveryRate))/week (ratio \(f2(fallRate / recoveryRate)))",
                      decision)
    }

    static func sf7(_ r: Runs) throws -> Result {
        let lever = Lever.outreachHours.spec.name
        let hours = try r.levels(lever)
        guard let none = hours.first, let most = hours.last, none == 0, most > 0 else {
            throw BuurtError.input("SF7 needs outreach hours [0, H]", key: lever)
        }
        let all = try r.values(final(.participationRate), where: lever, is: 0)
        let under = try r.values(final(.participationRateUnderrepresented), where: lever, is: 0)
        // A run where nobody took part has no ratio (0/0): left out, not counted as 0.
        var ratio = estimate(zip(under, all).filter { $0.1 > 0 }.map { $0.0 / $0.1 }, unit: "runs")
        if ratio.n < all.count {
            ratio.leftOut = " of \(all.count) runs (\(all.count - ratio.n) left out: nobody took part, so the ratio is undefined)"
        }
        let est = estimate(try r.pairedDifferences(final(.participationRateUnderrepresented), lever: lever, from: 0, to: most))
        var decision = Decision()
        decision.require(ratio, "participation ratio without outreach") { $0.ci.high < 1 }
        decision.require(est, "rise with outreach") { $0.ci.low > 0 }
        return Result(id: "SF7", test: "Without outreach, the under-represented group's participation rate over the overall rate has a 95% t interval below 1 (over the runs where anyone took part: a run without participants has no ratio and is left out); with outreach its participation rises (paired difference, same seeds, interval above 0).",
                      figures: "participation ratio under-represented/all without outreach = \(shown(ratio, f3)) (\(about(ratio, effect: false, p: nil))); with \(NumberFormat.text(most)) outreach hours the under-represented participation rate rises by \(shown(est, f3)) (\(about(est)))",
                      decision)
    }

    static func sf8(_ r: Runs) throws -> Result {
        let lever = Lever.intermediaries.spec.name
        let counts = try r.levels(lever)
        guard counts.first == 0, let n = counts.last, n > 0 else { throw BuurtError.input("SF8 needs intermediaries [0, N]", key: lever) }
        var decision = Decision()
        var figures: [String] = []
        for outcome in [final(.fundedInitiatives), final(.contactedInitiativesTotal)] {
            let est = estimate(try r.pairedDifferences(outcome, lever: lever, from: n, to: 0))
            let base = Statistics.mean(try r.values(outcome, where: lever, is: n))
            decision.require(est, outcome) { $0.ci.high < 0 }
            figures.append("\(outcome): \(shown(est, f2)) without intermediaries from \(f2(base)) (\(f2(100 * est.mean / max(base, 1e-9)))%, \(about(est)))")
        }
        return Result(id: "SF8", test: "Paired differences (no intermediaries minus baseline, same seeds) in initiatives that reached funding and a civil servant; 95% t intervals below 0.",
                      figures: figures.joined(separator: "; "), decision)
    }

    static func sf9(_ r: Runs, _ e: Experiment) throws -> Result {
        let lever = e.factors.first?.name ?? Lever.recognition.spec.name
        let levels = try r.levels(lever)
        guard levels.first == 0, let p = levels.last, p > 0 else { throw BuurtError.input("SF9 needs recognition [0, p]", key: lever) }
        // Levels as the mean over the last year: every grant ends in the last week of a budget year,
        // so a level at the last tick falls on that week (docs/DATA.md, _lastyear).
        var decision = Decision()
        let figures = try gains(r, lever: lever, to: p, arm: "with recognition", &decision,
                                [(lastYear(.liveInitiatives), true), (final(.sustainedTotal), false),
                                 (lastYear(.volunteers), false), (final(.meanTrustInstitutions), false)])
        return Result(id: "SF9", test: "Paired differences (recognition minus none, same money and seeds) in live initiatives over the last year (mean); 95% t interval above 0 (initiatives that became self-sustaining, volunteers and institutional trust are reported too).",
                      figures: figures.joined(separator: "; "), decision)
    }

    static func sf10(_ r: Runs) throws -> Result {
        let lever = Lever.consultationMode.spec.name
        let modes = Lever.consultationModes
        let index = { (m: String) in Double(modes.firstIndex(of: m)!) }
        let levels = try r.levels(lever)
        guard ["evenings", "lot", "outreach"].allSatisfy({ levels.contains(index($0)) }) else {
            throw BuurtError.input("SF10 needs the consultation modes evenings, lot and outreach", key: lever)
        }
        let outcome = lastYear(.meanUnmetNeedUnderrepresented)
        var decision = Decision()
        var figures: [String] = []
        let evenings = Statistics.mean(try r.values(outcome, where: lever, is: index("evenings")))
        figures.append("\(outcome) with resident evenings \(f3(evenings))")
        for other in ["lot", "outreach"] {
            let est = estimate(try r.pairedDifferences(outcome, lever: lever, from: index(other), to: index("evenings")))
            decision.require(est, "evenings minus \(other)") { $0.ci.low > 0 }
            figures.append("evenings minus \(other): \(shown(est, f4)) (\(about(est)))")
        }
        let share = final(.consultationShareUnderrepresented)
        let shares = try modes.dropFirst().map { "\($0) \(f3(Statistics.mean(try r.values(share, where: lever, is: index($0)))))" }
        figures.append("under-represented share of attendees: " + shares.joined(separator: ", "))
        return Result(id: "SF10", test: "Paired differences (resident evenings minus lot, and minus outreach; same seeds) in the under-represented group's mean unmet need over the last year; both 95% t intervals above 0.",
                      figures: figures.joined(separator: "; "), decision)
    }

    static func sf11(_ r: Runs) throws -> Result {
        let conflict = Lever.conflictRate.spec.name, check = Lever.inclusionCheck.spec.name
        let rates = try r.levels(conflict), checks = try r.levels(check)
        guard rates.first == 0, let c = rates.last, c > 0, checks.first == 0, let k = checks.last, k > 0 else {
            throw BuurtError.input("SF11 needs \(conflict) [0, c] crossed with \(check) [0, k]", key: conflict)
        }
        let under = final(.trustInstitutionsUnderrepresented), all = final(.meanTrustInstitutions)
        // (a) conflicts on minus off, without a check; (b) the under-represented group's loss minus
        // the average resident's; (c) with the check minus without, conflicts on.
        let dUnder = try r.pairedDifferences(under, from: [conflict: 0, check: 0], to: [conflict: c, check: 0])
        let dAll = try r.pairedDifferences(all, from: [conflict: 0, check: 0], to: [conflict: c, check: 0])
        let dGap = zip(dUnder, dAll).map { $0 - $1 }
        let dCheck = try r.pairedDifferences(under, from: [conflict: c, check: 0], to: [conflict: c, check: k])
        let (a, b, cc) = (estimate(dUnder), estimate(dGap), estimate(dCheck))
        // The check's effect is reported, not required: it reaches municipal awards only, and its
        // effect on the group's trust is small next to the noise (docs/VALIDATION.md, robustness).
        var decision = Decision()
        decision.require(a, "\(under), conflicts on minus off") { $0.ci.high < 0 }
        decision.require(b, "the under-represented group's loss minus the average's") { $0.ci.high < 0 }
        let base = Statistics.mean(try r.values(under, where: [conflict: 0, check: 0]))
        let harmed = Statistics.mean(try r.values(final(.conflictsTotal), where: [conflict: c, check: 0]))
        let harmedChecked = Statistics.mean(try r.values(final(.conflictsTotal), where: [conflict: c, check: k]))
        let clears = cc.unavailable != nil ? "no inference" : cc.ci.low > 0 ? "clears the noise" : "does not clear the noise"
        let figures = [
            "\(under): \(shown(a, f4)) with conflicts (rate \(NumberFormat.text(c))) from \(f3(base)) (\(about(a)))",
            "\(all): \(f4(Statistics.mean(dAll))); the under-represented group's loss minus the average's \(shown(b, f4)) (\(about(b)))",
            "not required: inclusion check \(NumberFormat.text(k)) minus none, with conflicts: \(under) \(shown(cc, f4)) (\(about(cc)); \(clears))",
            "residents harmed per run: \(f2(harmed)) without the check, \(f2(harmedChecked)) with it",
        ]
        return Result(id: "SF11", test: "Paired differences (same seeds): conflicts on minus off, no check, in the under-represented group's institutional trust at the end, 95% t interval below 0; that loss minus the average resident's loss, interval below 0. Reported, not required: the municipal inclusion check's effect (with minus without, conflicts on) on that trust, with its interval.",
                      figures: figures.joined(separator: "; "), decision)
    }

    static func sf12(_ r: Runs) throws -> Result {
        let lever = Lever.pilotShare.spec.name
        let levels = try r.levels(lever)
        guard levels.first == 0, let p = levels.last, p > 0 else { throw BuurtError.input("SF12 needs pilot shares [0, p]", key: lever) }
        var decision = Decision()
        let figures = try gains(r, lever: lever, to: p, arm: "with pilots", &decision,
                                [(final(.fundedInitiatives), true), (final(.pilotGrantsTotal), false),
                                 (final(.grantsAwardedTotal), false), (final(.sustainedTotal), false),
                                 (final(.impactTotal), false), (final(.meanTrustInstitutions), false)])
        return Result(id: "SF12", test: "Paired differences (pilot share \(NumberFormat.text(p)) minus none, same budget and seeds) in initiatives that reached funding; 95% t interval above 0 (pilot grants, all grants, initiatives that became self-sustaining, impact and institutional trust are reported too).",
                      figures: figures.joined(separator: "; "), decision)
    }

    // MARK: Helpers

    /// Paired differences (the lever at `to` minus at 0, replicate by replicate) of each outcome,
    /// said with the 0 arm's mean, the interval, n, d_z and p; every required outcome's 95%
    /// interval must lie above 0.
    static func gains(_ r: Runs, lever: String, to p: Double, arm: String, _ decision: inout Decision,
                      _ outcomes: [(String, Bool)]) throws -> [String] {
        var figures: [String] = []
        for (outcome, required) in outcomes {
            let est = estimate(try r.pairedDifferences(outcome, lever: lever, from: 0, to: p))
            let base = Statistics.mean(try r.values(outcome, where: lever, is: 0))
            if required { decision.require(est, outcome) { $0.ci.low > 0 } }
            figures.append("\(outcome): \(shown(est, f3)) \(arm) from \(f3(base)) (\(about(est)))")
        }
        return figures
    }

    /// Summary columns of runs.csv, named from the metric registry.
    static func final(_ m: Metric) -> String { m.spec.name + "_final" }
    static func mean(_ m: Metric) -> String { m.spec.name + "_mean" }
    static func lastYear(_ m: Metric) -> String { m.spec.name + "_lastyear" }

    /// A mean with its Student-t interval, the n it rests on, and why no inference is drawn from it
    /// when none can be.
    struct Estimate {
        var ci: Statistics.Interval
        /// Two-sided p of a mean of 0; nil when no inference is drawn.
        var p: Double?
        /// Why no interval or p is drawn (too few values, or no spread to measure the noise by).
        var unavailable: String?
        /// Said after n when values were left out before the interval (" of 3 replicates (1 left out: ...)").
        var leftOut = ""
        /// The interval was cut at [-1, 1] (a mean of correlations).
        var clipped = false
        var mean: Double { ci.mean }
        var n: Int { ci.n }
    }

    /// runs.csv holds 6 decimals: a spread at or below this is rounding (or floating-point) noise,
    /// not a measured one.
    static let resolution = 1e-6

    /// The mean of `xs` with its t interval at `level`, when inference is possible: at least
    /// `minimum` values, and a standard deviation above runs.csv's resolution. Otherwise the mean
    /// only, with the reason: a zero-width interval, an infinite d_z and p = 0 from values that do
    /// not vary (two replicates, or counts that changed by the same whole number in each) are no
    /// evidence.
    static func estimate(_ xs: [Double], minimum: Int = 3, unit: String = "replicates", level: Double = 0.95) -> Estimate {
        let ci = Statistics.meanInterval(xs, level: level)
        var e = Estimate(ci: ci)
        if xs.count < minimum {
            e.unavailable = "\(xs.count) usable \(xs.count == 1 ? String(unit.dropLast()) : unit) (at least \(minimum) needed)"
        } else if !(ci.sd > resolution) {
            e.unavailable = "no spread among the \(xs.count) \(unit) beyond runs.csv's 6 decimals (sd \(String(format: "%.1g", ci.sd)))"
        } else {
            e.p = Statistics.tTwoSidedP(ci.mean / (ci.sd / Double(xs.count).squareRoot()), df: Double(xs.count - 1))
        }
        return e
    }

    /// A mean of correlations: its interval cut at [-1, 1], which no correlation leaves.
    static func clipped(_ e: Estimate) -> Estimate {
        var e = e
        if e.unavailable == nil, e.ci.low < -1 || e.ci.high > 1 {
            e.ci.low = max(-1, e.ci.low)
            e.ci.high = min(1, e.ci.high)
            e.clipped = true
        }
        return e
    }

    /// One-sided p of a mean above 0.
    static func oneSidedP(_ e: Estimate) -> Double {
        guard let p = e.p else { return 1 }
        return e.mean > 0 ? p / 2 : 1 - p / 2
    }

    /// "m [low, high]" when an interval is drawn, else "m" (or "undefined" without values).
    static func shown(_ e: Estimate, _ f: (Double) -> String) -> String {
        if e.n == 0 { return "undefined" }
        return e.unavailable == nil ? "\(f(e.mean)) [\(f(e.ci.low)), \(f(e.ci.high))]" : f(e.mean)
    }

    /// What an estimate rests on: "n = 20, d_z = 1.85, paired p = 0.0012", or why there is no inference.
    static func about(_ e: Estimate, effect: Bool = true, p label: String? = "paired p") -> String {
        var parts = ["n = \(e.n)\(e.leftOut)"]
        if let why = e.unavailable { return (parts + ["inference unavailable: \(why)"]).joined(separator: ", ") }
        if e.clipped { parts.append("interval clipped to [-1, 1]") }
        if effect { parts.append("d_z = \(f2(e.mean / e.ci.sd))") }
        if let label, let p = e.p { parts.append("\(label) = \(pv(p))") }
        return parts.joined(separator: ", ")
    }

    static func f2(_ x: Double) -> String { String(format: "%.2f", x) }
    static func f3(_ x: Double) -> String { String(format: "%.3f", x) }
    static func f4(_ x: Double) -> String { String(format: "%.4f", x) }
    static func f5(_ x: Double) -> String { String(format: "%.5f", x) }
    static func pv(_ p: Double) -> String { p.isNaN ? "undefined" : p < 0.0001 ? "< 0.0001" : String(format: "%.4f", p) }
    static func pct(_ x: Double) -> String { NumberFormat.text(100 * x, decimals: 3) }

    /// A sweep's `runs.csv` with lookups by lever value and replicate.
    struct Runs {
        let table: CSVTable
        init(dir: String) throws { table = try CSVTable(path: dir + "/runs.csv") }

        func column(_ name: String) throws -> [Double] {
            let c = try table.requireColumn(name)
            return try table.rows.map { try number($0[c], name) }
        }
        func number(_ s: String, _ name: String) throws -> Double {
            if let v = Double(s) { return v }
            if let lever = Lever.registry[name] { return try lever.parse(s) }
            throw BuurtError.input("'\(s)' is not a number", file: table.path, key: name)
        }
        func levels(_ lever: String) throws -> [Double] { Array(Set(try column(lever))).sorted() }
        func values(_ outcome: String, where lever: String, is value: Double) throws -> [Double] {
            let l = try column(lever), o = try column(outcome)
            return zip(l, o).filter { $0.0 == value }.map(\.1)
        }
        /// The outcome by replicate at one value of the lever.
        func byReplicate(_ outcome: String, where lever: String, is value: Double) throws -> [Int: Double] {
            let l = try column(lever), o = try column(outcome), rep = try column("replicate")
            var m: [Int: Double] = [:]
            for k in o.indices where l[k] == value { m[Int(rep[k])] = o[k] }
            return m
        }
        /// The outcome of the runs whose levers have all the given values.
        func values(_ outcome: String, where point: [String: Double]) throws -> [Double] {
            let o = try column(outcome)
            let cols = try point.map { (try column($0.key), $0.value) }
            return o.indices.filter { k in cols.allSatisfy { $0.0[k] == $0.1 } }.map { o[$0] }
        }
        /// outcome(to) - outcome(from) per replicate, design points given by several levers.
        func pairedDifferences(_ outcome: String, from a: [String: Double], to b: [String: Double]) throws -> [Double] {
            let o = try column(outcome), rep = try column("replicate")
            func byReplicate(_ point: [String: Double]) throws -> [Int: Double] {
                let cols = try point.map { (try column($0.key), $0.value) }
                var m: [Int: Double] = [:]
                for k in o.indices where cols.allSatisfy({ $0.0[k] == $0.1 }) { m[Int(rep[k])] = o[k] }
                return m
            }
            let from = try byReplicate(a), to = try byReplicate(b)
            return from.keys.sorted().compactMap { r in to[r].map { $0 - from[r]! } }
        }
        /// (run id at `from`, run id at `to`) for each replicate.
        func pairs(lever: String, from a: Double, to b: Double) throws -> [(Int, Int)] {
            let l = try column(lever), rep = try column("replicate"), id = try column("run_id")
            var at: [Double: [Int: Int]] = [:]
            for k in l.indices { at[l[k], default: [:]][Int(rep[k])] = Int(id[k]) }
            return (at[a] ?? [:]).keys.sorted().compactMap { r in at[b]?[r].map { (at[a]![r]!, $0) } }
        }
        /// outcome(to) - outcome(from) per replicate.
        func pairedDifferences(_ outcome: String, lever: String, from a: Double, to b: Double) throws -> [Double] {
            let o = try column(outcome), id = try column("run_id")
            var byID: [Int: Double] = [:]
            for k in o.indices { byID[Int(id[k])] = o[k] }
            return try pairs(lever: lever, from: a, to: b).map { byID[$0.1]! - byID[$0.0]! }
        }
        /// Spearman's rho between lever and outcome within each replicate where it is defined (the
        /// outcome not constant), and how many replicates there are.
        func withinReplicateSpearman(_ lever: String, _ outcome: String) throws -> (rhos: [Double], replicates: Int) {
            let l = try column(lever), o = try column(outcome), rep = try column("replicate")
            var groups: [Int: ([Double], [Double])] = [:]
            for k in l.indices { groups[Int(rep[k]), default: ([], [])].0.append(l[k]); groups[Int(rep[k])]!.1.append(o[k]) }
            let rhos = groups.keys.sorted().map { Statistics.spearman(groups[$0]!.0, groups[$0]!.1).rho }
            return (rhos.filter(\.isFinite), groups.count)
        }
    }
}
