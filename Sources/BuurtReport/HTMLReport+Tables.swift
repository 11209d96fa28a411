import Foundation
import BuurtCore
import BuurtModel
import BuurtExperiments

extension HTMLReport {
    /// An HTML table; cells that are numbers are right-aligned and shown to 4 significant digits.
    static func table(_ header: [String], _ rows: [[String]], numeric: Bool = true) -> String {
        var out = "<table>\n<thead><tr>" + header.map { "<th>\(esc($0))</th>" }.joined() + "</tr></thead>\n<tbody>\n"
        for row in rows {
            out += "<tr>" + row.map { cell in
                if numeric, let v = Double(cell), v.isFinite, cell.first.map({ $0.isNumber || $0 == "-" }) == true {
                    return "<td class=\"num\">\(esc(cell.contains(".") ? Scale.short(v, digits: 4) : cell))</td>"
                }
                return "<td>\(esc(cell))</td>"
            }.joined() + "</tr>\n"
        }
        return out + "</tbody>\n</table>\n"
    }

    func provenance() -> String {
        let info = results.info
        func text(_ key: String) -> String {
            switch info[key] {
            case let s as String: return s
            case let n as NSNumber: return n.stringValue
            case .none: return ""
            case let v?: return "\(v)"
            }
        }
        var rows: [[String]] = [
            ["program", "\(text("program")) \(text("version"))"],
            ["experiment file", text("experiment_file")],
            ["input hash", text("input_hash")],
            ["base seed", text("seed")],
            ["run seeds", text("seed_rule") + "; every run's seed is in runs.csv (column seed)"],
            ["threads", text("threads")],
            ["started", text("started")],
            ["ended", text("ended")],
            ["wall time", info["wall_seconds"].map { "\($0) s (of the last session, if the sweep was resumed)" } ?? ""],
        ]
        if let shard = info["shard"] as? [String: Any] {
            rows.append(["shard", "\(shard["index"] ?? "?") of \(shard["count"] ?? "?")"])
        }
        if let seedCol = results.runs.column("seed"), let first = results.runs.rows.first {
            rows.append(["first run's seed", first[seedCol]])
        }
        var out = HTMLReport.table(["item", "value"], rows, numeric: false)
        if let text = info["experiment_text"] as? String {
            out += "<p>The experiment file as run:</p>\n<pre>\(HTMLReport.esc(text))</pre>\n"
        }
        return out
    }

    func design() -> String {
        let r = results
        let info = r.info
        var out = "<p>Design <b>\(HTMLReport.esc(r.design))</b>: \(info["design_points"] ?? "?") design points x "
            + "\(r.replicates) replicates = \(info["runs_total"] ?? r.runCount) runs of \(r.ticks) weeks"
            + ((info["samples"] as? Int ?? 0) > 0 ? " (samples: \(info["samples"]!))" : "") + ".</p>\n"
        var rows: [[String]] = []
        for (k, l) in r.levers.enumerated() {
            let levels = LeverLevels(r, lever: k, maxDistinct: 12, bins: 12)
            let values = levels.binned
                ? "\(Set(r.leverValues.map { $0[k] }).count) values from \(levels.labels.first?.components(separatedBy: " – ").first ?? "") to \(levels.labels.last?.components(separatedBy: " – ").last ?? "")"
                : levels.labels.joined(separator: ", ")
            rows.append([l.name, l.spec.unit, values + (l.log ? " (log scale)" : ""), l.spec.description])
        }
        out += HTMLReport.table(["varied lever", "unit", "values in the runs", "description"], rows, numeric: false)
        out += "<p>Every other lever has its value in the base scenario (shown in experiment.json, "
            + "<code>base_scenario</code>).</p>\n"
        return out
    }

    func pointsTable() throws -> String {
        let path = results.dir + "/points.csv"
        guard FileOps.exists(path) else { return "<p>No points.csv: run <code>buurt analyze</code>.</p>\n" }
        let t = try CSVTable(path: path)
        let oc = try t.requireColumn("outcome")
        let keep = Set(outcomes.map(\.column))
        let rows = t.rows.filter { $0.count == t.header.count && keep.contains($0[oc]) }
        var out = "<p>Per design point and key outcome (\(outcomes.map { "<code>\(HTMLReport.esc($0.column))</code>" }.joined(separator: ", "))): "
            + "mean over replicates, sample sd and 95% Student-t interval. Every outcome of every point is in "
            + "<code>points.csv</code> (\(t.rows.count) rows).</p>\n"
        if rows.count > maxTableRows {
            out += "<p>The first \(maxTableRows) of \(rows.count) rows are shown.</p>\n"
        }
        out += HTMLReport.table(t.header, Array(rows.prefix(maxTableRows)))
        return out
    }

    func sensitivityTable() throws -> String {
        let t = try CSVTable(path: results.dir + "/sensitivity.csv")
        let oc = try t.requireColumn("outcome")
        let keep = Set(outcomes.map(\.column))
        let rows = t.rows.filter { $0.count == t.header.count && keep.contains($0[oc]) }
        let what = t.header.contains("S1")
            ? "Sobol first-order (S1, \(t.header.contains("S1_half") ? FirstOrderEstimator.standard.citation : "Saltelli 2010")) and total (ST, Jansen 1999) indices with 95% bootstrap intervals"
            : "Morris elementary effects (mu* with its 95% bootstrap interval, mu, sigma) in units of each lever's range (a categorical lever: the change of a switch)"
        var out = ""
        if t.header.contains("S1_half") { out += try convergenceTables(t) }
        return out + "<p>\(what), for the key outcomes; every outcome is in <code>sensitivity.csv</code>.</p>\n"
            + HTMLReport.table(t.header, rows)
    }

    /// Per key outcome: the indices at N/2 and at N side by side with the ranks they give, the
    /// bootstrap interval of ST, and whether each clears the noise floor.
    func convergenceTables(_ t: CSVTable) throws -> String {
        let c = try ["lever", "outcome", "S1", "S1_half", "ST", "ST_low", "ST_high", "ST_half", "S1_sum", "noise_floor",
                     "ST_clears_noise", "note"].map { try t.requireColumn($0) }
        let rankCols = ["ST_rank_low", "ST_rank_high"].map { t.header.firstIndex(of: $0) }
        let rankCol = t.header.firstIndex(of: "ST_rank")
        let overCol = t.header.firstIndex(of: "S1_sum_over_1")
        let sumCols = ["S1_sum_low", "S1_sum_high"].map { t.header.firstIndex(of: $0) }
        let samples = results.info["samples"] as? Int ?? 0
        var out = "<h3>Convergence and noise</h3>\n<p>For each key outcome, the indices from the first half of the base samples "
            + "(N/2 = \(samples / 2)) beside those from all of them (N = \(samples)). Where the ranks differ, more samples "
            + "could change the ranking. The noise floor is the share of the variance that is replicate noise (with common "
            + "random numbers, each lever's own, from the replicates' paired differences): a total "
            + "index whose interval does not clear it cannot be told from a lever with no effect. Equal indices share a place. The rank interval is the "
            + "95% bootstrap interval of the lever's place by ST: levers whose rank intervals overlap are not ordered by "
            + "these runs, so read them as a group, not in the order printed.</p>\n"
        for o in outcomes {
            let rows = t.rows.filter { $0.count == t.header.count && $0[c[1]] == o.column }
            guard let first = rows.first else { continue }
            out += "<h4>\(HTMLReport.esc(o.label)) <code class=\"name\">\(HTMLReport.esc(o.column))</code></h4>\n"
            if first[c[11]] == Analysis.constantNote { out += "<p>Constant in this experiment: no indices.</p>\n"; continue }
            // Places by an index: 1 plus the number of larger values, so equal values share a place;
            // nil where the index is missing (no N/2 estimate, or no variance).
            func rank(_ col: Int) -> [Int?] {
                let v = rows.map { Double($0[col]) }
                return v.map { x in x.flatMap { x in x.isFinite ? 1 + v.filter { ($0 ?? -.infinity) > x }.count : nil } }
            }
            let rankHalf = rank(c[7])
            let rankFull = rankCol.map { col in rows.map { Int($0[col]) } } ?? rank(c[4])
            let order = rows.indices.sorted { (rankFull[$0] ?? Int.max, $0) < (rankFull[$1] ?? Int.max, $1) }
            let body = order.map { i -> [String] in
                let row = rows[i]
                let interval = Double(row[c[5]]).map { lo in "\(Scale.short(lo)) – \(Scale.short(Double(row[c[6]]) ?? .nan))" } ?? "n/a"
                return [RegistryLabels.lever(row[c[0]]), row[c[0]], row[c[3]], row[c[2]], row[c[7]], row[c[4]], interval,
                        rankHalf[i].map(String.init) ?? "n/a", rankFull[i].map(String.init) ?? "n/a", rankInterval(row),
                        row[c[9]].isEmpty ? "n/a" : HTMLReport.esc(Scale.short(Double(row[c[9]]) ?? .nan)),
                        row[c[10]].isEmpty ? "n/a" : (row[c[10]] == "true" ? "yes" : "no")]
            }
            func rankInterval(_ row: [String]) -> String {
                guard let lo = rankCols[0], let hi = rankCols[1], !row[lo].isEmpty, !row[hi].isEmpty else { return "n/a" }
                return row[lo] == row[hi] ? row[lo] : "\(row[lo]) – \(row[hi])"
            }
            // How many places from the top are settled: each of the first k levers' rank interval
            // is its own place alone.
            var settled = 0
            if let lo = rankCols[0], let hi = rankCols[1] {
                for (k, i) in order.enumerated() {
                    guard let a = Int(rows[i][lo]), let b = Int(rows[i][hi]), a == k + 1, b == k + 1 else { break }
                    settled += 1
                }
            }
            // With more than five levers: is the set of the top five the same at N/2? With five or
            // fewer that set is always everything, so compare the whole ranking's order instead.
            let stability: String
            if rankHalf.contains(where: { $0 == nil }) {
                stability = "no ranking at N/2 (\(samples / 2) base samples give no estimate of every index)"
            } else if rows.count > 5 {
                stability = "the top five by ST at N/2 and N " + (order.prefix(5).allSatisfy { (rankHalf[$0] ?? Int.max) <= 5 } ? "are the same levers" : "differ")
            } else {
                stability = "the ranking by ST at N/2 and N " + (order.allSatisfy { rankHalf[$0] == rankFull[$0] } ? "is the same" : "changes")
            }
            // The sum of S1 against 1 and 0 by its bootstrap interval (newer versions), else by its value.
            let sum = Double(first[c[8]]) ?? .nan
            let sumLow = sumCols[0].flatMap { Double(first[$0]) }, sumHigh = sumCols[1].flatMap { Double(first[$0]) }
            let over = overCol.map { first[$0] == "true" } ?? (sum > 1)
            let under = sumHigh.map { $0 < 0 } ?? (sumCols[1] == nil && sum < 0)
            let floors = Set(rows.map { $0[c[9]] })
            let floorText = floors == [""] ? "not known (one replicate)"
                : floors.count == 1 ? HTMLReport.esc(Scale.short(Double(first[c[9]]) ?? .nan)) : "each lever's own (common random numbers), in the table"
            out += "<p class=\"muted\">Sum of S1: \(HTMLReport.esc(first[c[8]]))"
                + (sumLow.map { lo in " (95% interval \(Scale.short(lo)) – \(Scale.short(sumHigh ?? .nan)))" } ?? "")
                + (over ? " (over 1 beyond its interval, which true indices cannot be: do not trust the first-order indices)"
                    : under ? " (below 0 beyond its interval, which true indices cannot be: noise dominates; do not trust the first-order indices)" : "")
                + "; noise floor: \(floorText)"
                + "; \(stability)"
                + (rankCols[0] == nil ? "" : rows.allSatisfy({ $0[rankCols[0]!].isEmpty }) ? "; no rank intervals (fewer than \(Sensitivity.minimumForInterval) base samples, or no variance)"
                    : settled == 0 ? "; no place is settled (the first rank interval is wider than one place)"
                    : "; the first \(settled) place\(settled == 1 ? " is" : "s are") settled (rank intervals of one place each), the rest are not ordered by these runs")
                + ".</p>\n"
            out += HTMLReport.table(["lever", "name", "S1 (N/2)", "S1 (N)", "ST (N/2)", "ST (N)", "ST 95% interval",
                                     "rank N/2", "rank N", "rank 95% interval", "noise floor", "ST clears noise"], body)
        }
        return out
    }

    /// The data dictionary entries of the files in this folder, with only the columns they have.
    func dictionary() -> String {
        let r = results
        var out = "<p>Every column of the files in this folder: unit, meaning and range (generated from the lever and "
            + "metric registries; the same as docs/DATA.md).</p>\n"
        for f in DataDictionary.files {
            let path = r.dir + "/" + f.name
            guard FileOps.exists(path) else { continue }
            if f.name == "sensitivity.csv" && !f.written.contains(r.design) { continue }
            var columns = f.columns
            if let header = try? CSVStream.header(path: path), f.name != "points.csv" {
                columns = columns.filter { header.contains($0.name) }
            }
            out += "<h3>\(HTMLReport.esc(f.name))</h3>\n<p class=\"muted\">\(HTMLReport.esc(f.description)) Written by: "
                + "\(HTMLReport.esc(f.written)).</p>\n"
            out += HTMLReport.table(["column", "unit", "meaning", "range"],
                                    columns.map { [$0.name, $0.unit, $0.meaning, $0.range] }, numeric: false)
        }
        return out
    }
}
