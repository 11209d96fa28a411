import BuurtCore
import CSupport

/// The residents' tie rows: the one place where a tie is looked up, added or removed.
///
/// Resident i's ties are slots `i * cap ..< i * cap + degree[i]` of the target, trust and
/// reciprocity columns; a tie is kept at both ends. Column handles, so that meet's tie changes can
/// be applied on several threads (`World.applyTieChanges`): `Sendable` on the promise that, in a
/// parallel phase, each worker adds and removes only ties whose both ends are among its own
/// residents, and so writes only their rows.
struct TieRows: Sendable {
    let target: ColumnView<Int32>, trust: ColumnView<Float>, reciprocity: ColumnView<Float>
    let degree: ColumnView<UInt8>, group: ColumnView<UInt8>
    let cap: Int

    init(target: Column<Int32>, trust: Column<Float>, reciprocity: Column<Float>, degree: Column<UInt8>,
         group: Column<UInt8>, cap: Int) {
        self.target = target.view; self.trust = trust.view; self.reciprocity = reciprocity.view
        self.degree = degree.view; self.group = group.view; self.cap = cap
    }

    /// How many ties, and how many of them bridging (ends in different groups), a change made.
    struct Tally: Sendable, Equatable {
        var ties = 0, bridging = 0

        static func += (a: inout Tally, b: Tally) { a.ties += b.ties; a.bridging += b.bridging }
    }

    /// i's slot of its tie to j, if any.
    @inline(__always) func slot(_ i: Int, to j: Int32) -> Int? {
        let base = i &* cap
        for k in 0..<Int(degree[i]) where target[base + k] == j { return base + k }
        return nil
    }

    /// Asks memory for what a change of a tie of r reads and writes at r's end (its degree, its
    /// group and its row): in a city each end's row is a trip to main memory, and the changes are
    /// asked for a few ahead (`World.applyTieChanges`). A hint only: nothing is read or written.
    @inline(__always) func prefetch(_ r: Int) {
        buurt_prefetch(degree.kernelAddress + r); buurt_prefetch(group.kernelAddress + r)
        buurt_prefetch(target.kernelAddress + r * cap)
        buurt_prefetch(trust.kernelAddress + r * cap); buurt_prefetch(reciprocity.kernelAddress + r * cap)
    }

    /// Adds an undirected tie if both ends have room and it does not exist. Returns whether added.
    @discardableResult
    func add(_ i: Int, _ j: Int, trust t: Float, _ tally: inout Tally) -> Bool {
        guard i != j, Int(degree[i]) < cap, Int(degree[j]) < cap, slot(i, to: Int32(j)) == nil else { return false }
        // Each end in turn (a function, not a loop over an array of pairs, which allocated).
        func add(_ a: Int, _ b: Int) {
            let s = a * cap + Int(degree[a])
            target[s] = Int32(b); trust[s] = t; reciprocity[s] = 0
            degree[a] += 1
        }
        add(i, j); add(j, i)
        tally.ties += 1
        if group[i] != group[j] { tally.bridging += 1 }
        return true
    }

    /// Applies tie changes one by one, in order (additions with trust `t`), asking memory for the
    /// rows of the change `World.tieChangesAhead` places ahead when `prefetch` (a large town).
    func apply(_ list: [World.TieChange], trust t: Float, prefetch: Bool, _ tally: inout Tally) {
        let ahead = World.tieChangesAhead
        for (k, ch) in list.enumerated() {
            if prefetch, k + ahead < list.count { self.prefetch(Int(list[k + ahead].a)); self.prefetch(Int(list[k + ahead].b)) }
            if ch.add { add(Int(ch.a), Int(ch.b), trust: t, &tally) } else { remove(Int(ch.a), Int(ch.b), &tally) }
        }
    }

    /// Removes the undirected tie between i and j if present: at each end the row's last tie moves
    /// into the freed slot.
    func remove(_ i: Int, _ j: Int, _ tally: inout Tally) {
        guard let first = slot(i, to: Int32(j)) else { return }
        func remove(_ a: Int, slot s: Int) {
            let last = a * cap + Int(degree[a]) - 1
            target[s] = target[last]; trust[s] = trust[last]; reciprocity[s] = reciprocity[last]
            target[last] = -1
            degree[a] -= 1
        }
        remove(i, slot: first)
        if let s = slot(j, to: Int32(i)) { remove(j, slot: s) }
        tally.ties -= 1
        if group[i] != group[j] { tally.bridging -= 1 }
    }
}
