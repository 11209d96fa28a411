import ArgumentParser
import BuurtCore
import BuurtModel

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate a scenario or experiment file without running it.")

    @Argument(help: "Scenario or experiment YAML file.")
    var file: String

    func run() throws {
        let s = try Scenario.load(path: file)
        say("OK: scenario '\(s.name)': \(s.values.int(.residents)) residents, \(s.values.int(.ticks)) weeks, "
            + "\(s.events.count) scheduled events")
    }
}
