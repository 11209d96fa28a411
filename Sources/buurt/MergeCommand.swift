import ArgumentParser
import BuurtCore
import BuurtExperiments

struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Join the shard folders of one experiment into one result (refuses missing, doubled or foreign shards).")

    @Argument(help: "Shard folders written by `buurt sweep --shard I/N`.")
    var shards: [String]

    @Option(help: "Output folder for the merged result.")
    var out: String

    func run() throws {
        let r = try Merge.merge(shards, into: out)
        say("Merged \(r.shards) shards, \(r.runs) runs, into \(out)/: runs.csv, experiment.json (and timeseries.csv when the shards have it)")
    }
}
