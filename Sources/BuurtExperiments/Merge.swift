import Foundation
import BuurtCore
import BuurtModel

/// Joins the shard folders of one experiment into one result, refusing missing, doubled, unfinished,
/// foreign or damaged shards. The merged `runs.csv` and `timeseries.csv` equal those of a
/// single-machine sweep byte for byte.
///
/// Every finished shard records in its sealed `experiment.json` the size, line count and checksum
/// of each of its files; merge checks each file against that record (and the provenance's own
/// checksum) and refuses, naming the shard and the file, anything cut short, doubled or edited.
public enum Merge {
    /// The shard result files, in the order they are merged.
    static let resultFiles = ["runs.csv", "timeseries.csv", "initiatives.csv"]

    /// What `buurt merge --out` may replace: an earlier merge's folder (with what `analyze`,
    /// `plot` and `report` add to it).
    public static let ownership = OutputFolder.Ownership(
        command: "buurt merge", marker: "experiment.json",
        files: Set(resultFiles + ["experiment.json", DesignFile.copyName, "points.csv", "sensitivity.csv", "report.html", "plots"]),
        recognise: { data in
            guard let o = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return false }
            return o["program"] as? String == "buurt" && o["merged_from"] != nil
        })

    struct ShardInfo {
        var index: Int
        var dir: String
        var info: [String: Any]
        var files: [String: FileDigest]
    }

    public static func merge(_ dirs: [String], into outText: String) throws -> (shards: Int, runs: Int) {
        guard !dirs.isEmpty else { throw BuurtError.input("no shard folders given", key: "merge", allowed: "one or more folders") }
        let out = try OutputFolder.resolve(outText)
        let outCanonical = OutputFolder.canonical(out)
        var shards: [ShardInfo] = []
        var hash: String? = nil, count: Int? = nil
        for dir in dirs {
            let c = OutputFolder.canonical(dir)
            if c == outCanonical || c.hasPrefix(outCanonical + "/") {
                throw BuurtError.input("--out names one of the shards being merged (\(dir)); merging would replace it",
                                       file: out, key: "--out", allowed: "a folder apart from the shards")
            }
            shards.append(try check(shard: dir, hash: &hash, count: &count, others: shards))
        }
        let n = count!
        let missing = (0..<n).filter { i in !shards.contains { $0.index == i } }
        if !missing.isEmpty {
            throw BuurtError.input("shard\(missing.count > 1 ? "s" : "") \(missing.map { "\($0)/\(n)" }.joined(separator: ", ")) missing",
                                   key: "merge", allowed: "all \(n) shards of the experiment")
        }
        shards.sort { $0.index < $1.index }
        let lock = try FolderLock(folder: out, command: "buurt merge")
        defer { lock.release() }
        let staged = try StagedDirectory(destination: out, owner: ownership)
        do {
            var runs = 0
            for name in resultFiles {
                let present = shards.filter { $0.files[name] != nil }
                if present.isEmpty { continue }
                guard present.count == shards.count else {
                    let lacking = shards.first { $0.files[name] == nil }!
                    throw BuurtError.input("\(name) is in some shards and not in others", file: lacking.dir)
                }
                let target = try staged.create(name)
                var header: Data? = nil
                for s in shards {
                    let (head, lines) = try copyBody(of: s.dir + "/" + name, expected: s.files[name]!, to: target,
                                                     expectedHeader: header)
                    header = head
                    if name == "runs.csv" { runs += lines }
                }
                try target.close(sync: false)
            }
            if let record = shards[0].info["design_file"] as? [String: Any] {
                // The design file's copy (the shards share it: their input hashes are equal).
                let source = shards[0].dir + "/" + DesignFile.copyName
                guard let data = FileManager.default.contents(atPath: source) else {
                    throw BuurtError.input("the shard's copy of its design file is missing", file: source,
                                           allowed: "the shard's own files; run the shard again with --fresh")
                }
                var digest = FileDigest.Builder()
                digest.add(data)
                if let recorded = FileDigest(json: record["digest"]), recorded != digest.value {
                    throw BuurtError.input("the shard's copy of its design file was changed after its sweep (recorded \(recorded); found \(digest.value))",
                                           file: source, allowed: "the shard's own files; run the shard again with --fresh")
                }
                let target = try staged.create(DesignFile.copyName)
                try target.write(data)
                try target.close(sync: false)
            }
            var info = shards[0].info
            info["shard"] = nil
            info["files"] = nil
            info["checksum"] = nil
            info["merged_from"] = shards.map { $0.dir }
            info["runs_merged"] = runs
            try staged.write(Provenance.sealed(info), to: "experiment.json")
            try staged.commit()
            return (n, runs)
        } catch {
            staged.discard()
            throw error
        }
    }

    /// Reads and checks one shard's provenance against the shards seen so far.
    static func check(shard dir: String, hash: inout String?, count: inout Int?, others: [ShardInfo]) throws -> ShardInfo {
        try Sweep.checkResultFiles(dir: dir)   // a pipe in place of a file would block for ever
        let info = try Sweep.readProvenance(dir: dir)
        guard let shard = info["shard"] as? [String: Any], let i = shard["index"] as? Int, let n = shard["count"] as? Int else {
            throw BuurtError.input("is not a shard (made without --shard)", file: dir)
        }
        guard info["complete"] as? Bool == true, FileManager.default.fileExists(atPath: dir + "/runs.csv") else {
            throw BuurtError.input("shard \(i)/\(n) is not finished; run its sweep again to resume it", file: dir)
        }
        guard Provenance.isIntact(info) else {
            throw BuurtError.input("experiment.json of shard \(i)/\(n) was edited or damaged (its checksum does not match); "
                                   + "run the shard's sweep again with --fresh", file: dir + "/experiment.json")
        }
        let h = info["input_hash"] as? String ?? ""
        if let hash, h != hash {
            throw BuurtError.input("belongs to a different experiment (input hash \(h), expected \(hash))", file: dir)
        }
        if let count, n != count {
            throw BuurtError.input("was cut into \(n) shards, the others into \(count)", file: dir)
        }
        if let other = others.first(where: { $0.index == i }) {
            throw BuurtError.input("shard \(i)/\(n) is given twice (also \(other.dir))", file: dir)
        }
        hash = h; count = n
        guard let recorded = info["files"] as? [String: Any] else {
            throw BuurtError.input("shard \(i)/\(n) records no checksums of its files (an older buurt?); run it again with --fresh",
                                   file: dir + "/experiment.json")
        }
        var files: [String: FileDigest] = [:]
        for name in resultFiles {
            let exists = FileOps.exists(dir + "/" + name)
            switch (recorded[name], exists) {
            case (nil, false): continue
            case (nil, true):
                throw BuurtError.input("\(name) is not one of the shard's recorded files", file: dir + "/" + name)
            case (_, false):
                throw BuurtError.input("\(name) of shard \(i)/\(n) is missing", file: dir + "/" + name)
            case (let r?, true):
                guard let d = FileDigest(json: r) else {
                    throw BuurtError.input("the record of \(name) is damaged", file: dir + "/experiment.json", key: "files.\(name)")
                }
                files[name] = d
            }
        }
        guard let runsDigest = files["runs.csv"] else {
            throw BuurtError.input("runs.csv of shard \(i)/\(n) is not recorded", file: dir + "/experiment.json")
        }
        let total = info["runs_total"] as? Int ?? -1
        let expected = total >= 0 ? Sweep.Shard(index: i, count: n).runs(of: total).count : -1
        if runsDigest.lines - 1 != expected {
            throw BuurtError.input("shard \(i)/\(n) records \(runsDigest.lines - 1) runs, its range holds \(expected)",
                                   file: dir + "/experiment.json")
        }
        return ShardInfo(index: i, dir: dir, info: info, files: files)
    }

    /// Streams a CSV file's body (all but the header line) to `out` in 4 MiB pieces; writes the
    /// header too when `expectedHeader` is nil, refuses a file whose header differs, and refuses a
    /// file whose bytes do not match its recorded digest (cut short, a row doubled, edited).
    static func copyBody(of path: String, expected: FileDigest, to out: OutputFile, expectedHeader: Data?) throws -> (Data, Int) {
        try FileOps.checkRegularFile(path)
        guard let h = FileHandle(forReadingAtPath: path) else { throw BuurtError.input("cannot read", file: path) }
        defer { try? h.close() }
        var head = Data()
        var lines = 0
        var first = true
        var digest = FileDigest.Builder()
        while let chunk = try h.read(upToCount: 4 << 20), !chunk.isEmpty {
            digest.add(chunk)
            var body = chunk[...]
            if first {
                guard let nl = chunk.firstIndex(of: 10) else { throw BuurtError.input("no header line", file: path) }
                head = Data(chunk[...nl])
                body = chunk[(nl + 1)...]
                if let expectedHeader {
                    if expectedHeader != head { throw BuurtError.input("has other columns than the first shard", file: path) }
                } else {
                    try out.write(head)
                }
                first = false
            }
            lines += body.reduce(0) { $0 + ($1 == 10 ? 1 : 0) }
            if digest.value.bytes > expected.bytes { break }
            try out.write(Data(body))
        }
        let got = digest.value
        guard got == expected else {
            throw BuurtError.input("the file is damaged or was changed after its sweep finished (recorded \(expected); "
                                   + "found \(got.bytes) bytes, \(got.lines) lines\(got.bytes == expected.bytes ? ", another checksum" : ""))",
                                   file: path, allowed: "the shard's own files; run the shard again with --fresh")
        }
        return (head, lines)
    }
}
