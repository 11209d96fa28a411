import ArgumentParser
import BuurtCore
import BuurtExperiments

struct AnalyzeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Per-design-point means with 95% confidence intervals, and sensitivity indices for saltelli and morris designs.")

    @Argument(help: "A finished sweep folder.")
    var dir: String

    func run() throws {
        let lock = try FolderLock(folder: dir, command: "buurt analyze", flag: "DIR")
        defer { lock.release() }
        try Sweep.checkResultFiles(dir: dir)
        let r = try Analysis.analyze(dir: dir)
        say("Analysed \(r.points) design points x \(r.outcomes) outcomes: \(dir)/points.csv"
            + (r.sensitivity ? ", \(dir)/sensitivity.csv" : ""))
    }
}
