import ArgumentParser
import BuurtCore
import BuurtModel
import BuurtExperiments
import Foundation
import Synchronization

struct SweepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Run an experiment: a design of lever values with replicates, in parallel, resumable.",
        discussion: """
            Resumes by default when --out holds a partial result of the same experiment. Under a Slurm
            array job, SLURM_ARRAY_TASK_ID/SLURM_ARRAY_TASK_COUNT choose the shard when --shard is not given.
            """)

    @Argument(help: "Experiment YAML file (see Experiments/).")
    var experiment: String

    @Option(help: "Output folder (default: Results/<experiment name>).")
    var out: String?

    @Option(help: "Worker threads (results are identical for any number).")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "Run only shard I of N disjoint parts of the design, e.g. 0/4.")
    var shard: String?

    @Flag(help: "Discard earlier results in --out and start over.")
    var fresh = false

    @Flag(help: "Write Slurm batch scripts (an array of --shards tasks and a merge job) instead of running.")
    var slurm = false

    @Option(help: "Number of shards for --slurm (default 4).")
    var shards: Int?

    @Option(help: "CPUs per Slurm task for --slurm (default 2).")
    var cpusPerTask: Int?

    @Flag(help: "No progress bar.")
    var quiet = false

    func validate() throws {
        guard threads >= 1, threads <= 1024 else { throw ValidationError("--threads must be from 1 to 1024, got \(threads)") }
        if let shards, !(1...100_000).contains(shards) { throw ValidationError("--shards must be from 1 to 100000, got \(shards)") }
        if let cpusPerTask, !(1...1024).contains(cpusPerTask) { throw ValidationError("--cpus-per-task must be from 1 to 1024") }
        // Flags that would otherwise be ignored without a word.
        if !slurm, shards != nil { throw ValidationError("--shards is used only with --slurm (to run one shard here, use --shard I/N)") }
        if !slurm, cpusPerTask != nil { throw ValidationError("--cpus-per-task is used only with --slurm (here, use --threads)") }
        if slurm, shard != nil { throw ValidationError("--slurm writes scripts for every shard; --shard cannot be combined with it") }
        if slurm, fresh { throw ValidationError("--fresh cannot be combined with --slurm, which runs nothing") }
    }

    func run() throws {
        if let out { _ = try OutputFolder.resolve(out) }   // before any work
        let shardSpec = try shard.map(Sweep.Shard.parse) ?? slurmShard()
        let e = try ExperimentFile.load(path: experiment)
        let dest = try out.map { try OutputFolder.resolve($0) } ?? OutputFolder.defaultFolder(name: e.name, file: experiment)
        if slurm {
            let n = min(shards ?? 4, max(1, e.runCount))
            let files = try SlurmScript.write(experimentPath: experiment, experimentName: e.name, out: dest,
                                              shards: n, cpusPerTask: cpusPerTask ?? 2, binary: executablePath())
            say("Slurm scripts for '\(e.name)' (\(e.runCount) runs in \(n) shards):")
            say("  \(files.sweep)\n  \(files.merge)\n  \(files.submit)")
            say("Submit with: \(files.submit)")
            return
        }
        let sweep = Sweep(experiment: e, out: dest, threads: threads, shard: shardSpec)
        let progress = Progress(total: sweep.runRange.count, unit: "runs", quiet: quiet, delay: 1)
        let last = Mutex(0)
        sweep.onProgress = { done, _ in last.withLock { $0 = done }; progress.update(done) }
        let outcome: Sweep.Outcome
        do { outcome = try sweep.run(fresh: fresh) } catch { progress.finish(last.withLock { $0 }); throw error }
        progress.finish(outcome.total)
        let what = shardSpec.map { " (shard \($0.index)/\($0.count): runs \(sweep.runRange.lowerBound)..<\(sweep.runRange.upperBound))" } ?? ""
        if outcome.ran == 0 {
            say("Sweep '\(e.name)'\(what) was already complete: \(outcome.total) runs.")
        } else {
            say("Sweep '\(e.name)'\(what): \(outcome.ran) runs" + (outcome.kept > 0 ? " (\(outcome.kept) kept from before)" : "")
                + String(format: " in %.1f s, %.2f runs/s, %d threads", outcome.seconds, Double(outcome.ran) / max(outcome.seconds, 1e-9), threads))
        }
        let files = ["runs.csv"] + (e.timeseriesMetrics == nil ? [] : ["timeseries.csv"])
            + (e.keepInitiatives ? ["initiatives.csv"] : []) + ["experiment.json"]
        say("Results in \(sweep.out)/: \(files.joined(separator: ", "))")
        if shardSpec == nil { say("Next: buurt analyze \(sweep.out)") }
    }

    /// The shard a Slurm array task should run, from the environment.
    func slurmShard() throws -> Sweep.Shard? {
        let env = ProcessInfo.processInfo.environment
        let names = ["SLURM_ARRAY_TASK_ID", "SLURM_ARRAY_TASK_COUNT", "SLURM_ARRAY_TASK_MIN"]
        guard env[names[0]] != nil || env[names[1]] != nil else { return nil }
        var values: [Int] = []
        for (k, name) in names.enumerated() {
            guard let text = env[name] ?? (k == 2 ? "0" : nil) else {
                throw BuurtError.input("\(names[0]) and \(names[1]) must be set together (a Slurm array job sets both)",
                                       key: name, allowed: "both whole numbers, or --shard I/N")
            }
            guard let v = Int(text.trimmingCharacters(in: .whitespaces)), v >= 0 else {
                throw BuurtError.input("'\(text)' is not a whole number", key: name,
                                       allowed: "a whole number set by Slurm, or --shard I/N to choose the shard yourself")
            }
            values.append(v)
        }
        let (id, count, min) = (values[0], values[1], values[2])
        guard id >= min, id - min < count else {
            throw BuurtError.input("task \(id) is outside the array (\(min) to \(min + count - 1))", key: names[0],
                                   allowed: "\(names[2]) <= \(names[0]) < \(names[2]) + \(names[1])")
        }
        return try Sweep.Shard.parse("\(id - min)/\(count)")
    }
}

/// The absolute path of this executable.
func executablePath() -> String {
    if let p = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return p }
    return CommandLine.arguments[0]
}
