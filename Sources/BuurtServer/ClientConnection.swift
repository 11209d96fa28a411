import Foundation

/// One open page: its role and its outbox.
///
/// The session never waits for a client: it drops frames into the outbox and moves on, and the
/// connection's own writer task sends them at whatever pace the client reads. Updates a slow client
/// has not taken are coalesced: past `maxPendingUpdates` they are thrown away and the client is
/// marked to get one full snapshot at the next broadcast instead. Replies (acknowledgements,
/// errors, exports) are never dropped; a client that piles up more than `maxPendingReplies` of them
/// without reading is disconnected.
public final class ClientConnection: @unchecked Sendable {
    public enum Role: String, Sendable { case host, viewer }

    public let id: Int
    public let role: Role
    let maxPendingUpdates: Int
    let maxPendingReplies: Int

    private let lock = NSLock()
    private var frames: [(text: String, isUpdate: Bool)] = []
    private var pendingUpdates = 0
    private var pendingReplies = 0
    private var snapshotNeeded = true
    private var closed = false
    private var overflowed = false
    /// Wakes the writer; holds at most one wake-up, so signals coalesce.
    private let continuation: AsyncStream<Void>.Continuation
    let wakeups: AsyncStream<Void>

    /// Counters for the session's statistics.
    public private(set) var sentUpdates = 0
    public private(set) var droppedUpdates = 0

    public init(id: Int, role: Role, maxPendingUpdates: Int = 4, maxPendingReplies: Int = 256) {
        self.id = id; self.role = role
        self.maxPendingUpdates = maxPendingUpdates; self.maxPendingReplies = maxPendingReplies
        (wakeups, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Whether the next broadcast should send this client a full snapshot (new, or fell behind).
    public var needsSnapshot: Bool { lock.withLock { snapshotNeeded } }

    public var isClosed: Bool { lock.withLock { closed } }

    /// Whether the client was cut off for not reading its replies.
    public var didOverflow: Bool { lock.withLock { overflowed } }

    /// Queues a state update (or a snapshot when `snapshot`), coalescing when the client is behind.
    public func sendUpdate(_ text: String, snapshot: Bool = false) {
        lock.withLock {
            guard !closed else { return }
            if snapshot {
                // A snapshot supersedes every update still waiting.
                droppedUpdates += pendingUpdates
                frames.removeAll { $0.isUpdate }
                pendingUpdates = 0
                snapshotNeeded = false
            } else if pendingUpdates >= maxPendingUpdates {
                droppedUpdates += pendingUpdates + 1
                frames.removeAll { $0.isUpdate }
                pendingUpdates = 0
                snapshotNeeded = true
                return
            }
            frames.append((text, true))
            pendingUpdates += 1
        }
        continuation.yield()
    }

    /// Queues a reply to this client alone.
    public func sendReply(_ text: String) {
        let cut: Bool = lock.withLock {
            guard !closed else { return false }
            if pendingReplies >= maxPendingReplies {
                overflowed = true
                return true
            }
            frames.append((text, false))
            pendingReplies += 1
            return false
        }
        if cut { close() } else { continuation.yield() }
    }

    /// Asks for a full snapshot at the next broadcast.
    public func requestSnapshot() { lock.withLock { snapshotNeeded = true } }

    /// Takes everything queued, in order.
    func take() -> [String] {
        lock.withLock {
            let out = frames.map(\.text)
            sentUpdates += pendingUpdates
            frames.removeAll(keepingCapacity: true)
            pendingUpdates = 0; pendingReplies = 0
            return out
        }
    }

    /// Ends the outbox; the writer finishes after this.
    public func close() {
        lock.withLock { closed = true; frames.removeAll() }
        continuation.finish()
    }
}
