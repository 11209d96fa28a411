import BuurtCore
import CSupport

/// Fields of initiatives' members asked of memory ahead of use, in a town too large for the caches.
extension World {
    /// How many initiatives ahead `prefetchMembers` asks for members' fields: far enough for the
    /// lines to arrive (a few hundred nanoseconds), near enough to stay in the cache.
    static let membersAhead = 4

    /// How many tie changes ahead meet asks for the rows the change will touch.
    static let tieChangesAhead = 8

    /// Calls `ask` with each member of the live initiative `membersAhead` places after `live[k]`,
    /// for it to hand those members' fields to `buurt_prefetch`. A hint only: it reads the member
    /// list, and nothing the model computes depends on it.
    /// Three stages, so that no stage waits for memory: the initiative itself (its fields, and where
    /// its member list is) is asked for three times as far ahead, and its member list twice as far.
    @inline(__always) func prefetchMembers(afterLive k: Int, _ ask: (Int) -> Void) {
        let ahead = k + World.membersAhead
        guard ahead < live.count else { return }
        initiatives.withUnsafeBufferPointer { all in
            let list = ahead + World.membersAhead, further = list + World.membersAhead
            if further < live.count {
                let p = UnsafeRawPointer(all.baseAddress! + Int(live[further]))
                for line in stride(from: 0, to: MemoryLayout<Initiative>.stride, by: 64) { buurt_prefetch(p + line) }
            }
            if list < live.count {
                // The member list's storage (its count, then its first members): the word that
                // holds the list's reference is read as a plain address and only handed to
                // `buurt_prefetch`, which never faults, so no reference is taken or dropped here.
                let p = UnsafeRawPointer(all.baseAddress! + Int(live[list])) + World.membersOffset
                let storage = p.loadUnaligned(as: UInt.self)
                buurt_prefetch(UnsafeRawPointer(bitPattern: storage))
                buurt_prefetch(UnsafeRawPointer(bitPattern: storage &+ 64))
            }
            for m in all[Int(live[ahead])].members { ask(Int(m)) }
        }
    }

    /// Where an initiative's member list is kept within it (`prefetchMembers`).
    static let membersOffset = MemoryLayout<Initiative>.offset(of: \.members)!
}
