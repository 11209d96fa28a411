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
/// (see `OutputFolder.checkReplaceable`).
public final class StagedDirectory {
    public let destination: String
    public let path: String

    public init(destination: String, owner: OutputFolder.Ownership) throws {
        let dest = try OutputFolder.resolve(destination)
        self.destination = dest
        try OutputFolder.checkReplaceable(dest, by: owner)
        let (parentPath, name) = OutputFolder.split(dest)
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

    public func commit() throws {
        if FileManager.default.fileExists(atPath: destination) {
            if buurt_exchange_paths(path, destination) != 0 {
                throw BuurtError.runtime("cannot put the results in place: \(FileOps.plain(errno))", file: destination)
            }
            try? FileManager.default.removeItem(atPath: path)   // now holds the old results
        } else if rename(path, destination) != 0 {
            throw BuurtError.runtime("cannot put the results in place: \(FileOps.plain(errno))", file: destination)
        }
    }

    public func discard() { try? FileManager.default.removeItem(atPath: path) }
}
