import Foundation
import BuurtCore

/// Reads a CSV file row by row in 1 MiB chunks, so a large `timeseries.csv` or `initiatives.csv`
/// is aggregated without holding its rows in memory.
///
/// Rows without quotes (all of Buurt's numeric files) are split on commas directly; a row with a
/// quote goes through `CSV.parse`. A quoted field holding a line break is not supported here
/// (Buurt never writes one in these files).
public struct CSVStream {
    public let path: String

    public init(path: String) { self.path = path }

    /// Calls `body` with the header, then with each row and its line number (the header is line 1).
    public func forEachRow(header: ([String]) throws -> Void, row body: ([Substring], Int) throws -> Void) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw BuurtError.input("cannot read the file", file: path)
        }
        defer { try? handle.close() }
        var pending = Data()
        var line = 0
        func emit(_ bytes: Data) throws {
            line += 1
            var text = String(decoding: bytes, as: UTF8.self)
            if text.hasSuffix("\r") { text.removeLast() }
            if line == 1 {
                try header(CSV.parse(text).first ?? [])
                return
            }
            if text.isEmpty { return }
            if text.contains("\"") {
                try body((CSV.parse(text).first ?? []).map { Substring($0) }, line)
            } else {
                try body(text.split(separator: ",", omittingEmptySubsequences: false), line)
            }
        }
        while true {
            let chunk: Data
            do { chunk = try handle.read(upToCount: 1 << 20) ?? Data() } catch {
                throw BuurtError.runtime("cannot read: \(error.localizedDescription)", file: path)
            }
            if chunk.isEmpty { break }
            pending.append(chunk)
            var start = pending.startIndex
            while let nl = pending[start...].firstIndex(of: 0x0A) {
                try emit(pending[start..<nl])
                start = pending.index(after: nl)
            }
            pending = Data(pending[start...])
        }
        if !pending.isEmpty { try emit(pending) }
        if line == 0 { throw BuurtError.input("the file is empty", file: path) }
    }
}

extension CSVStream {
    /// Only the header row of a CSV file (reads the first chunk).
    public static func header(path: String) throws -> [String] {
        guard let h = FileHandle(forReadingAtPath: path) else { throw BuurtError.input("cannot read the file", file: path) }
        defer { try? h.close() }
        let data = (try? h.read(upToCount: 1 << 16)) ?? Data()
        let line = data.split(separator: 0x0A, maxSplits: 1, omittingEmptySubsequences: false).first ?? Data()
        return CSV.parse(String(decoding: line, as: UTF8.self)).first ?? []
    }
}
