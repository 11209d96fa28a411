import Foundation
import BuurtCore

/// An append-only file of checksummed records, the crash-safe store of a sweep's finished runs.
///
/// The file opens with a line `%buurt-journal 2 <tag>` naming what it belongs to (the experiment's
/// input hash and the shard); a journal of anything else is refused, so a copied-in journal of
/// another experiment can never leak its runs into this one's results.
/// A record is a header line `#<run id>\t<body bytes>\t<fnv1a64 of body>` followed by the body.
/// A kill at any instant (even `kill -9` or a power cut) leaves at worst a torn or garbled last
/// record; `recover` keeps every record up to the first one that does not check out and cuts the
/// file there. Bodies are located by offset, never held in memory all at once.
public final class Journal {
    public let path: String
    private var handle: FileHandle
    private var lastSync = Date()
    /// Offset and length of the newest intact body of each run id.
    public private(set) var index: [Int: (offset: UInt64, length: Int)] = [:]
    private var end: UInt64 = 0
    /// Length of the opening line; records start after it.
    private var start: UInt64 = 0

    /// Opens (creating if needed) and recovers the journal of `tag`; refuses (exit 2) a journal
    /// whose opening line names anything else.
    public init(path: String, tag: String) throws {
        self.path = path
        if !FileManager.default.fileExists(atPath: path) {
            guard FileManager.default.createFile(atPath: path, contents: nil) else {
                throw BuurtError.runtime("cannot create '\(path)': \(FileOps.plain(errno))", file: path)
            }
        }
        guard let h = FileHandle(forUpdatingAtPath: path) else {
            throw BuurtError.runtime("cannot open '\(path)': \(FileOps.plain(errno))", file: path)
        }
        handle = h
        let opening = Data("%buurt-journal 2 \(tag)\n".utf8)
        let found = try h.read(upToCount: opening.count) ?? Data()
        if found != opening {
            if opening.starts(with: found) {
                // New, or torn while writing its first line: start it (again).
                try h.truncate(atOffset: 0)
                try h.write(contentsOf: opening)
            } else {
                let line = String(decoding: found.prefix(while: { $0 != 10 }), as: UTF8.self)
                throw BuurtError.input("the journal belongs to another experiment or shard (it opens '\(line)', "
                                       + "expected '%buurt-journal 2 \(tag)'); its runs are not used",
                                       file: path, key: "--out", allowed: "--fresh to discard it and start over, or another folder")
            }
        }
        start = UInt64(opening.count)
        try recover()
    }

    deinit { try? handle.close() }

    /// Reads the records in order, keeps the intact ones and truncates after the last of them.
    func recover() throws {
        index = [:]
        var offset: UInt64 = start
        let size = try handle.seekToEnd()
        try handle.seek(toOffset: start)
        var buffer = Data()
        var bufferStart: UInt64 = start
        func fill(upTo needed: UInt64) throws -> Bool {
            while bufferStart + UInt64(buffer.count) < needed {
                guard let more = try handle.read(upToCount: 1 << 20), !more.isEmpty else { return false }
                buffer.append(more)
            }
            return true
        }
        scan: while offset < size {
            // Header line.
            var lineEnd: UInt64? = nil
            var probe = offset
            while lineEnd == nil {
                guard try fill(upTo: probe + 1) else { break scan }
                let local = Int(probe - bufferStart)
                if let nl = buffer[(buffer.startIndex + local)...].firstIndex(of: 10) {
                    lineEnd = bufferStart + UInt64(nl - buffer.startIndex)
                } else {
                    probe = bufferStart + UInt64(buffer.count)
                    if probe - offset > 200 { break scan }
                }
            }
            guard let le = lineEnd else { break }
            let header = String(decoding: buffer[(buffer.startIndex + Int(offset - bufferStart))..<(buffer.startIndex + Int(le - bufferStart))], as: UTF8.self)
            let parts = header.split(separator: "\t")
            guard parts.count == 3, parts[0].hasPrefix("#"), let id = Int(parts[0].dropFirst()),
                  let length = Int(parts[1]), length >= 0 else { break }
            let bodyStart = le + 1
            guard try fill(upTo: bodyStart + UInt64(length)) else { break }
            let a = buffer.startIndex + Int(bodyStart - bufferStart)
            let body = buffer[a..<(a + length)]
            guard Fingerprint.hex(String(decoding: body, as: UTF8.self)) == parts[2] else { break }
            index[id] = (bodyStart, length)
            offset = bodyStart + UInt64(length)
            // Drop what has been consumed from the buffer.
            let consumed = Int(offset - bufferStart)
            if consumed > 1 << 20 {
                buffer.removeFirst(consumed)
                bufferStart = offset
            }
        }
        end = offset
        if end < size { try handle.truncate(atOffset: end) }
        try handle.seek(toOffset: end)
    }

    /// Appends one record; synced to disk at most every `syncInterval` seconds (and on `sync()`).
    public func append(id: Int, body: String, syncInterval: Double = 2) throws {
        let data = Data(body.utf8)
        let header = Data("#\(id)\t\(data.count)\t\(Fingerprint.hex(body))\n".utf8)
        do {
            try handle.write(contentsOf: header + data)
        } catch {
            throw BuurtError.runtime("cannot write '\(path)': \(FileOps.reason(error))", file: path)
        }
        index[id] = (end + UInt64(header.count), data.count)
        end += UInt64(header.count + data.count)
        if Date().timeIntervalSince(lastSync) >= syncInterval { try sync() }
    }

    public func sync() throws {
        try handle.synchronize()
        lastSync = Date()
    }

    /// The body of a run's record.
    public func body(_ id: Int) throws -> Data? {
        guard let (offset, length) = index[id] else { return nil }
        try handle.seek(toOffset: offset)
        let data = try handle.read(upToCount: length) ?? Data()
        try handle.seek(toOffset: end)
        return data
    }
}
