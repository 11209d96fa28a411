import ArgumentParser
import BuurtCore
import BuurtModel
import Foundation

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run one simulation (the embedded baseline when no scenario file is given).")

    @Argument(help: "Scenario YAML file (default: the embedded Models/baseline.yaml).")
    var scenario: String?

    @Option(help: "Seed of all random streams (overrides simulation.seed).")
    var seed: String?

    @Option(help: "Weeks to simulate (overrides simulation.ticks).")
    var ticks: String?

    @Option(help: "Worker threads (results are identical for any number).")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(name: .customLong("set"), help: "Override a lever, e.g. --set funding.grant_size=5000 (repeatable).")
    var sets: [String] = []

    @Option(help: "Output folder (default: Results/<scenario name>).")
    var out: String?

    @Flag(help: "Also write initiatives.csv: one row per initiative, for survival analysis.")
    var initiatives = false

    @Option(help: "Write the tie network every N ticks: network_edges.csv, network_nodes.csv and network/tick-T.graphml.")
    var networkEvery: Int?

    @Flag(help: "No progress line.")
    var quiet = false

    func validate() throws {
        guard threads >= 1, threads <= 1024 else {
            throw ValidationError("--threads must be from 1 to 1024, got \(threads)")
        }
        if let n = networkEvery, n < 1 { throw ValidationError("--network-every must be 1 or more, got \(n)") }
    }

    func run() throws {
        if let out { _ = try OutputFolder.resolve(out) }   // before any work
        var s = try scenario.map { try Scenario.load(path: $0) } ?? Scenario.baseline()
        try s.apply(sets: sets)
        if let seed { try s.values.set(Lever.seed.spec.name, text: seed) }
        if let ticks { try s.values.set(Lever.ticks.spec.name, text: ticks) }
        let dest = try out.map { try OutputFolder.resolve($0) } ?? OutputFolder.defaultFolder(name: s.name, file: scenario)
        let lock = try FolderLock(folder: dest, command: "buurt run")
        defer { lock.release() }
        let staged = try StagedDirectory(destination: dest, owner: RunOutput.ownership)
        do {
            let started = Date()
            let sim = Simulation(scenario: s, threads: threads)
            let progress = Progress(total: sim.ticks, unit: "ticks", quiet: quiet)
            let network = try networkEvery.map { try NetworkWriter(staged: staged, every: $0) }
            try network?.snapshot(sim.world)
            try sim.run { tick in
                progress.update(tick)
                try network?.snapshot(sim.world)
            }
            try network?.close()
            progress.finish(sim.tick)
            let ended = Date()
            try staged.write(RunOutput.timeseriesCSV(sim.recorder), to: "timeseries.csv")
            try staged.write(RunOutput.summaryCSV(seed: s.values.int(.seed), sim.recorder), to: "summary.csv")
            if initiatives {
                try staged.write(CSV.row(RunOutput.initiativesHeader) + RunOutput.initiativesRows(runID: 0, world: sim.world),
                                 to: "initiatives.csv")
            }
            try staged.write(RunOutput.runJSON(scenario: s, threads: threads, started: started, ended: ended), to: "run.json")
            try staged.commit()
            let last = sim.recorder.last
            func v(_ m: Metric) -> String { RunOutput.format(last[m.rawValue], metric: m.rawValue) }
            say("Ran '\(s.name)': \(s.values.int(.residents)) residents, \(sim.tick) weeks, seed \(s.values.int(.seed)), "
                + String(format: "%.2f s", ended.timeIntervalSince(started)))
            say("  self-sustaining initiatives \(v(.selfSustainingInitiatives)), active \(v(.activeInitiatives)), "
                + "stranded so far \(v(.strandedTotal)); trust in institutions \(v(.meanTrustInstitutions)); "
                + "active intermediaries \(v(.activeIntermediaries))")
            let extra = (initiatives ? ", initiatives.csv" : "") + (networkEvery != nil ? ", network_edges.csv, network_nodes.csv, network/" : "")
            say("Results in \(staged.destination)/: timeseries.csv, summary.csv, run.json" + extra)
        } catch {
            staged.discard()
            throw error
        }
    }
}
