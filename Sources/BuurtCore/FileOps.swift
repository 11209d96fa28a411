import Foundation
import CSupport

/// File operations that never leave finished work half-written.
public enum FileOps {
    /// Writes `data` to `path` through a temporary file, fsync and rename: a reader (or a crash)
    /// sees either the old file or the whole new one.
    public static func writeAtomically(_ data: Data, to path: String) throws {
        let tmp = path + ".tmp-\(getpid())"
        guard FileManager.default.createFile(atPath: tmp, contents: nil) else {
            throw BuurtError.runtime("cannot write '\(tmp)': \(String(cString: strerror(errno)))", file: path)
        }
        do {
            let h = try FileHandle(forWritingTo: URL(fileURLWithPath: tmp))
            try h.write(contentsOf: data)
            try h.synchronize()
            try h.close()
        } catch {
            try? FileManager.default.removeItem(atPath: tmp)
            throw BuurtError.runtime("cannot write '\(path)': \(error.localizedDescription)", file: path)
        }
        if rename(tmp, path) != 0 {
            let e = String(cString: strerror(errno))
            try? FileManager.default.removeItem(atPath: tmp)
            throw BuurtError.runtime("cannot move the new file into place: \(e)", file: path)
        }
    }

    public static func writeAtomically(_ text: String, to path: String) throws {
        try writeAtomically(Data(text.utf8), to: path)
    }

    /// Makes a folder (and parents), or says plainly why it cannot.
    public static func makeDirectory(_ path: String) throws {
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDir) {
            if !isDir.boolValue { throw BuurtError.input("exists and is not a folder", file: path) }
            guard FileManager.default.isWritableFile(atPath: path) else {
                throw BuurtError.input("the output folder is not writable", file: path)
            }
            return
        }
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw BuurtError.input("cannot create the output folder: \(reason(error))", file: path)
        }
    }

    static func reason(_ error: Error) -> String {
        let ns = error as NSError
        if let u = ns.userInfo[NSUnderlyingErrorKey] as? NSError, u.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(u.code)))
        }
        return ns.localizedDescription
    }

    public static func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }
}

/// A new output folder assembled beside its destination and put in place in one step.
///
/// Files are written into a hidden staging folder next to the destination. `commit()` then
/// atomically exchanges the staging folder with an existing destination (Linux `renameat2`) or
/// renames it into place, so a destination is either all old or all new, never a mixture.
/// Without `commit()` (an error, Ctrl-C) `discard()` removes the staging folder and the old
/// results stay as they were.
public final class StagedDirectory {
    public let destination: String
    public let path: String

    public init(destination: String) throws {
        let dest = (destination as NSString).standardizingPath
        self.destination = dest
        let parent = (dest as NSString).deletingLastPathComponent
        let parentPath = parent.isEmpty ? "." : parent
        try FileOps.makeDirectory(parentPath)
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: dest, isDirectory: &isDir), !isDir.boolValue {
            throw BuurtError.input("the output path exists and is not a folder", file: dest)
        }
        let name = (dest as NSString).lastPathComponent
        path = (parentPath as NSString).appendingPathComponent(".\(name).staging-\(getpid())")
        try? FileManager.default.removeItem(atPath: path)
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
        } catch {
            throw BuurtError.input("cannot create the output folder: \(FileOps.reason(error))", file: dest)
        }
    }

    public func file(_ name: String) -> String { (path as NSString).appendingPathComponent(name) }

    public func write(_ text: String, to name: String) throws {
        let target = file(name)
        guard FileManager.default.createFile(atPath: target, contents: Data(text.utf8)) else {
            throw BuurtError.runtime("cannot write '\(name)' (disk full or not writable?)", file: destination)
        }
    }

    public func commit() throws {
        if FileManager.default.fileExists(atPath: destination) {
            if buurt_exchange_paths(path, destination) != 0 {
                throw BuurtError.runtime("cannot put the results in place: \(String(cString: strerror(errno)))",
                                         file: destination)
            }
            try? FileManager.default.removeItem(atPath: path)   // now holds the old results
        } else if rename(path, destination) != 0 {
            throw BuurtError.runtime("cannot put the results in place: \(String(cString: strerror(errno)))",
                                     file: destination)
        }
    }

    public func discard() { try? FileManager.default.removeItem(atPath: path) }
}
