import ArgumentParser
import BuurtCore

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "report", abstract: "A self-contained HTML report of an experiment.")
    func run() throws { throw BuurtError.runtime("buurt report is being written") }
}
