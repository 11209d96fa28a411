import ArgumentParser
import BuurtCore
import BuurtExperiments

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check the stylized facts SF1-SF\(Validation.factCount) on finished validation sweeps (Experiments/validation/).",
        discussion: "Each fact holds, does not hold, or cannot be tested on the sweep given (too few usable replicates, no spread to measure the noise by, an undefined ratio in every run). Exit 0 when every fact given holds, 1 when one does not hold, else 2 when one cannot be tested (the sweep cannot answer it, as with other bad input); a sweep without common random numbers is refused (exit 2).")

    @Argument(help: "Finished sweep folders of Experiments/validation/sfN-*.yaml.")
    var dirs: [String]

    @Option(help: "Output format: text or markdown (the table of docs/VALIDATION.md: a row per fact).")
    var format: String = "text"

    func run() throws {
        guard ["text", "markdown"].contains(format) else {
            throw BuurtError.input("unknown format '\(format)'", key: "--format", allowed: "text, markdown")
        }
        var failed = 0, untestable = 0
        if format == "markdown" {
            say("| fact | claim | source | experiment | test | measured | result |")
            say("|---|---|---|---|---|---|---|")
        }
        for dir in dirs {
            try Sweep.checkResultFiles(dir: dir)
            let r = try Validation.check(dir: dir)
            if r.verdict == .doesNotHold { failed += 1 }
            if r.verdict == .untestable { untestable += 1 }
            let why = r.untestable.joined(separator: "; ")
            if format == "markdown" {
                let file = PathText.name(r.experiment).isEmpty ? "" : "`Experiments/validation/\(PathText.name(r.experiment))`"
                say("| \(r.id) | \(r.claim) | \(r.source) | \(file) | \(r.test) | \(r.figures) | **\(r.verdict.rawValue)**\(why.isEmpty ? "" : ": " + why) |")
            } else {
                say("\(r.id) \(r.verdict.rawValue.uppercased()): \(r.claim)\n  test: \(r.test)\n  measured: \(r.figures)" + (why.isEmpty ? "" : "\n  cannot be tested: \(why)"))
            }
        }
        if failed > 0 { throw ExitCode(1) }
        if untestable > 0 { throw ExitCode(2) }
    }
}
