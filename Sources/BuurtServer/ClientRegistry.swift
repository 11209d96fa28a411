import Foundation
import Synchronization

/// The open connections, behind a lock of their own: joining and leaving never wait for the
/// session (which may be busy stepping), so a room of phones connecting and dropping cannot slow
/// the run or the host. The session reads the list when it broadcasts.
/// `Sendable`, checked by the compiler: its mutable state is behind a `Mutex`.
public final class ClientRegistry: Sendable {
    private struct Open { var clients: [Int: ClientConnection] = [:]; var nextID = 1 }
    private let open = Mutex(Open())

    public init() {}

    /// Registers a new connection.
    func add(role: ClientConnection.Role, viewer: String?, maxPendingUpdates: Int, maxPendingReplies: Int,
             maxUnreadBytes: Int) -> ClientConnection {
        open.withLock { o in
            let c = ClientConnection(id: o.nextID, role: role, viewer: viewer, maxPendingUpdates: maxPendingUpdates,
                                     maxPendingReplies: maxPendingReplies, maxUnreadBytes: maxUnreadBytes)
            o.nextID += 1
            o.clients[c.id] = c
            return c
        }
    }

    func remove(_ c: ClientConnection) { _ = open.withLock { $0.clients.removeValue(forKey: c.id) } }

    /// The open connections now (closed ones are left out and forgotten).
    public var all: [ClientConnection] {
        open.withLock { o in
            for (id, c) in o.clients where c.isClosed { o.clients[id] = nil }
            return Array(o.clients.values)
        }
    }

    public var count: Int { open.withLock { $0.clients.values.filter { !$0.isClosed }.count } }

    func contains(_ id: Int) -> Bool { open.withLock { $0.clients[id].map { !$0.isClosed } ?? false } }

    /// Closes and forgets everyone.
    func closeAll() {
        let list = open.withLock { o -> [ClientConnection] in
            let l = Array(o.clients.values); o.clients.removeAll(); return l
        }
        for c in list { c.close() }
    }
}
