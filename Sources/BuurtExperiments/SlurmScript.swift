import Foundation
import BuurtCore

/// Writes ready-to-submit Slurm batch scripts for a sharded sweep: an array job of N tasks, each
/// running one shard, and a merge job to run after all of them (`--dependency=afterok`).
///
/// Every value pasted into a shell line is quoted (`shellQuote`). What cannot be quoted is refused
/// (exit 2) instead: `#SBATCH` lines are read by Slurm, not the shell, so the output folder there
/// may hold only letters, digits and `/ . _ - + , = : @` (no spaces, quotes or `%`, which Slurm
/// expands), and the experiment's name, in comments, no control characters such as a line break.
/// The job name is the experiment's name with anything else replaced by `_`.
///
/// The scripts go to `DIR/slurm/`; `DIR` must be new, empty, or hold only what an earlier
/// `--slurm` wrote there (`slurm/`, `shards/`, `merged/`), and an existing script is replaced only
/// when it is one of Buurt's own.
public enum SlurmScript {
    public struct Files { public var sweep: String; public var merge: String; public var submit: String }

    /// The opening of each script, by file name: how an earlier one is recognised as Buurt's.
    static let openings = [
        "sweep.sbatch": "#!/bin/bash\n# Buurt sweep '",
        "merge.sbatch": "#!/bin/bash\n# Merge the ",
        "submit.sh": "#!/bin/bash\n# Queue the sweep array and, after it succeeds, the merge.",
    ]

    public static func write(experimentPath: String, experimentName: String, out: String, shards: Int,
                             cpusPerTask: Int, binary: String) throws -> Files {
        let cwd = FileManager.default.currentDirectoryPath
        func abs(_ p: String) -> String { p.hasPrefix("/") ? p : PathText.join(cwd, p) }
        let outAbs = OutputFolder.absoluteForm(abs(out))
        try checkName(experimentName, file: experimentPath)
        try checkDirective(outAbs, shown: out)
        try checkFolder(outAbs, shown: out)
        let dir = outAbs + "/slurm"
        try FileOps.makeDirectory(dir + "/logs")
        let q = shellQuote
        let job = jobName(experimentName)
        let sweep = """
            #!/bin/bash
            # Buurt sweep '\(experimentName)' as a Slurm array job: task I runs shard I of \(shards).
            # Submit with \(dir)/submit.sh (which also queues the merge after all tasks succeed).
            #SBATCH --job-name=buurt-\(job)
            #SBATCH --array=0-\(shards - 1)
            #SBATCH --cpus-per-task=\(cpusPerTask)
            #SBATCH --output=\(dir)/logs/sweep-%A_%a.out
            set -euo pipefail
            cd \(q(cwd))
            exec \(q(binary)) sweep \(q(abs(experimentPath))) --out \(q(outAbs + "/shards"))/shard-${SLURM_ARRAY_TASK_ID} \\
                --shard ${SLURM_ARRAY_TASK_ID}/\(shards) --threads ${SLURM_CPUS_PER_TASK:-\(cpusPerTask)}

            """
        let merge = """
            #!/bin/bash
            # Merge the \(shards) shards of '\(experimentName)' into \(outAbs)/merged.
            #SBATCH --job-name=buurt-\(job)-merge
            #SBATCH --cpus-per-task=1
            #SBATCH --output=\(dir)/logs/merge-%j.out
            set -euo pipefail
            cd \(q(cwd))
            exec \(q(binary)) merge \((0..<shards).map { q(outAbs + "/shards/shard-\($0)") }.joined(separator: " ")) --out \(q(outAbs + "/merged"))

            """
        let submit = """
            #!/bin/bash
            # Queue the sweep array and, after it succeeds, the merge. Prints both job ids.
            set -euo pipefail
            jid=$(sbatch --parsable \(q(dir + "/sweep.sbatch")))
            mid=$(sbatch --parsable --dependency=afterok:${jid%%;*} \(q(dir + "/merge.sbatch")))
            echo "sweep array job ${jid%%;*}, merge job ${mid%%;*}; merged result will be in "\(q(outAbs + "/merged"))

            """
        try FileOps.writeAtomically(sweep, to: dir + "/sweep.sbatch")
        try FileOps.writeAtomically(merge, to: dir + "/merge.sbatch")
        try FileOps.writeAtomically(submit, to: dir + "/submit.sh")
        chmod(dir + "/submit.sh", 0o755)
        return Files(sweep: dir + "/sweep.sbatch", merge: dir + "/merge.sbatch", submit: dir + "/submit.sh")
    }

    /// A character that may stand in a `#SBATCH` value as it is.
    static func isDirectiveSafe(_ c: Character) -> Bool {
        (c.isLetter || c.isNumber) && !c.isWhitespace || "/._-+,=:@".contains(c)
    }

    /// The experiment's name goes into comments: no control characters (a line break would start
    /// a new line of the script).
    static func checkName(_ name: String, file: String) throws {
        if let bad = name.unicodeScalars.first(where: { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) || $0 == "\u{2028}" || $0 == "\u{2029}" }) {
            throw BuurtError.input("the name holds a control character (U+\(String(format: "%04X", bad.value))), "
                                   + "which cannot be written into a Slurm script", file: file, key: "name",
                                   allowed: "a name on one line without control characters")
        }
    }

    /// The output folder goes into `#SBATCH --output=` lines, which Slurm reads without a shell.
    static func checkDirective(_ outAbs: String, shown: String) throws {
        if let bad = outAbs.first(where: { !isDirectiveSafe($0) }) {
            throw BuurtError.input("the folder's path holds \(bad == " " ? "a space" : "'\(bad)'"), which cannot be written safely "
                                   + "into a Slurm #SBATCH line", file: shown, key: "--out",
                                   allowed: "a path of letters, digits and / . _ - + , = : @")
        }
    }

    /// The folder may be new or empty, or hold what an earlier `--slurm` wrote; an existing script
    /// is replaced only when it is Buurt's own.
    static func checkFolder(_ outAbs: String, shown: String) throws {
        let allowed = "a new or empty folder, or the folder of an earlier buurt sweep --slurm"
        var st = stat()
        guard stat(outAbs, &st) == 0 else { return }
        guard (st.st_mode & S_IFMT) == S_IFDIR else {
            throw BuurtError.input("the output path exists and is not a folder", file: shown, key: "--out", allowed: allowed)
        }
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: outAbs)) ?? []).sorted()
        let foreign = names.filter { !["slurm", "shards", "merged"].contains($0) }
        if !foreign.isEmpty {
            throw BuurtError.input("the folder holds files that are not an earlier buurt sweep --slurm's (\(foreign.prefix(5).joined(separator: ", ")))",
                                   file: shown, key: "--out", allowed: allowed)
        }
        for (name, opening) in openings.sorted(by: { $0.key < $1.key }) {
            let path = outAbs + "/slurm/" + name
            guard lstat(path, &st) == 0 else { continue }
            let data = (st.st_mode & S_IFMT) == S_IFREG ? try? FileOps.readInput(path, limit: 1 << 20) : nil
            guard let data, String(decoding: data, as: UTF8.self).hasPrefix(opening) else {
                throw BuurtError.input("slurm/\(name) is not a script Buurt wrote; Buurt replaces only its own", file: shown,
                                       key: "--out", allowed: "move slurm/\(name) away, or choose another folder")
            }
        }
    }

    /// The experiment's name as a Slurm job name: letters, digits and `. _ - +`; anything else `_`.
    static func jobName(_ name: String) -> String {
        String(name.map { $0.isASCII && ($0.isLetter || $0.isNumber || "._-+".contains($0)) ? $0 : "_" })
    }

    static func shellQuote(_ s: String) -> String {
        if !s.isEmpty, s.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "/._-+=:,".contains($0)) }) { return s }
        return "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
