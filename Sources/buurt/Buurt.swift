import ArgumentParser
import BuurtCore
import Foundation

/// The one executable. Every error leaves through `main`, which turns it into a message on
/// stderr and an exit code: 0 success, 1 runtime failure, 2 bad input, 130 interrupted.
@main
struct Buurt: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "buurt",
        abstract: "Agent-based simulation of neighbourhood collaboration: residents, intermediaries, civil servants and funders.",
        version: "0.1.0",
        subcommands: [RunCommand.self, SweepCommand.self, MergeCommand.self, AnalyzeCommand.self,
                      PlotCommand.self, ReportCommand.self, ValidateCommand.self, ServeCommand.self,
                      ParamsCommand.self, CheckCommand.self])

    static func main() {
        Interrupt.install()
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let e as BuurtError {
            fail(e.kind == .interrupted ? "interrupted: \(e.message)" : "error: \(e)", code: e.exitCode)
        } catch let e as ExitCode {
            Foundation.exit(e.rawValue)
        } catch {
            let code = exitCode(for: error)
            if code == .success { exit(withError: error) }
            fail(fullMessage(for: error), code: 2)
        }
    }

    static func fail(_ message: String, code: Int32) -> Never {
        FileHandle.standardError.write(Data((message.hasSuffix("\n") ? message : message + "\n").utf8))
        Foundation.exit(code)
    }
}

/// Writes a line to stdout and flushes (so pipes see it at once).
func say(_ text: String) {
    FileHandle.standardOutput.write(Data((text + "\n").utf8))
}
