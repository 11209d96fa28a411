import BuurtCore

/// Snapshots of the social tie network for Gephi (GraphML) and for data frames (tidy CSV).
///
/// Ties are undirected; each end keeps its own trust in the other, and a snapshot reports their
/// mean. A tie is bridging when its ends belong to different groups.
public enum NetworkSnapshot {
    public static let edgesHeader = ["run_id", "tick", "source", "target", "trust", "bridging"]
    public static let nodesHeader = ["run_id", "tick", "node", "group", "role", "neighbourhood"]
    static let groups = ["established", "newcomer", "underrepresented"]
    static let roles = ["passive", "volunteer", "initiator", "intermediary"]

    /// Calls `body(i, j, trust)` once per tie (i < j).
    static func forEachTie(_ w: World, _ body: (Int, Int, Double) -> Void) {
        for i in 0..<w.residentCount {
            let base = i * w.tieCapacity
            for k in 0..<Int(w.rDegree[i]) {
                let j = Int(w.tTarget[base + k])
                guard j > i else { continue }
                let back = w.tieSlot(j, to: Int32(i)).map { Double(w.tTrust[$0]) } ?? Double(w.tTrust[base + k])
                body(i, j, (Double(w.tTrust[base + k]) + back) / 2)
            }
        }
    }

    public static func edgesRows(runID: Int, world w: World) -> String {
        var out = ""
        forEachTie(w) { i, j, t in
            out += "\(runID),\(w.tick),\(i),\(j),\(NumberFormat.text(t)),\(w.rGroup[i] != w.rGroup[j])\n"
        }
        return out
    }

    public static func nodesRows(runID: Int, world w: World) -> String {
        var out = ""
        for i in 0..<w.residentCount {
            out += "\(runID),\(w.tick),\(i),\(groups[Int(w.rGroup[i])]),\(roles[Int(w.rRole[i])]),\(w.rNh[i])\n"
        }
        return out
    }

    /// One GraphML document of the network now (nodes with group, role and neighbourhood; edges
    /// with trust and bridging).
    public static func graphML(world w: World) -> String {
        var out = """
            <?xml version="1.0" encoding="UTF-8"?>
            <graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">
              <key id="group" for="node" attr.name="group" attr.type="string"/>
              <key id="role" for="node" attr.name="role" attr.type="string"/>
              <key id="neighbourhood" for="node" attr.name="neighbourhood" attr.type="int"/>
              <key id="trust" for="edge" attr.name="trust" attr.type="double"/>
              <key id="bridging" for="edge" attr.name="bridging" attr.type="boolean"/>
              <graph id="tick-\(w.tick)" edgedefault="undirected">

            """
        for i in 0..<w.residentCount {
            out += "    <node id=\"n\(i)\"><data key=\"group\">\(groups[Int(w.rGroup[i])])</data><data key=\"role\">\(roles[Int(w.rRole[i])])</data><data key=\"neighbourhood\">\(w.rNh[i])</data></node>\n"
        }
        forEachTie(w) { i, j, t in
            out += "    <edge source=\"n\(i)\" target=\"n\(j)\"><data key=\"trust\">\(NumberFormat.text(t))</data><data key=\"bridging\">\(w.rGroup[i] != w.rGroup[j])</data></edge>\n"
        }
        return out + "  </graph>\n</graphml>\n"
    }
}
