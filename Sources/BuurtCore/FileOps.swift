import Foundation
import CSupport

/// File operations that never leave finished work half-written, and that say in plain words which
/// path failed and why.
public enum FileOps {
    /// Writes `data` to `path` through a temporary file, fsync and rename: a reader (or a crash)
    /// sees either the old file or the whole new one.
    public static func writeAtomically(_ data: Data, to path: String) throws {
        let tmp = temporaryName(for: path)
        removeLeftovers(in: PathText.parent(path), prefix: PathText.name(path) + ".tmp-")   // of killed writers
        do {
            let f = try OutputFile(creating: tmp)
            try f.write(data)
            try f.close()
        } catch {
            unlink(tmp)
            throw error
        }
        if rename(tmp, path) != 0 {
            let e = errno
            unlink(tmp)
            throw BuurtError.runtime("cannot move the new file into place: \(plain(e))", file: path)
        }
    }

    public static func writeAtomically(_ text: String, to path: String) throws {
        try writeAtomically(Data(text.utf8), to: path)
    }

    /// The temporary file a process writes before renaming it to `path`: `path.tmp-PID`.
    public static func temporaryName(for path: String) -> String { path + ".tmp-\(getpid())" }

    /// Makes a folder (and parents), or says plainly why it cannot (exit 1: a failure to write).
    public static func makeDirectory(_ path: String) throws {
        var st = stat()
        if stat(path, &st) == 0 {
            if (st.st_mode & S_IFMT) != S_IFDIR { throw BuurtError.input("exists and is not a folder", file: path) }
            return
        }
        let parent = OutputFolder.split(path).parent
        if parent != path, parent != ".", parent != "/", stat(parent, &st) != 0 { try makeDirectory(parent) }
        if mkdir(path, 0o755) != 0, errno != EEXIST {
            throw BuurtError.runtime("cannot create the folder: \(plain(errno))", file: path)
        }
    }

    /// The `errno` text, e.g. 'No space left on device'.
    public static func plain(_ code: Int32) -> String { String(cString: strerror(code)) }

    /// A failed write of `path` (exit 1).
    public static func writeFailure(_ path: String, _ code: Int32) -> BuurtError {
        BuurtError.runtime("cannot write '\(path)': \(plain(code))", file: path)
    }

    /// Plain words for a Foundation file error: the POSIX reason where there is one.
    public static func reason(_ error: Error) -> String {
        let ns = error as NSError
        if ns.domain == NSPOSIXErrorDomain { return plain(Int32(ns.code)) }
        if let u = ns.userInfo[NSUnderlyingErrorKey] as? NSError, u.domain == NSPOSIXErrorDomain {
            return plain(Int32(u.code))
        }
        if ns.domain == NSCocoaErrorDomain {
            switch ns.code {
            case NSFileWriteOutOfSpaceError: return plain(ENOSPC)
            case NSFileWriteVolumeReadOnlyError: return plain(EROFS)
            case NSFileWriteNoPermissionError, NSFileReadNoPermissionError: return plain(EACCES)
            case NSFileNoSuchFileError, NSFileReadNoSuchFileError: return plain(ENOENT)
            default: break
            }
        }
        return ns.localizedDescription
    }

    public static func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }

    /// Reads a whole input file of at most `limit` bytes, refusing (exit 2) what is missing, a
    /// folder, not a regular file (a pipe, a device), larger than the limit (checked before
    /// reading, and no more than the limit is ever read) or unreadable.
    public static func readInput(_ path: String, limit: Int, what: String = "file") throws -> Data {
        var st = stat()
        guard stat(path, &st) == 0 else {
            throw BuurtError.input(errno == ENOENT ? BuurtError.Reason.noSuchFile : .unreadable(what: what, system: plain(errno)), file: path)
        }
        switch st.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: throw BuurtError.input(.isFolder(what: what), file: path)
        default: throw BuurtError.input(.notRegularFile(what: what), file: path)
        }
        guard Int(st.st_size) <= limit else {
            throw BuurtError.input(.tooLarge(what: what, bytes: Int(st.st_size), limit: limit), file: path)
        }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw BuurtError.input(.unreadable(what: what, system: plain(errno)), file: path) }
        defer { close(fd) }
        var data = Data(count: limit + 1)
        var total = 0
        try data.withUnsafeMutableBytes { (raw: UnsafeMutableRawBufferPointer) in
            while total <= limit {
                let n = read(fd, raw.baseAddress! + total, limit + 1 - total)
                if n < 0 { if errno == EINTR { continue }; throw BuurtError.input(.unreadable(what: what, system: plain(errno)), file: path) }
                if n == 0 { break }
                total += n
            }
        }
        guard total <= limit else {
            throw BuurtError.input(.tooLarge(what: what, bytes: nil, limit: limit), file: path)
        }
        data.count = total
        return data
    }

    /// Refuses (exit 2, naming the path) an input that exists and is not a regular file: a folder,
    /// a pipe (reading it would block for ever) or a device. An absent path is left to the caller.
    public static func checkRegularFile(_ path: String, what: String = "file") throws {
        var st = stat()
        guard stat(path, &st) == 0 else { return }
        switch st.st_mode & S_IFMT {
        case S_IFREG: return
        case S_IFDIR: throw BuurtError.input(.isFolder(what: what), file: path)
        default: throw BuurtError.input(.notRegularFile(what: what), file: path)
        }
    }

    /// `checkRegularFile` for each of `names` in `folder` that exists.
    public static func checkRegularFiles(in folder: String, _ names: [String]) throws {
        for name in names { try checkRegularFile(folder + "/" + name) }
    }

    /// Whether a process with this id is alive (a leftover of a dead one may be cleaned up).
    public static func processAlive(_ pid: Int32) -> Bool {
        pid > 0 && (kill(pid, 0) == 0 || errno == EPERM)
    }

    /// Removes the leftovers of dead processes in `folder` whose names are `prefix` + PID
    /// (staging folders, temporary files); those of live processes are left alone.
    public static func removeLeftovers(in folder: String, prefix: String) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        for name in names where name.hasPrefix(prefix) {
            guard let pid = Int32(name.dropFirst(prefix.count)), pid != getpid(), !processAlive(pid) else { continue }
            try? FileManager.default.removeItem(atPath: folder + "/" + name)
        }
    }
}
