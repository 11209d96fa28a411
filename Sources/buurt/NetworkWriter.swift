import BuurtCore
import BuurtModel
import Foundation

/// Streams network snapshots of a run into its staging folder as the run goes.
final class NetworkWriter {
    let staged: StagedDirectory
    let every: Int
    let edges: FileHandle
    let nodes: FileHandle

    init(staged: StagedDirectory, every: Int) throws {
        self.staged = staged
        self.every = every
        try FileOps.makeDirectory(staged.file("network"))
        try staged.write(CSV.row(NetworkSnapshot.edgesHeader), to: "network_edges.csv")
        try staged.write(CSV.row(NetworkSnapshot.nodesHeader), to: "network_nodes.csv")
        guard let e = FileHandle(forWritingAtPath: staged.file("network_edges.csv")),
              let n = FileHandle(forWritingAtPath: staged.file("network_nodes.csv")) else {
            throw BuurtError.runtime("cannot write the network files", file: staged.destination)
        }
        edges = e; nodes = n
        try edges.seekToEnd(); try nodes.seekToEnd()
    }

    func snapshot(_ w: World) throws {
        guard w.tick % every == 0 else { return }
        try edges.write(contentsOf: Data(NetworkSnapshot.edgesRows(runID: 0, world: w).utf8))
        try nodes.write(contentsOf: Data(NetworkSnapshot.nodesRows(runID: 0, world: w).utf8))
        let name = String(format: "network/tick-%04d.graphml", w.tick)
        try staged.write(NetworkSnapshot.graphML(world: w), to: name)
    }

    func close() throws {
        try edges.close()
        try nodes.close()
    }
}
