import BuurtCore
import BuurtModel

/// What the network view draws: a sample of residents, the active intermediaries who bridge them
/// to civil servants and funders, and the ties between them with their trust.
///
/// Nodes are `[kind, key, group, neighbourhood, value]`: kind 0 a resident (key: resident id,
/// value: trust in institutions), 1 an intermediary (key: resident id, value: energy), 2 a civil
/// servant (key: index, value: openness), 3 a funder (key: index, group: funder kind). Edges are
/// `[from, to, trust, kind]` between node positions: kind 0 a social tie, 1 an intermediary's tie
/// to a civil servant, 2 an intermediary's case funded by a funder (trust: the members' mean trust
/// in institutions).
///
/// - Complexity: O(sample x tie capacity); independent of the population size.
public enum NetworkSample {
    static let maxIntermediaries = 60
    static let maxServants = 40
    static let maxFunders = 12
    static let maxEdges = 2000

    public static func json(world w: World, residents maxResidents: Int) -> JSON {
        var nodes: [JSON] = []
        var nodeOf: [Int32: Int] = [:]          // resident id -> node position
        var edges: [JSON] = []

        func addResident(_ r: Int32) {
            guard nodeOf[r] == nil, nodes.count < maxResidents + maxIntermediaries else { return }
            let i = Int(r)
            nodeOf[r] = nodes.count
            nodes.append(.array([.int(0), .int(i), .int(Int(w.rGroup[i])), .int(Int(w.rNh[i])),
                                 .number(rounded(Double(w.rTrustInstitutions[i])))]))
        }

        // Active intermediaries first, so their residents are drawn as intermediaries.
        let active = w.intermediaries.indices.filter { w.intermediaries[$0].active }.prefix(maxIntermediaries)
        for m in active {
            let im = w.intermediaries[m]
            nodeOf[im.resident] = nodes.count
            let r = Int(im.resident)
            nodes.append(.array([.int(1), .int(r), .int(Int(w.rGroup[r])), .int(Int(im.nh)), .number(rounded(im.energy))]))
        }
        let intermediaryNodes = nodes.count

        // Residents: a few of each intermediary's ties, then an even spread over the population.
        let perIntermediary = active.isEmpty ? 0 : max(1, min(4, maxResidents / active.count))
        for m in active {
            let r = Int(w.intermediaries[m].resident)
            let base = r * w.tieCapacity
            var taken = 0
            for k in 0..<Int(w.rDegree[r]) where taken < perIntermediary {
                let j = w.tTarget[base + k]
                if nodeOf[j] == nil && nodes.count - intermediaryNodes < maxResidents { addResident(j); taken += 1 }
            }
        }
        // Golden-ratio steps spread the rest evenly over all neighbourhoods, the same ones every time.
        var k = 0
        while nodes.count - intermediaryNodes < maxResidents && k < 20 * maxResidents && w.residentCount > 0 {
            let u = (Double(k) * 0.6180339887498949).truncatingRemainder(dividingBy: 1)
            addResident(Int32(min(w.residentCount - 1, Int(u * Double(w.residentCount)))))
            k += 1
        }

        // Social ties among the drawn residents and intermediaries.
        for (r, a) in nodeOf.sorted(by: { $0.value < $1.value }) {
            let i = Int(r), base = i * w.tieCapacity
            for k in 0..<Int(w.rDegree[i]) {
                let j = w.tTarget[base + k]
                guard j > r, let b = nodeOf[j], edges.count < maxEdges else { continue }
                edges.append(.array([.int(a), .int(b), .number(rounded(Double(w.tTrust[base + k]))), .int(0)]))
            }
        }

        // Civil servants tied to the drawn intermediaries, and the funders.
        var servantNode: [Int32: Int] = [:]
        for m in active {
            let im = w.intermediaries[m]
            let a = nodeOf[im.resident]!
            for (k, s) in im.servantTies.enumerated() {
                if servantNode[s] == nil {
                    guard servantNode.count < maxServants, Int(s) < w.servants.count else { continue }
                    servantNode[s] = nodes.count
                    nodes.append(.array([.int(2), .int(Int(s)), .int(w.servants[Int(s)].department), .int(0),
                                         .number(rounded(w.servants[Int(s)].openness))]))
                }
                if edges.count < maxEdges {
                    let trust = k < im.servantTrust.count ? Double(im.servantTrust[k]) : 0.5
                    edges.append(.array([.int(a), .int(servantNode[s]!), .number(rounded(trust)), .int(1)]))
                }
            }
        }
        let funderBase = nodes.count
        let funderCount = min(maxFunders, w.funders.count)
        for f in 0..<funderCount {
            nodes.append(.array([.int(3), .int(f), .int(w.funders[f].kind.rawValue), .int(0), .number(0)]))
        }
        for m in active {
            let im = w.intermediaries[m]
            var trustSum = [Double](repeating: 0, count: funderCount), count = [Int](repeating: 0, count: funderCount)
            for c in im.cases where Int(c) < w.initiatives.count {
                let ini = w.initiatives[Int(c)]
                let f = Int(ini.funder)
                guard f >= 0, f < funderCount, ini.phase == .active || ini.phase == .selfSustaining else { continue }
                let members = ini.members.prefix(20)
                guard !members.isEmpty else { continue }
                trustSum[f] += members.reduce(0.0) { $0 + Double(w.rTrustInstitutions[Int($1)]) } / Double(members.count)
                count[f] += 1
            }
            for f in 0..<funderCount where count[f] > 0 && edges.count < maxEdges {
                edges.append(.array([.int(nodeOf[im.resident]!), .int(funderBase + f),
                                     .number(rounded(trustSum[f] / Double(count[f]))), .int(2)]))
            }
        }
        return .object([("tick", .int(w.tick)), ("neighbourhoods", .int(w.neighbourhoodCount)),
                        ("nodes", .array(nodes)), ("edges", .array(edges))])
    }

    /// Three decimals are plenty for colour and keep the message small.
    @inline(__always) static func rounded(_ v: Double) -> Double { (v * 1000).rounded() / 1000 }
}
