import Foundation

/// The open connections, behind a lock of their own: joining and leaving never wait for the
/// session (which may be busy stepping), so a room of phones connecting and dropping cannot slow
/// the run or the host. The session reads the list when it broadcasts.
/// `@unchecked Sendable`: its mutable fields are touched only while holding `lock`.
public final class ClientRegistry: @unchecked Sendable {
    private let lock = NSLock()
    private var clients: [Int: ClientConnection] = [:]
    private var nextID = 1

    public init() {}

    /// Registers a new connection.
    func add(role: ClientConnection.Role, viewer: String?, maxPendingUpdates: Int, maxPendingReplies: Int,
             maxUnreadBytes: Int) -> ClientConnection {
        lock.withLock {
            let c = ClientConnection(id: nextID, role: role, viewer: viewer, maxPendingUpdates: maxPendingUpdates,
                                     maxPendingReplies: maxPendingReplies, maxUnreadBytes: maxUnreadBytes)
            nextID += 1
            clients[c.id] = c
            return c
        }
    }

    func remove(_ c: ClientConnection) { _ = lock.withLock { clients.removeValue(forKey: c.id) } }

    /// The open connections now (closed ones are left out and forgotten).
    public var all: [ClientConnection] {
        lock.withLock {
            for (id, c) in clients where c.isClosed { clients[id] = nil }
            return Array(clients.values)
        }
    }

    public var count: Int { lock.withLock { clients.values.filter { !$0.isClosed }.count } }

    func contains(_ id: Int) -> Bool { lock.withLock { clients[id].map { !$0.isClosed } ?? false } }

    /// Closes and forgets everyone.
    func closeAll() {
        let list = lock.withLock { () -> [ClientConnection] in
            let l = Array(clients.values); clients.removeAll(); return l
        }
        for c in list { c.close() }
    }
}
