import Foundation
import Synchronization

/// Standard output and standard error, written so that a failed write never crashes the program.
///
/// `FileHandle.write(Data)` traps on a full disk or a closed descriptor, and `print` drops a failed
/// write without a word. Here a failed write of standard output is remembered (later output is
/// skipped) and reported when the command ends (`finish()`): a closed pipe (`buurt params | head`)
/// ends quietly with status 141, the status of a program stopped by SIGPIPE, which is ignored;
/// anything else (a full disk, a closed descriptor) ends with exit 1 and the reason in plain words.
/// Standard error (messages, progress) is written on a best-effort basis: when it cannot be
/// written, there is nowhere to say so, and the exit code still tells.
public enum Console {
    private static let outputFailure = Mutex<Int32?>(nil)

    /// Writes `text` to standard output at once (no buffering, so a pipe sees it immediately).
    public static func out(_ text: String) {
        let failed = outputFailure.withLock { $0 != nil }
        if failed { return }
        let e = writeAll(STDOUT_FILENO, text)
        if e != 0 { outputFailure.withLock { if $0 == nil { $0 = e } } }
    }

    /// Writes `text` to standard error, ignoring a failure.
    public static func err(_ text: String) { _ = writeAll(STDERR_FILENO, text) }

    /// The `errno` of the first failed write of standard output, if any.
    public static var failure: Int32? { outputFailure.withLock { $0 } }

    /// SIGPIPE is ignored, so a closed pipe is a failed write (EPIPE) rather than a kill.
    public static func install() { signal(SIGPIPE, SIG_IGN) }

    /// Ends the process when standard output could not be written: 141 for a closed pipe, 1 with
    /// a message otherwise. Returns when all output was written.
    public static func finish() {
        guard let e = failure else { return }
        if e == EPIPE { exit(141) }
        err("error: cannot write the output (standard output): \(FileOps.plain(e))\n")
        exit(1)
    }

    /// Writes all of `text` to `fd`; 0, or the `errno` of the failure.
    static func writeAll(_ fd: Int32, _ text: String) -> Int32 {
        var bytes = Array(text.utf8)
        if bytes.isEmpty { return 0 }
        return bytes.withUnsafeMutableBytes { raw -> Int32 in
            var p = raw.baseAddress!
            var left = raw.count
            while left > 0 {
                let n = write(fd, p, left)
                if n < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                if n == 0 { return EIO }
                left -= n
                p += n
            }
            return 0
        }
    }
}
