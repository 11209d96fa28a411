import ArgumentParser
import BuurtCore
import BuurtServer
import Dispatch
import Foundation
import Synchronization

struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "The live workshop page: run, steer and fork a simulation in a browser.",
        discussion: """
            Serves one self-contained page (nothing is fetched from the internet). The host controls the
            run through the link with the token; everyone else who opens the page watches live.
            """)

    @Option(help: "Address to listen on: 127.0.0.1 (this machine only) or 0.0.0.0 (anyone on the network can watch).")
    var host = "127.0.0.1"

    @Option(help: "TCP port (0 picks a free one).")
    var port = 8080

    @Option(name: .customLong("models"), help: "Folder of scenario files offered on the page (default: Models, when it exists).")
    var modelsOption: String?

    @Option(help: "The host's secret (letters, digits, '-' and '_'; at least 8). Default: a fresh random one.")
    var token: String?

    @Option(help: "Worker threads for each branch's simulation (results are identical for any number).")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "Weeks per second when the page opens (0 = as fast as possible).")
    var speed: Double = 10

    @Option(help: "Language of the page: nl (Dutch) or en (English). Default: each browser's own language (Dutch if neither). Every page can switch with its NL/EN button.")
    var lang: String?

    @Flag(name: .customLong("no-voting"), help: "Start with audience proposals and votes off (the host can turn them on).")
    var noVoting = false

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be from 0 to 65535, got \(port)") }
        guard threads >= 1, threads <= 1024 else { throw ValidationError("--threads must be from 1 to 1024, got \(threads)") }
        guard speed >= 0, speed <= 1000 else { throw ValidationError("--speed must be from 0 to 1000 weeks per second") }
        guard !host.isEmpty, host.allSatisfy({ $0.isLetter || $0.isNumber || ".:-".contains($0) }) else {
            throw ValidationError("--host must be an address such as 127.0.0.1 or 0.0.0.0, got '\(host)'")
        }
        if let lang, lang != "nl", lang != "en" {
            throw ValidationError("--lang must be nl or en, got '\(lang)'")
        }
        if let token {
            guard token.count >= 8, token.count <= 128,
                  token.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else {
                throw ValidationError("--token must be 8 to 128 letters, digits, '-' or '_'")
            }
        }
    }

    func run() throws {
        var isDir: ObjCBool = false
        let models = modelsOption ?? "Models"
        if !FileManager.default.fileExists(atPath: models, isDirectory: &isDir) || !isDir.boolValue {
            // A folder the user named must be there; the default may be absent (run from elsewhere).
            if modelsOption != nil {
                throw BuurtError.input(FileOps.exists(models) ? "is not a folder" : "no such folder", file: models, key: "--models",
                                       allowed: "a folder of scenario YAML files, e.g. Models")
            }
            Console.err("note: models folder '\(models)' not found; only the embedded baseline is offered\n")
        }
        let config = ServeConfiguration(host: host, port: port, modelsFolder: models,
                                        token: token ?? ServeConfiguration.randomToken(),
                                        threads: threads, initialSpeed: speed, language: lang, voting: !noVoting)
        let session = LiveSession(configuration: config)
        let host = self.host
        let app = LiveServer.application(session: session) { bound in
            ServeCommand.announce(host: host, port: bound, token: config.token)
        }
        let done = DispatchSemaphore(value: 0)
        let failure = ErrorBox()
        let server = Task {
            await session.start()
            do { try await app.run() } catch { failure.error.withLock { $0 = error } }
            await session.stop()
            done.signal()
        }
        // Ctrl-C (or SIGTERM) sets the interrupt flag; stop the server when it does.
        let watcher = Task {
            while !Interrupt.requested && !Task.isCancelled { try? await Task.sleep(nanoseconds: 100_000_000) }
            if Interrupt.requested { server.cancel() }
        }
        done.wait()
        watcher.cancel()
        if Interrupt.requested { throw BuurtError(.interrupted, "server stopped") }
        if let error = failure.error.withLock({ $0 }) {
            throw BuurtError.runtime("could not serve on \(host):\(port): \(error)")
        }
    }

    /// The start-up lines: where the page is, the host's link, and a plain warning when the whole
    /// network can reach it.
    static func announce(host: String, port: Int, token: String) {
        let shown = host == "0.0.0.0" || host == "::" ? "127.0.0.1" : host
        say("Buurt live workshop page on http://\(shown):\(port)/")
        say("  host (keep private; it controls the run): http://\(shown):\(port)/?token=\(token)")
        say("  viewers (watch only):                     http://\(shown):\(port)/")
        if host == "0.0.0.0" || host == "::" {
            say("WARNING: listening on every network interface (\(host)). Anyone on this network can open the page")
            say("         and watch the run; only someone with the token can change it. Addresses here:")
            let addresses = NetworkAddresses.local()
            for address in addresses { say("           viewers: http://\(address):\(port)/") }
            if let first = addresses.first {
                let link = "http://\(first):\(port)/?token=\(token)"
                say("  host from a second device (keep private): \(link)")
                if let qr = QRCode.matrix(for: link) {
                    say("  or point its camera here (the host link; keep it off the projector):")
                    say(QRCode.terminal(qr))
                }
            }
        } else {
            say("  (only this machine can reach it; use --host 0.0.0.0 to let the room's phones watch)")
        }
        say("Press Ctrl-C to stop.")
    }
}

/// An error carried out of the server task.
final class ErrorBox: Sendable {
    let error = Mutex<(any Error)?>(nil)
}
