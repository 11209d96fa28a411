import Foundation

/// Size, line count and FNV-1a 64 fingerprint of a file's bytes: what a finished sweep records of
/// each of its files, and what `buurt merge` checks each shard's files against.
public struct FileDigest: Equatable, Sendable, CustomStringConvertible {
    public var bytes: Int
    public var lines: Int
    public var fnv1a64: UInt64

    public var hex: String { Fingerprint.hex(fnv1a64) }

    public var description: String { "\(bytes) bytes, \(lines) lines, fnv1a64 \(hex)" }

    /// Accumulates a digest over pieces of data.
    public struct Builder {
        private var bytes = 0, lines = 0
        private var hash = Fingerprint.fnvOffsetBasis
        public init() {}
        public mutating func add(_ data: Data) {
            bytes += data.count
            // Over the bytes in place: iterating `Data` itself went through its iterator byte by byte.
            let prime = Fingerprint.fnvPrime
            let (h, n) = data.withUnsafeBytes { raw -> (UInt64, Int) in
                var h = hash, n = 0
                for b in raw {
                    h = (h ^ UInt64(b)) &* prime
                    n &+= b == 10 ? 1 : 0
                }
                return (h, n)
            }
            hash = h
            lines += n
        }
        public var value: FileDigest { FileDigest(bytes: bytes, lines: lines, fnv1a64: hash) }
    }

    /// The digest of a file on disk, read in 4 MiB pieces.
    public static func of(path: String) throws -> FileDigest {
        try FileOps.checkRegularFile(path)
        guard let h = FileHandle(forReadingAtPath: path) else {
            throw BuurtError.input("cannot read the file", file: path)
        }
        defer { try? h.close() }
        var b = Builder()
        while let chunk = try h.read(upToCount: 4 << 20), !chunk.isEmpty { b.add(chunk) }
        return b.value
    }

    /// As recorded in `experiment.json`.
    public var json: [String: Any] { ["bytes": bytes, "lines": lines, "fnv1a64": hex] }

    public init(bytes: Int, lines: Int, fnv1a64: UInt64) {
        self.bytes = bytes; self.lines = lines; self.fnv1a64 = fnv1a64
    }

    /// Reads a recorded digest back; nil when a field is missing or malformed.
    public init?(json: Any?) {
        guard let d = json as? [String: Any], let bytes = d["bytes"] as? Int, let lines = d["lines"] as? Int,
              let hex = d["fnv1a64"] as? String, let h = UInt64(hex, radix: 16) else { return nil }
        self.init(bytes: bytes, lines: lines, fnv1a64: h)
    }
}
