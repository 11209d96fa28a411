import Foundation
import BuurtCore

/// Writes ready-to-submit Slurm batch scripts for a sharded sweep: an array job of N tasks, each
/// running one shard, and a merge job to run after all of them (`--dependency=afterok`).
public enum SlurmScript {
    public struct Files { public var sweep: String; public var merge: String; public var submit: String }

    public static func write(experimentPath: String, experimentName: String, out: String, shards: Int,
                             cpusPerTask: Int, binary: String) throws -> Files {
        let cwd = FileManager.default.currentDirectoryPath
        func abs(_ p: String) -> String { p.hasPrefix("/") ? p : PathText.join(cwd, p) }
        let outAbs = OutputFolder.absoluteForm(abs(out))
        let dir = outAbs + "/slurm"
        try FileOps.makeDirectory(dir + "/logs")
        let q = shellQuote
        let sweep = """
            #!/bin/bash
            # Buurt sweep '\(experimentName)' as a Slurm array job: task I runs shard I of \(shards).
            # Submit with \(dir)/submit.sh (which also queues the merge after all tasks succeed).
            #SBATCH --job-name=buurt-\(experimentName)
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
            #SBATCH --job-name=buurt-\(experimentName)-merge
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
            echo "sweep array job ${jid%%;*}, merge job ${mid%%;*}; merged result will be in \(outAbs)/merged"

            """
        try FileOps.writeAtomically(sweep, to: dir + "/sweep.sbatch")
        try FileOps.writeAtomically(merge, to: dir + "/merge.sbatch")
        try FileOps.writeAtomically(submit, to: dir + "/submit.sh")
        chmod(dir + "/submit.sh", 0o755)
        return Files(sweep: dir + "/sweep.sbatch", merge: dir + "/merge.sbatch", submit: dir + "/submit.sh")
    }

    static func shellQuote(_ s: String) -> String {
        if s.allSatisfy({ $0.isLetter || $0.isNumber || "/._-+=:,".contains($0) }) { return s }
        return "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
