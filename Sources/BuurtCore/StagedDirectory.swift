import Foundation
import CSupport

/// A new output folder assembled beside its destination and put in place in one step.
///
/// Files are written into a hidden staging folder next to the destination (`.NAME.staging-PID`).
/// `commit()` then atomically exchanges the staging folder with an existing destination (Linux
/// `renameat2`) or renames it into place, so a destination is either all old or all new, never a
/// mixture. Without `commit()` (an error, Ctrl-C) `discard()` removes the staging folder and the
/// old results stay as they were; staging folders left by killed processes are removed by the next
/// command that stages the same destination.
///
/// A destination that holds anything but `owner`'s own earlier output is refused before any work
/// and again at `commit()` (a file added while the work ran), see `OutputFolder.checkReplaceable`.
/// Of the old output only what `owner` wrote is removed. A destination that is a symbolic link to
/// a folder stays a link: the results go into the folder it points to.
public final class StagedDirectory {
    /// The destination as given (normalised), for messages.
    public let destination: String
    /// The staging folder.
    public let path: String
    /// Where the results go: the destination, or the folder a symbolic link there points to.
    public let target: String
    private let owner: OutputFolder.Ownership

    public init(destination: String, owner: OutputFolder.Ownership) throws {
        let dest = try OutputFolder.resolve(destination)
        self.destination = dest
        self.owner = owner
        var st = stat()
        if lstat(dest, &st) == 0, (st.st_mode & S_IFMT) == S_IFLNK {
            guard let r = realpath(dest, nil) else {
                throw BuurtError.input("is a symbolic link to a folder that does not exist", file: dest, key: "--out",
                                       allowed: "a link to an existing folder, or a folder path")
            }
            target = String(cString: r)
            free(r)
        } else {
            target = dest
        }
        try OutputFolder.checkReplaceable(target, by: owner, shownAs: dest)
        let (parentPath, name) = OutputFolder.split(target)
        try FileOps.makeDirectory(parentPath)
        FileOps.removeLeftovers(in: parentPath, prefix: ".\(name).staging-")
        path = parentPath + "/.\(name).staging-\(getpid())"
        try? FileManager.default.removeItem(atPath: path)
        if mkdir(path, 0o755) != 0 {
            throw BuurtError.runtime("cannot create the output folder beside '\(dest)': \(FileOps.plain(errno))", file: dest)
        }
    }

    public func file(_ name: String) -> String { path + "/" + name }

    /// Writes a whole file of the new output; a failure names the file in the destination.
    public func write(_ text: String, to name: String) throws {
        do {
            let f = try OutputFile(creating: file(name))
            try f.write(text)
            try f.close(sync: false)
        } catch let e as BuurtError {
            throw BuurtError.runtime(e.message.replacingOccurrences(of: file(name), with: destination + "/" + name),
                                     file: destination)
        }
    }

    /// Opens a file of the new output for streaming.
    public func create(_ name: String) throws -> OutputFile {
        try OutputFile(creating: file(name))
    }

    /// Puts the results in place. The destination is checked again first: a file added to it while
    /// the work ran is refused (exit 2, naming it), never deleted. After the exchange only what
    /// `owner` wrote is removed from the old folder; anything else (added in the instant between the
    /// check and the exchange) is kept in `.NAME.kept-PID` beside it, with a note on stderr.
    public func commit() throws {
        try OutputFolder.checkReplaceable(target, by: owner, shownAs: destination)
        var st = stat()
        if lstat(target, &st) == 0 {
            if buurt_exchange_paths(path, target) != 0 {
                throw BuurtError.runtime("cannot put the results in place: \(FileOps.plain(errno))", file: destination)
            }
            // `path` now holds the old results.
            if !owner.removeOwned(in: path) {
                let (parent, name) = OutputFolder.split(target)
                let kept = parent + "/.\(name).kept-\(getpid())"
                if rename(path, kept) == 0 {
                    Console.err("note: files added to \(destination) while the results were written were kept in \(kept)\n")
                }
            }
        } else if rename(path, target) != 0 {
            throw BuurtError.runtime("cannot put the results in place: \(FileOps.plain(errno))", file: destination)
        }
    }

    public func discard() { try? FileManager.default.removeItem(atPath: path) }
}
