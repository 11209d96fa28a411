import BuurtCore

/// Meet's tie changes applied: as one by one in order, and in a large town on several threads.
extension World {
    /// Below this many changes in a week they are applied on one thread (threads cost more).
    static let parallelTieChanges = 2048

    /// Residents in a region of `applyTieChanges`: `1 << regionShift(...)`, so that about four
    /// regions go to each thread.
    static func regionShift(residents: Int, threads: Int) -> Int {
        let wanted = max(1, residents / (4 * max(1, threads)))
        return max(0, Int.bitWidth - 1 - wanted.leadingZeroBitCount) // the power of two at most `wanted`
    }

    /// Applies meet's tie changes (`lists` in order, each list in order: resident order) with
    /// exactly the result of applying them one by one in that order: an addition gives trust
    /// `newTrust` at both ends and fails if either end is full or the tie exists, a removal removes
    /// both ends (`TieRows`).
    ///
    /// On several threads and with many changes, the residents are split into regions of
    /// consecutive residents. A change goes to its region's list when both its ends are in that
    /// region and neither end's row has been touched by a change held back; otherwise it is held
    /// back, and its two rows are marked. The regions' lists are applied in parallel, each in order
    /// (a region's changes touch only its own rows), then the held-back changes one by one, in order.
    /// Every row so sees its changes in their original order, and every change finds both its rows
    /// as one by one would leave them (a row's changes before a held-back one are all applied
    /// first, those after it are all held back too): the rows are the same, bit for bit, for any
    /// number of threads and regions, and the tie counts are sums of whole numbers.
    func applyTieChanges(_ lists: [[TieChange]], trust newTrust: Float) {
        let total = lists.reduce(0) { $0 + $1.count }
        let ties = self.ties, prefetch = prefetchesMembers
        var tally = TieRows.Tally()
        defer { countTies(tally) }
        guard residentThreads > 1, total >= World.parallelTieChanges else {
            for list in lists { ties.apply(list, trust: newTrust, prefetch: prefetch, &tally) }
            return
        }
        let shift = World.regionShift(residents: residentCount, threads: residentThreads)
        let regions = ((residentCount - 1) >> shift) + 1
        var local = Array(repeating: [TieChange](), count: regions)
        for r in local.indices { local[r].reserveCapacity(2 * total / regions + 16) }
        var held: [TieChange] = []
        var marks = [UInt64](repeating: 0, count: (residentCount + 63) / 64)
        @inline(__always) func marked(_ r: Int) -> Bool { marks[r >> 6] & (1 << UInt64(r & 63)) != 0 }
        @inline(__always) func mark(_ r: Int) { marks[r >> 6] |= 1 << UInt64(r & 63) }
        for list in lists {
            for ch in list {
                let a = Int(ch.a), b = Int(ch.b)
                if a >> shift == b >> shift, !marked(a), !marked(b) {
                    local[a >> shift].append(ch)
                } else {
                    held.append(ch); mark(a); mark(b)
                }
            }
        }
        let regionLists = local
        let tallies = SlotBuffer<TieRows.Tally>(repeating: TieRows.Tally(), count: regions)
        Parallel.forEachChunk(regions, threads: residentThreads) { r in
            var t = TieRows.Tally()
            ties.apply(regionLists[r], trust: newTrust, prefetch: prefetch, &t)
            tallies[r] = t
        }
        for t in tallies.slots { tally += t }
        ties.apply(held, trust: newTrust, prefetch: prefetch, &tally)
    }
}
