import ArgumentParser
import BuurtCore
import BuurtModel
import Foundation

/// The one executable. Every error leaves through `main`, which turns it into a message on
/// stderr and an exit code: 0 success, 1 runtime failure, 2 bad input, 130 interrupted.
@main
struct Buurt: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "buurt",
        abstract: "Agent-based simulation of neighbourhood collaboration: residents, intermediaries, civil servants and funders.",
        version: BuurtVersion.current,
        subcommands: [RunCommand.self, SweepCommand.self, MergeCommand.self, AnalyzeCommand.self,
                      PlotCommand.self, ReportCommand.self, ValidateCommand.self, ServeCommand.self,
                      ParamsCommand.self, CheckCommand.self])

    static func main() {
        Interrupt.install()
        Console.install()
        let args = Array(CommandLine.arguments.dropFirst())
        if args.first == "help", args.count > 1, let unknown = args.dropFirst().first(where: { name in
            !configuration.subcommands.contains { $0.configuration.commandName == name } }) {
            fail("error: 'help \(unknown)': no such command (commands: "
                 + configuration.subcommands.compactMap { $0.configuration.commandName }.joined(separator: ", ") + ")", code: 2)
        }
        do {
            try World.checkMeetEnvironment()
            var command = try parseAsRoot()
            try command.run()
            Console.finish()
        } catch let e as BuurtError {
            fail(e.kind == .interrupted ? (e.message == "interrupted" ? "interrupted" : "interrupted: \(e.message)") : "error: \(e)",
                 code: e.exitCode)
        } catch let e as ExitCode {
            Console.finish()
            Foundation.exit(e.rawValue)
        } catch let e as NSError where e.domain == NSCocoaErrorDomain || e.domain == NSPOSIXErrorDomain {
            // A file operation failed while running: exit 1, the path and the reason in plain words.
            let path = (e.userInfo[NSFilePathErrorKey] as? String) ?? (e.userInfo[NSURLErrorKey] as? URL)?.path
            fail("error: \(path.map { "\($0): " } ?? "")\(FileOps.reason(e))", code: 1)
        } catch {
            let code = exitCode(for: error)
            if code == .success { exit(withError: error) }
            fail(fullMessage(for: error), code: 2)
        }
    }

    static func fail(_ message: String, code: Int32) -> Never {
        Console.err(message.hasSuffix("\n") ? message : message + "\n")
        Foundation.exit(code)
    }
}

/// Writes a line to stdout at once (so pipes see it); a failed write is reported when the command
/// ends (`Console.finish`), never a crash.
func say(_ text: String) {
    Console.out(text + "\n")
}
