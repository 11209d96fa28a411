import ArgumentParser
import BuurtCore

struct PlotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "plot", abstract: "Charts (SVG) of an experiment.")
    func run() throws { throw BuurtError.runtime("buurt plot is being written") }
}
