import BuurtCore
import CSupport

/// Fields of initiatives' members asked of memory ahead of use, in a town too large for the caches.
extension World {
    /// How many initiatives ahead `prefetchMembers` asks for members' fields: far enough for the
    /// lines to arrive (a few hundred nanoseconds), near enough to stay in the cache.
    static let membersAhead = 4

    /// How many tie changes ahead meet asks for the rows the change will touch.
    static let tieChangesAhead = 8

    /// Asks memory for the tie rows and degrees of both ends of a tie change: in a city, meet's
    /// changes are applied one by one on one thread, and each end's row is a trip to main memory.
    @inline(__always) func prefetchTieRows(_ ch: TieChange) {
        let a = Int(ch.a), b = Int(ch.b)
        let target = tTarget.view.kernelAddress, trust = tTrust.view.kernelAddress, rec = tReciprocity.view.kernelAddress
        let degree = rDegree.view.kernelAddress, group = rGroup.view.kernelAddress
        func ask(_ r: Int) {
            buurt_prefetch(degree + r); buurt_prefetch(group + r); buurt_prefetch(target + r * tieCapacity)
            buurt_prefetch(trust + r * tieCapacity); buurt_prefetch(rec + r * tieCapacity)
        }
        ask(a); ask(b)
    }

    /// Calls `ask` with each member of the live initiative `membersAhead` places after `live[k]`,
    /// for it to hand those members' fields to `buurt_prefetch`. A hint only: it reads the member
    /// list, and nothing the model computes depends on it.
    @inline(__always) func prefetchMembers(afterLive k: Int, _ ask: (Int) -> Void) {
        let ahead = k + World.membersAhead
        guard ahead < live.count else { return }
        initiatives.withUnsafeBufferPointer { all in
            for m in all[Int(live[ahead])].members { ask(Int(m)) }
        }
    }
}
