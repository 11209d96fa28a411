import BuurtCore
import BuurtModel
import Foundation

// Benchmark: resident-steps per second and peak memory per resident for one scenario and thread
// count. Reports figures, never passes or fails. Run each configuration in its own process (peak
// memory is per process): `scripts/bench` does the whole matrix.
//
//   buurt-bench [baseline|city|FILE.yaml] [--threads N] [--ticks N]

var args = Array(CommandLine.arguments.dropFirst())
@MainActor func option(_ name: String) -> String? {
    guard let i = args.firstIndex(of: name), i + 1 < args.count else { return nil }
    let v = args[i + 1]
    args.removeSubrange(i...(i + 1))
    return v
}
let threads = Int(option("--threads") ?? "1") ?? 1
let ticksOverride = option("--ticks").flatMap(Int.init)
let which = args.first ?? "baseline"
do {
    try World.checkMeetEnvironment()
    var scenario: Scenario
    switch which {
    case "baseline": scenario = Scenario.baseline()
    case "city": scenario = try Scenario.load(path: "Models/city.yaml")
    default: scenario = try Scenario.load(path: which)
    }
    if let t = ticksOverride { scenario.values[.ticks] = Double(t) }
    let setupStart = Date()
    let sim = Simulation(scenario: scenario, threads: threads, keepRows: false)
    sim.profile = args.contains("--profile")
    let runStart = Date()
    try sim.run()
    let end = Date()
    let residents = scenario.values.int(.residents)
    let seconds = end.timeIntervalSince(runStart)
    let steps = Double(residents) * Double(sim.tick)
    let peak = Double(ProcessStats.peakMemoryBytes)
    let line = String(format: "%@ residents=%d ticks=%d threads=%d setup=%.2fs run=%.2fs resident-steps/s=%.3gM peak=%.0fMiB bytes/resident=%.0f state-bytes/resident=%.0f",
                      scenario.name, residents, sim.tick, threads, runStart.timeIntervalSince(setupStart), seconds,
                      steps / seconds / 1e6, peak / 1_048_576, peak / Double(residents), sim.world.bytesPerResident)
    // Which encounter pass ran: AVX-512 or AVX2 lanes, or the Swift loop (`BUURT_MEET=scalar`, or neither).
    print(line + " meet=" + World.meetKernelName(sim.world.meetLanes))
    if sim.profile {
        for (k, name) in Simulation.processNames.enumerated() {
            print(String(format: "  %-20@ %6.2f s  %5.1f%%", name, sim.processSeconds[k], 100 * sim.processSeconds[k] / seconds))
        }
    }
} catch {
    FileHandle.standardError.write(Data("buurt-bench: \(error)\n".utf8))
    exit(2)
}
