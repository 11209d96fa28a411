import ArgumentParser
import BuurtCore
import BuurtExperiments

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check the stylized facts SF1-SF\(Validation.factCount) on finished validation sweeps (Experiments/validation/).",
        discussion: "Exit 0 when every fact given holds, 1 when one does not.")

    @Argument(help: "Finished sweep folders of Experiments/validation/sfN-*.yaml.")
    var dirs: [String]

    @Option(help: "Output format: text or markdown (the table of docs/VALIDATION.md: a row per fact).")
    var format: String = "text"

    func run() throws {
        guard ["text", "markdown"].contains(format) else {
            throw BuurtError.input("unknown format '\(format)'", key: "--format", allowed: "text, markdown")
        }
        var failed = 0
        if format == "markdown" {
            say("| fact | claim | source | experiment | test | measured | result |")
            say("|---|---|---|---|---|---|---|")
        }
        for dir in dirs {
            try Sweep.checkResultFiles(dir: dir)
            let r = try Validation.check(dir: dir)
            if !r.passed { failed += 1 }
            if format == "markdown" {
                let file = PathText.name(r.experiment).isEmpty ? "" : "`Experiments/validation/\(PathText.name(r.experiment))`"
                say("| \(r.id) | \(r.claim) | \(r.source) | \(file) | \(r.test) | \(r.figures) | **\(r.passed ? "holds" : "does not hold")** |")
            } else {
                say("\(r.id) \(r.passed ? "HOLDS" : "DOES NOT HOLD"): \(r.claim)\n  test: \(r.test)\n  measured: \(r.figures)")
            }
        }
        if failed > 0 { throw ExitCode(1) }
    }
}
