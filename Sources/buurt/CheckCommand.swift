import ArgumentParser
import BuurtCore
import BuurtModel
import BuurtExperiments

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate a scenario or experiment file without running it.")

    @Argument(help: "Scenario or experiment YAML file.")
    var file: String

    func run() throws {
        if try ExperimentFile.looksLikeExperiment(path: file) {
            let e = try ExperimentFile.load(path: file)
            say("OK: experiment '\(e.name)': \(e.design.rawValue) design over \(e.factors.count) levers, "
                + "\(e.points.count) design points x \(e.replicates) replicates = \(e.runCount) runs of "
                + "\(e.base.values.int(.ticks)) weeks")
        } else {
            let s = try Scenario.load(path: file)
            say("OK: scenario '\(s.name)': \(s.values.int(.residents)) residents, \(s.values.int(.ticks)) weeks, "
                + "\(s.events.count) scheduled events")
        }
    }
}
