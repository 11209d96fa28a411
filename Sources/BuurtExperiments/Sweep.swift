import Foundation
import Synchronization
import BuurtCore
import BuurtModel

/// Runs an experiment's design over all cores, streaming results to disk.
///
/// Finished runs go to checksummed journals in `DIR/.buurt-sweep/` as they complete, in whatever
/// order; nothing accumulates in memory. When every run of the shard is done, `runs.csv` and
/// `timeseries.csv` are assembled in run order and put in place atomically, so the files are the
/// same whatever the thread count, the finishing order, or how often the sweep was interrupted
/// and resumed.
public final class Sweep {
    public struct Shard: Equatable, Sendable {
        public var index: Int, count: Int
        public init(index: Int, count: Int) { self.index = index; self.count = count }
        public static func parse(_ text: String) throws -> Shard {
            let parts = text.split(separator: "/")
            guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]), n >= 1, i >= 0, i < n else {
                throw BuurtError.input("'\(text)' is not a shard", key: "--shard", allowed: "I/N with 0 <= I < N, e.g. 0/4")
            }
            return Shard(index: i, count: n)
        }
        public func runs(of total: Int) -> Range<Int> { (index * total / count)..<((index + 1) * total / count) }
    }

    public let experiment: Experiment
    public let out: String
    public let threads: Int
    public let shard: Shard?
    public var quiet = false
    /// Called with (runs done, runs total) after each run.
    public var onProgress: (@Sendable (Int, Int) -> Void)?

    public init(experiment: Experiment, out: String, threads: Int, shard: Shard?) {
        self.experiment = experiment
        self.out = (try? OutputFolder.resolve(out)) ?? out
        self.threads = max(1, threads)
        self.shard = shard
    }

    var stateDir: String { out + "/.buurt-sweep" }
    public var runRange: Range<Int> { shard?.runs(of: experiment.runCount) ?? 0..<experiment.runCount }
    static let ownedFiles = ["runs.csv", "timeseries.csv", "initiatives.csv", "experiment.json", "points.csv", "sensitivity.csv",
                             DesignFile.copyName, "report.html"]

    /// The files of a result folder that the commands reading it (`analyze`, `plot`, `report`,
    /// `validate`, `merge`) open.
    public static let resultFiles = ["runs.csv", "timeseries.csv", "initiatives.csv", "experiment.json", "points.csv",
                                     "sensitivity.csv", DesignFile.copyName]

    /// Refuses (exit 2, naming it) a file of a result folder that is not a regular file: a pipe
    /// would block the reader for ever, a folder give an unclear error.
    public static func checkResultFiles(dir: String) throws {
        try FileOps.checkRegularFiles(in: dir, resultFiles)
    }

    public struct Outcome { public var ran: Int; public var kept: Int; public var total: Int; public var seconds: Double }

    /// Runs what is not yet done and assembles the result. Throws `.interrupted` on Ctrl-C after
    /// making the finished runs durable.
    @discardableResult
    public func run(fresh: Bool) throws -> Outcome {
        let started = Date()
        _ = try OutputFolder.resolve(out)
        let folderLock = try FolderLock(folder: out, command: "buurt sweep")
        defer { folderLock.release() }
        for name in Sweep.ownedFiles { FileOps.removeLeftovers(in: out, prefix: name + ".tmp-") }
        try prepareFolder(fresh: fresh)
        if try isComplete() {
            return Outcome(ran: 0, kept: runRange.count, total: runRange.count, seconds: 0)
        }
        try FileOps.makeDirectory(stateDir)
        let tag = journalTag
        let runsJournal = try Journal(path: stateDir + "/runs.journal", tag: tag)
        let tsJournal = experiment.timeseriesMetrics == nil ? nil : try Journal(path: stateDir + "/timeseries.journal", tag: tag)
        let iniJournal = experiment.keepInitiatives ? try Journal(path: stateDir + "/initiatives.journal", tag: tag) : nil
        let done = Set(runsJournal.index.keys)
        let pending = runRange.filter {
            !done.contains($0) || (tsJournal != nil && tsJournal!.index[$0] == nil)
                || (iniJournal != nil && iniJournal!.index[$0] == nil)
        }
        let kept = runRange.count - pending.count
        try writeProvenance(started: started, ended: nil, complete: false)
        try copyDesignFile()

        // Workers across runs; threads inside a run only when there are fewer runs than threads.
        // What the workers share (the queue position, the count, the first failure and the
        // journals) lives behind one lock that the compiler checks; the workers capture nothing
        // else that could race (the experiment is a Sendable value).
        let workers = max(1, min(threads, pending.count))
        let perRun = max(1, threads / workers)
        let shared = SharedState(WorkerState(runs: runsJournal, timeseries: tsJournal, initiatives: iniJournal, finished: kept))
        let experiment = self.experiment, onProgress = self.onProgress, total = runRange.count
        onProgress?(kept, total)
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while true {
                let next: Int? = shared.state.withLock { s in
                    if s.failure != nil || Interrupt.requested || s.next >= pending.count { return nil }
                    s.next += 1
                    return pending[s.next - 1]
                }
                guard let id = next else { return }
                do {
                    let (row, series, inits) = try Sweep.execute(experiment, run: id, threads: perRun)
                    try shared.state.withLock { s in
                        if let ts = s.timeseries, let series { try ts.append(id: id, body: series) }
                        if let ini = s.initiatives, let inits { try ini.append(id: id, body: inits) }
                        try s.runs.append(id: id, body: row)
                        s.finished += 1
                        onProgress?(s.finished, total)
                    }
                } catch let e as BuurtError where e.kind == .interrupted {
                    return
                } catch {
                    shared.state.withLock { s in if s.failure == nil { s.failure = error } }
                    return
                }
            }
        }
        let (failure, finished) = shared.state.withLock { s in (s.failure, s.finished) }
        try shared.state.withLock { s in
            try s.timeseries?.sync()
            try s.initiatives?.sync()
            try s.runs.sync()
        }
        if let failure { throw failure }
        if Interrupt.requested || finished < runRange.count {
            throw BuurtError(.interrupted, "\(finished) of \(runRange.count) runs are safely on disk in \(out); "
                             + "run the same command again to resume")
        }
        let out = self.out, runs = runRange, runsHeader = self.runsHeader, tsHeader = timeseriesHeader
        let files = try shared.state.withLock { s in
            try Sweep.assemble(s, out: out, runs: runs, runsHeader: runsHeader, timeseriesHeader: tsHeader)
        }
        try writeProvenance(started: started, ended: Date(), complete: true, files: files)
        try? FileManager.default.removeItem(atPath: stateDir)
        return Outcome(ran: pending.count, kept: kept, total: runRange.count, seconds: Date().timeIntervalSince(started))
    }

    /// What the workers of `run` share, behind one lock.
    struct WorkerState {
        let runs: Journal, timeseries: Journal?, initiatives: Journal?
        var finished: Int
        var next = 0
        var failure: (any Error)? = nil
        init(runs: Journal, timeseries: Journal?, initiatives: Journal?, finished: Int) {
            self.runs = runs; self.timeseries = timeseries; self.initiatives = initiatives; self.finished = finished
        }
    }
    final class SharedState: Sendable {
        let state: Mutex<WorkerState>
        init(_ p: sending WorkerState) { state = Mutex(p) }
    }

    /// One run: its `runs.csv` row and its time-series rows.
    static func execute(_ experiment: Experiment, run id: Int, threads: Int) throws -> (String, String?, String?) {
        let sc = experiment.scenario(run: id)
        let sim = Simulation(scenario: sc, threads: threads, keepRows: experiment.timeseriesMetrics != nil)
        try sim.run()
        let (p, r, seed) = experiment.run(id)
        var fields = [String(id), String(p), String(r), String(seed)]
        for f in experiment.factors { fields.append(f.lever.spec.format(sc.values[f.lever])) }
        fields += RunOutput.summaryFields(sim.recorder)
        let series = experiment.timeseriesMetrics.map {
            RunOutput.timeseriesRows(runID: id, recorder: sim.recorder, every: experiment.every, metrics: $0)
        }
        let inits = experiment.keepInitiatives ? RunOutput.initiativesRows(runID: id, world: sim.world) : nil
        return (CSV.row(fields), series, inits)
    }

    public var runsHeader: [String] {
        ["run_id", "point_id", "replicate", "seed"] + experiment.factors.map(\.name) + Metric.registry.summaryColumns
    }
    public var timeseriesHeader: [String]? {
        experiment.timeseriesMetrics.map { ["run_id", "tick"] + $0.map { Metric.registry.specs[$0].name } }
    }

    /// What the journals' opening lines name: the experiment's input hash and the shard.
    var journalTag: String { "\(experiment.hash) shard \(shard?.index ?? 0)/\(shard?.count ?? 1)" }

    /// Writes the final files in run order through temporary files and renames; returns their digests.
    static func assemble(_ j: WorkerState, out: String, runs: Range<Int>, runsHeader: [String], timeseriesHeader: [String]?) throws -> [String: FileDigest] {
        var files = ["runs.csv": try writeInOrder(out + "/runs.csv", header: runsHeader, journal: j.runs, runs: runs)]
        if let ts = j.timeseries, let header = timeseriesHeader {
            files["timeseries.csv"] = try writeInOrder(out + "/timeseries.csv", header: header, journal: ts, runs: runs)
        }
        if let ini = j.initiatives {
            files["initiatives.csv"] = try writeInOrder(out + "/initiatives.csv", header: RunOutput.initiativesHeader, journal: ini, runs: runs)
        }
        return files
    }

    static func writeInOrder(_ path: String, header: [String], journal: Journal, runs: Range<Int>) throws -> FileDigest {
        let tmp = FileOps.temporaryName(for: path)
        let digest: FileDigest
        do {
            let f = try OutputFile(creating: tmp)
            try f.write(CSV.row(header))
            for id in runs {
                guard let body = try journal.body(id) else {
                    throw BuurtError.runtime("run \(id) is missing from the journal", file: journal.path)
                }
                try f.write(body)
            }
            try f.close()
            digest = f.written
        } catch {
            unlink(tmp)
            throw (error as? BuurtError) ?? BuurtError.runtime("cannot write '\(path)': \(FileOps.reason(error))", file: path)
        }
        guard rename(tmp, path) == 0 else {
            let e = errno
            unlink(tmp)
            throw BuurtError.runtime("cannot move '\(tmp)' into place: \(FileOps.plain(e))", file: path)
        }
        return digest
    }

    // MARK: Folder and provenance

    /// Creates the folder, or checks that it holds this experiment (to resume) and nothing else.
    func prepareFolder(fresh: Bool) throws {
        try FileOps.makeDirectory(out)
        let json = out + "/experiment.json"
        if fresh {
            // Only a sweep's own folder is cleared: a folder of someone else's files (their own
            // runs.csv, say) is refused, never emptied.
            let contents = ((try? FileManager.default.contentsOfDirectory(atPath: out)) ?? []).filter { $0 != ".buurt-sweep" }
            let ours = FileOps.exists(json) && ((try? Sweep.readProvenance(dir: out))?["program"] as? String) == "buurt"
            if !contents.isEmpty && !ours {
                throw BuurtError.input("--fresh clears only a sweep's own folder, and this one holds other files "
                                       + "(\(contents.sorted().prefix(5).joined(separator: ", ")))", file: out, key: "--out",
                                       allowed: "an empty or new folder, or a folder of an earlier buurt sweep")
            }
            for f in Sweep.ownedFiles { try? FileManager.default.removeItem(atPath: out + "/" + f) }
            // The charts of the discarded experiment (only Buurt's own; anything else in plots/ stays).
            OutputFolder.removeOwned(in: out + "/plots", where: OwnedFiles.isPlotFile)
            try? FileManager.default.removeItem(atPath: stateDir)
        } else if FileManager.default.fileExists(atPath: json) {
            let info = try Sweep.readProvenance(dir: out)
            if info["input_hash"] as? String != experiment.hash {
                throw BuurtError.input("holds results of a different experiment ('\(info["name"] as? String ?? "?")', "
                                       + "input hash \(info["input_hash"] as? String ?? "?"), not \(experiment.hash))", file: out,
                                       key: "--out", allowed: "another folder, or --fresh to discard those results")
            }
            let theirs = info["shard"] as? [String: Any]
            let sameShard = (theirs?["index"] as? Int) == shard?.index && (theirs?["count"] as? Int) == shard?.count
            if !sameShard {
                throw BuurtError.input("holds a different shard of this experiment", file: out, key: "--shard",
                                       allowed: "the same --shard as before, another folder, or --fresh")
            }
        } else {
            // Only journals (a sweep killed before its first experiment.json): resumable, since
            // each journal names its experiment and a foreign one is refused when opened.
            let contents = ((try? FileManager.default.contentsOfDirectory(atPath: out)) ?? []).filter { $0 != ".buurt-sweep" }
            if !contents.isEmpty {
                throw BuurtError.input("the folder exists and holds other files (\(contents.prefix(3).joined(separator: ", ")))",
                                       file: out, key: "--out", allowed: "an empty or new folder, or --fresh to clear Buurt's files")
            }
        }
    }

    /// A finished result of this experiment is already in place: nothing to do. A result sealed as
    /// complete is trusted only when its `experiment.json` is intact and every file it records still
    /// has the recorded size, line count and checksum; a damaged one is refused (exit 2, naming the
    /// file), never reported as complete.
    func isComplete() throws -> Bool {
        guard !FileManager.default.fileExists(atPath: stateDir + "/runs.journal"),
              FileManager.default.fileExists(atPath: out + "/runs.csv"),
              FileManager.default.fileExists(atPath: out + "/experiment.json") else { return false }
        let info = try Sweep.readProvenance(dir: out)
        guard info["complete"] as? Bool ?? false else { return false }
        try Sweep.checkSealed(info, dir: out)
        return true
    }

    /// Checks a finished result against its seal: the provenance's checksum and each recorded file
    /// (or only those of `only`: `analyze`, `plot` and `report` check `runs.csv`, which every one of
    /// them reads, and leave a large `timeseries.csv` unread unless they need it).
    public static func checkSealed(_ info: [String: Any], dir: String, only: Set<String>? = nil) throws {
        let allowed = "the sweep's own files; run it again with --fresh (or into another folder)"
        guard Provenance.isIntact(info) else {
            throw BuurtError.input("experiment.json was edited or damaged after the sweep finished (its checksum does not match)",
                                   file: dir + "/experiment.json", allowed: allowed)
        }
        guard let recorded = info["files"] as? [String: Any] else { return }   // an older buurt recorded none
        for name in recorded.keys.sorted() where only?.contains(name) ?? true {
            let path = dir + "/" + name
            guard let expected = FileDigest(json: recorded[name]) else {
                throw BuurtError.input("the record of \(name) is damaged", file: dir + "/experiment.json", key: "files.\(name)")
            }
            guard FileOps.exists(path) else {
                throw BuurtError.input("\(name) of a finished sweep is missing", file: path, allowed: allowed)
            }
            try FileOps.checkRegularFile(path)
            let found = try FileDigest.of(path: path)
            if found != expected {
                throw BuurtError.input("the file was changed or damaged after the sweep finished (recorded \(expected); found \(found))",
                                       file: path, allowed: allowed)
            }
        }
    }

    public static func readProvenance(dir: String) throws -> [String: Any] {
        let path = dir + "/experiment.json"
        guard FileOps.exists(path) else {
            throw BuurtError.input("no experiment.json: not a sweep result folder", file: dir)
        }
        let data = try FileOps.readInput(path, limit: 256 << 20)
        guard let obj = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw BuurtError.input("experiment.json is not valid JSON", file: path)
        }
        return obj
    }

    /// `design: file`: a copy of the design file's bytes as the sweep read them, in the result
    /// folder, so that `analyze` and `report` need nothing outside it (the original may be relative
    /// to another folder, move or change). Written after the provenance that records its digest; a
    /// sweep killed in between rewrites it when resumed.
    func copyDesignFile() throws {
        guard let design = experiment.designFile else { return }
        let copy = out + "/" + DesignFile.copyName
        if OutputFolder.canonical(copy) == OutputFolder.canonical(design.path) { return }
        if FileManager.default.contents(atPath: copy) == design.data { return }
        try FileOps.writeAtomically(design.data, to: copy)
    }

    /// What `experiment.json` records of a design file: where it was read from (absolute), the copy's
    /// name and the digest of its bytes.
    static func designFileRecord(_ design: (path: String, data: Data)) -> [String: Any] {
        var b = FileDigest.Builder()
        b.add(design.data)
        return ["path": OutputFolder.canonical(design.path), "copy": DesignFile.copyName, "digest": b.value.json]
    }

    func writeProvenance(started: Date, ended: Date?, complete: Bool, files: [String: FileDigest] = [:]) throws {
        let e = experiment
        var factors: [[String: Any]] = []
        for f in e.factors {
            var d: [String: Any] = ["lever": f.name]
            if let v = f.values { d["values"] = v.map { RunOutput.jsonValue(f.lever, $0) } }
            else { d["min"] = f.min; d["max"] = f.max; d["log"] = f.log }
            factors.append(d)
        }
        var obj: [String: Any] = [
            "program": "buurt", "version": BuurtVersion.current, "name": e.name, "question": e.question,
            "experiment_file": e.path, "experiment_text": e.text, "base_scenario": e.base.yaml(),
            "design": e.design.rawValue, "samples": e.samples, "levels": e.levels, "replicates": e.replicates,
            "seed": Int(e.seed), "ticks": e.base.values.int(.ticks), "factors": factors,
            "design_points": e.points.count, "runs_total": e.runCount,
            "timeseries_metrics": e.timeseriesMetrics.map { $0.map { Metric.registry.specs[$0].name } } ?? [],
            "timeseries_every": e.every, "initiatives": e.keepInitiatives, "common_random_numbers": e.commonRandomNumbers, "input_hash": e.hash, "threads": threads,
            "started": RunOutput.iso(started), "complete": complete,
            "seed_rule": "run seed = SplitMix64 chain of (base seed, point_id, replicate), 53 bits; replay with buurt run --seed",
        ]
        if let design = e.designFile { obj["design_file"] = Sweep.designFileRecord(design) }
        if let shard {
            obj["shard"] = ["index": shard.index, "count": shard.count, "first_run": runRange.lowerBound,
                            "end_run": runRange.upperBound]
        }
        if let ended {
            obj["ended"] = RunOutput.iso(ended)
            obj["wall_seconds"] = (ended.timeIntervalSince(started) * 1000).rounded() / 1000
        }
        if !files.isEmpty { obj["files"] = files.mapValues { $0.json } }
        try FileOps.writeAtomically(Provenance.sealed(obj), to: out + "/experiment.json")
    }
}
