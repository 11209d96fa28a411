import BuurtCore
import BuurtModel
import Foundation

/// Streams network snapshots of a run into its staging folder as the run goes.
final class NetworkWriter {
    let staged: StagedDirectory
    let every: Int
    let edges: OutputFile
    let nodes: OutputFile

    init(staged: StagedDirectory, every: Int) throws {
        self.staged = staged
        self.every = every
        try FileOps.makeDirectory(staged.file("network"))
        edges = try staged.create("network_edges.csv")
        nodes = try staged.create("network_nodes.csv")
        try edges.write(CSV.row(NetworkSnapshot.edgesHeader))
        try nodes.write(CSV.row(NetworkSnapshot.nodesHeader))
    }

    func snapshot(_ w: World) throws {
        guard w.tick % every == 0 else { return }
        try edges.write(NetworkSnapshot.edgesRows(runID: 0, world: w))
        try nodes.write(NetworkSnapshot.nodesRows(runID: 0, world: w))
        let name = String(format: "network/tick-%04d.graphml", w.tick)
        try staged.write(NetworkSnapshot.graphML(world: w), to: name)
    }

    func close() throws {
        try edges.close(sync: false)
        try nodes.close(sync: false)
    }
}
