import Foundation
import BuurtCore
import BuurtModel

/// Joins the shard folders of one experiment into one result, refusing missing, doubled, unfinished
/// or foreign shards. The merged `runs.csv` and `timeseries.csv` equal those of a single-machine
/// sweep byte for byte.
public enum Merge {
    public static func merge(_ dirs: [String], into out: String) throws -> (shards: Int, runs: Int) {
        guard !dirs.isEmpty else { throw BuurtError.input("no shard folders given", key: "merge", allowed: "one or more folders") }
        var shards: [(index: Int, dir: String, info: [String: Any])] = []
        var hash: String? = nil, count: Int? = nil
        for dir in dirs {
            let info = try Sweep.readProvenance(dir: dir)
            guard let shard = info["shard"] as? [String: Any], let i = shard["index"] as? Int, let n = shard["count"] as? Int else {
                throw BuurtError.input("is not a shard (made without --shard)", file: dir)
            }
            guard info["complete"] as? Bool == true, FileManager.default.fileExists(atPath: dir + "/runs.csv") else {
                throw BuurtError.input("shard \(i)/\(n) is not finished; run its sweep again to resume it", file: dir)
            }
            let h = info["input_hash"] as? String ?? ""
            if let hash, h != hash {
                throw BuurtError.input("belongs to a different experiment (input hash \(h), expected \(hash))", file: dir)
            }
            if let count, n != count {
                throw BuurtError.input("was cut into \(n) shards, the others into \(count)", file: dir)
            }
            if let other = shards.first(where: { $0.index == i }) {
                throw BuurtError.input("shard \(i)/\(n) is given twice (also \(other.dir))", file: dir)
            }
            hash = h; count = n
            shards.append((i, dir, info))
        }
        let n = count!
        let missing = (0..<n).filter { i in !shards.contains { $0.index == i } }
        if !missing.isEmpty {
            throw BuurtError.input("shard\(missing.count > 1 ? "s" : "") \(missing.map { "\($0)/\(n)" }.joined(separator: ", ")) missing",
                                   key: "merge", allowed: "all \(n) shards of the experiment")
        }
        shards.sort { $0.index < $1.index }
        let staged = try StagedDirectory(destination: out)
        do {
            var runs = 0
            for name in ["runs.csv", "timeseries.csv", "initiatives.csv"] {
                let present = shards.filter { FileManager.default.fileExists(atPath: $0.dir + "/" + name) }
                if present.isEmpty { continue }
                guard present.count == shards.count else {
                    throw BuurtError.input("\(name) is in some shards and not in others", file: shards[0].dir)
                }
                let target = staged.file(name)
                FileManager.default.createFile(atPath: target, contents: nil)
                guard let h = FileHandle(forWritingAtPath: target) else { throw BuurtError.runtime("cannot write \(target)") }
                defer { try? h.close() }
                var header: Data? = nil
                for s in shards {
                    let (head, lines) = try copyBody(of: s.dir + "/" + name, to: h, expectedHeader: header)
                    header = head
                    if name == "runs.csv" { runs += lines }
                }
            }
            var info = shards[0].info
            info["shard"] = nil
            info["merged_from"] = shards.map { $0.dir }
            info["runs_merged"] = runs
            try staged.write(RunOutput.json(info), to: "experiment.json")
            try staged.commit()
            return (n, runs)
        } catch {
            staged.discard()
            throw error
        }
    }

    /// Streams a CSV file's body (all but the header line) to `out` in 4 MiB pieces; writes the
    /// header too when `expectedHeader` is nil, and refuses a file whose header differs.
    static func copyBody(of path: String, to out: FileHandle, expectedHeader: Data?) throws -> (Data, Int) {
        guard let h = FileHandle(forReadingAtPath: path) else { throw BuurtError.input("cannot read", file: path) }
        defer { try? h.close() }
        var head = Data()
        var lines = 0
        var first = true
        while let chunk = try h.read(upToCount: 4 << 20), !chunk.isEmpty {
            var body = chunk[...]
            if first {
                guard let nl = chunk.firstIndex(of: 10) else { throw BuurtError.input("no header line", file: path) }
                head = Data(chunk[...nl])
                body = chunk[(nl + 1)...]
                if let expectedHeader {
                    if expectedHeader != head { throw BuurtError.input("has other columns than the first shard", file: path) }
                } else {
                    try out.write(contentsOf: head)
                }
                first = false
            }
            lines += body.reduce(0) { $0 + ($1 == 10 ? 1 : 0) }
            try out.write(contentsOf: body)
        }
        return (head, lines)
    }
}
