import Foundation

/// An advisory lock (`flock`) on an output folder, so two commands never write one folder at once.
///
/// The lock file stands beside the folder (`.NAME.lock`, since the folder itself may be swapped
/// out whole) and holds the holder's process id and command. It is keyed on the folder's real
/// place (symbolic links resolved, `OutputFolder.real`), so two names of one folder share one lock.
/// A second command is refused with exit 2 and told which process holds it. The kernel releases the
/// lock when its holder dies, even by `kill -9`, so a stale lock file of a dead process is simply
/// taken over. The file is removed on release while still locked, and a taker checks that the file
/// it locked is still the one at the path, so removal can never let two holders in.
///
/// The lock file is Buurt's own: it is created whole under a temporary name and linked into place
/// (never through a symbolic link, never over an existing file), so it always holds its note. A
/// file of that name that is not a Buurt lock (a user's file, a link, a pipe) is refused with exit
/// 2, never truncated, followed or removed.
public final class FolderLock {
    public let folder: String
    public let path: String
    private var fd: Int32 = -1

    public init(folder: String, command: String, flag: String = "--out") throws {
        let (parent, name) = OutputFolder.split(OutputFolder.real(folder))
        self.folder = folder
        path = parent + "/." + name + ".lock"
        try FileOps.makeDirectory(parent)
        FileOps.removeLeftovers(in: parent, prefix: "." + name + ".lock.tmp-")
        let note = "pid \(getpid()), \(command)\n"
        for _ in 0..<20 {
            if let d = try create(note: note, folder: folder, parent: parent) { fd = d; return }
            let d = open(path, O_RDWR | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
            if d < 0 {
                let e = errno
                if e == ENOENT { continue }   // released in between: create it anew
                if e == ELOOP { throw notALock(folder: folder, flag: flag, what: "is a symbolic link") }
                throw BuurtError.runtime("cannot open the lock file '\(path)': \(FileOps.plain(e))", file: folder)
            }
            var st = stat()
            guard fstat(d, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else {
                close(d)
                throw notALock(folder: folder, flag: flag, what: "is not a regular file")
            }
            let text = FolderLock.note(d)
            guard FolderLock.isLockNote(text) else {
                close(d)
                throw notALock(folder: folder, flag: flag, what: "is a file Buurt did not write")
            }
            if flock(d, LOCK_EX | LOCK_NB) != 0 {
                let e = errno
                close(d)
                guard e == EWOULDBLOCK else {
                    throw BuurtError.runtime("cannot lock '\(path)': \(FileOps.plain(e))", file: folder)
                }
                throw held(by: text, folder: folder, flag: flag)
            }
            // A stale lock of a dead process: still the file at the path? Then it is ours.
            if isAtPath(d) {
                fd = d
                _ = note.withCString { pwrite(d, $0, strlen($0), 0) }   // the note first, so it is never empty
                _ = ftruncate(d, off_t(note.utf8.count))
                return
            }
            close(d)
        }
        throw BuurtError.runtime("cannot take the lock '\(path)': it keeps changing", file: folder)
    }

    /// Creates the lock file whole (note written, locked) under a temporary name and links it into
    /// place; nil when a lock file is already there.
    private func create(note: String, folder: String, parent: String) throws -> Int32? {
        let tmp = path + ".tmp-\(getpid())"
        unlink(tmp)
        let d = open(tmp, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard d >= 0 else {
            throw BuurtError.runtime("cannot write in '\(parent)': \(FileOps.plain(errno)) (creating the lock file of the output folder)", file: folder)
        }
        defer { unlink(tmp) }
        let written = note.withCString { pwrite(d, $0, strlen($0), 0) }
        guard written == note.utf8.count, flock(d, LOCK_EX | LOCK_NB) == 0 else {
            let e = errno
            close(d)
            throw BuurtError.runtime("cannot write in '\(parent)': \(FileOps.plain(e)) (creating the lock file of the output folder)", file: folder)
        }
        if link(tmp, path) == 0 { return d }
        let e = errno
        close(d)
        if e == EEXIST { return nil }
        throw BuurtError.runtime("cannot write in '\(parent)': \(FileOps.plain(e)) (creating the lock file of the output folder)", file: folder)
    }

    private func isAtPath(_ d: Int32) -> Bool {
        var mine = stat(), there = stat()
        return fstat(d, &mine) == 0 && lstat(path, &there) == 0 && mine.st_ino == there.st_ino && mine.st_dev == there.st_dev
    }

    private func notALock(folder: String, flag: String, what: String) -> BuurtError {
        BuurtError.input("the lock file '\(path)' beside the output folder \(what), not a Buurt lock; Buurt neither "
                         + "replaces nor removes it", file: folder, key: flag,
                         allowed: "move '\(path)' away, or choose another folder")
    }

    private func held(by text: String, folder: String, flag: String) -> BuurtError {
        let holder = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return BuurtError.input("another buurt command is writing this folder (\(holder.isEmpty ? "another process" : holder)); "
                                + "wait for it to finish, or stop it",
                                file: folder, key: flag, allowed: "another folder, or the same one once it is free")
    }

    /// The first 256 bytes of the lock file.
    static func note(_ d: Int32) -> String {
        var text = [UInt8](repeating: 0, count: 256)
        let n = pread(d, &text, 255, 0)
        return n > 0 ? String(decoding: text[0..<n], as: UTF8.self) : ""
    }

    /// What a Buurt lock file holds: `pid N, COMMAND` (the command is `buurt run` and the like).
    static func isLockNote(_ text: String) -> Bool {
        guard text.hasPrefix("pid "), let comma = text.range(of: ", "), comma.lowerBound > text.index(text.startIndex, offsetBy: 4)
        else { return false }
        return text[text.index(text.startIndex, offsetBy: 4)..<comma.lowerBound].allSatisfy({ $0.isASCII && $0.isNumber })
    }

    /// Releases the lock and removes its file (idempotent), if the file at the path is still its own.
    public func release() {
        guard fd >= 0 else { return }
        if isAtPath(fd) { unlink(path) }
        close(fd)
        fd = -1
    }

    deinit { release() }
}
