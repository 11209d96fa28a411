import Foundation
import Synchronization

/// A progress line on stderr for work longer than a couple of seconds: done of total, rate,
/// elapsed and ETA. Redrawn in place on a terminal; plain periodic lines otherwise (logs).
/// Sendable: a sweep's workers report to one line (what changes is behind a lock).
public final class Progress: Sendable {
    private let total: Int
    private let unit: String
    private let start = Date()
    private struct Drawn { var last = Date.distantPast; var shown = false }
    private let drawn = Mutex(Drawn())
    private let isTerminal = isatty(STDERR_FILENO) != 0
    private let quiet: Bool
    /// Seconds before anything is shown; seconds between plain lines when not on a terminal.
    public let delay: Double
    public let plainInterval: Double

    public init(total: Int, unit: String, quiet: Bool = false, delay: Double = 2, plainInterval: Double = 10) {
        self.total = total; self.unit = unit; self.quiet = quiet; self.delay = delay; self.plainInterval = plainInterval
    }

    public func update(_ done: Int, force: Bool = false) {
        if quiet { return }
        let now = Date()
        let elapsed = now.timeIntervalSince(start)
        let interval = isTerminal ? 0.2 : plainInterval
        let draw = drawn.withLock { d -> Bool in
            guard elapsed >= delay || (force && d.shown) else { return false }
            guard force || now.timeIntervalSince(d.last) >= interval else { return false }
            d.last = now
            d.shown = true
            return true
        }
        guard draw else { return }
        let rate = elapsed > 0 ? Double(done) / elapsed : 0
        let eta = rate > 0 ? Double(total - done) / rate : 0
        var line = "\(done)/\(total) \(unit)"
        if isTerminal {
            let width = 24, filled = total > 0 ? min(width, width * done / total) : 0
            line = "[" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + "] " + line
        }
        line += String(format: "  %.1f %@/s  elapsed %@  ETA %@", rate, unit, Progress.clock(elapsed), Progress.clock(eta))
        if isTerminal {
            Console.err("\r" + line + "\u{1B}[K")
        } else {
            Console.err(line + "\n")
        }
    }

    public func finish(_ done: Int) {
        guard drawn.withLock({ $0.shown }) else { return }
        update(done, force: true)
        if isTerminal { Console.err("\n") }
    }

    public static func clock(_ s: Double) -> String {
        let t = Int(s.rounded())
        return t >= 3600 ? String(format: "%d:%02d:%02d", t / 3600, t / 60 % 60, t % 60)
                         : String(format: "%d:%02d", t / 60, t % 60)
    }
}
