import Foundation

/// An advisory lock (`flock`) on an output folder, so two commands never write one folder at once.
///
/// The lock file stands beside the folder (`.NAME.lock`, since the folder itself may be swapped
/// out whole) and holds the holder's process id and command. A second command is refused with
/// exit 2 and told which process holds it. The kernel releases the lock when its holder dies, even
/// by `kill -9`, so a stale lock file of a dead process is simply taken over. The file is removed
/// on release while still locked, and a taker checks that the file it locked is still the one at
/// the path, so removal can never let two holders in.
public final class FolderLock {
    public let folder: String
    public let path: String
    private var fd: Int32 = -1

    public init(folder: String, command: String, flag: String = "--out") throws {
        let (parent, name) = OutputFolder.split(OutputFolder.absoluteForm(folder))
        self.folder = folder
        path = parent + "/." + name + ".lock"
        try FileOps.makeDirectory(parent)
        for _ in 0..<20 {
            let d = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
            guard d >= 0 else {
                throw BuurtError.runtime("cannot write in '\(parent)': \(FileOps.plain(errno)) (creating the lock file of the output folder)", file: folder)
            }
            if flock(d, LOCK_EX | LOCK_NB) != 0 {
                let e = errno
                var text = [UInt8](repeating: 0, count: 256)
                let n = pread(d, &text, 255, 0)
                close(d)
                guard e == EWOULDBLOCK else {
                    throw BuurtError.runtime("cannot lock '\(path)': \(FileOps.plain(e))", file: folder)
                }
                let holder = n > 0 ? String(decoding: text[0..<n], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) : "another process"
                throw BuurtError.input("another buurt command is writing this folder (\(holder)); wait for it to finish, or stop it",
                                       file: folder, key: flag, allowed: "another folder, or the same one once it is free")
            }
            // The file may have been removed (released) between open and flock: then lock anew.
            var mine = stat(), there = stat()
            if fstat(d, &mine) == 0, stat(path, &there) == 0, mine.st_ino == there.st_ino, mine.st_dev == there.st_dev {
                fd = d
                let note = "pid \(getpid()), \(command)\n"
                _ = ftruncate(d, 0)
                _ = note.withCString { pwrite(d, $0, strlen($0), 0) }
                return
            }
            close(d)
        }
        throw BuurtError.runtime("cannot take the lock '\(path)': it keeps changing", file: folder)
    }

    /// Releases the lock and removes its file (idempotent).
    public func release() {
        guard fd >= 0 else { return }
        unlink(path)
        close(fd)
        fd = -1
    }

    deinit { release() }
}
