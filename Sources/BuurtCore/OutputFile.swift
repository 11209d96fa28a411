import Foundation

/// A file written through a POSIX descriptor, so that every failure names the path and says why in
/// plain words (the `errno` text: 'No space left on device', 'Read-only file system').
///
/// It keeps a running digest of what it wrote (bytes, lines, FNV-1a 64), which sweeps record in
/// `experiment.json` and `buurt merge` checks every shard file against.
public final class OutputFile {
    public let path: String
    private var fd: Int32
    private var digest = FileDigest.Builder()

    /// Creates (or truncates) `path` for writing.
    public init(creating path: String) throws {
        self.path = path
        fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        if fd < 0 { throw FileOps.writeFailure(path, errno) }
    }

    deinit { if fd >= 0 { _ = Foundation.close(fd) } }

    public func write(_ text: String) throws { try write(Data(text.utf8)) }

    public func write(_ data: Data) throws {
        guard fd >= 0 else { throw BuurtError.runtime("cannot write '\(path)': already closed", file: path) }
        digest.add(data)
        try data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            guard var p = raw.baseAddress else { return }
            var left = raw.count
            while left > 0 {
                let n = Foundation.write(fd, p, left)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw FileOps.writeFailure(path, errno)
                }
                left -= n
                p += n
            }
        }
    }

    /// What was written so far.
    public var written: FileDigest { digest.value }

    /// Flushes to disk (fsync) and closes; a failure here (a full disk on a network file system)
    /// is reported like a failed write.
    public func close(sync: Bool = true) throws {
        guard fd >= 0 else { return }
        let descriptor = fd
        fd = -1
        if sync, fsync(descriptor) != 0, errno != EINVAL {
            let e = errno
            _ = Foundation.close(descriptor)
            throw FileOps.writeFailure(path, e)
        }
        if Foundation.close(descriptor) != 0 { throw FileOps.writeFailure(path, errno) }
    }
}
