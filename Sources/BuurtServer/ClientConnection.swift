import Dispatch
import Foundation
import Synchronization

/// One open page: its role and its outbox.
///
/// The session never waits for a client: it drops frames into the outbox and moves on, and the
/// connection's own writer task sends them at whatever pace the client reads. Updates a slow client
/// has not taken are coalesced: past `maxPendingUpdates` they are thrown away and the client is
/// marked to get one full snapshot at a later broadcast instead. A client is cut off when it piles
/// up more than `maxPendingReplies` replies without reading, when what it has not read (queued
/// plus being written) passes `maxUnreadBytes`, or when its writer makes no progress for
/// `stallSeconds` (see `isStalled`): a client that never reads costs the server nothing for long.
///
/// `Sendable`, checked by the compiler: every mutable field is in `Outbox`, behind a `Mutex`; the
/// rest is immutable.
public final class ClientConnection: Sendable {
    public enum Role: String, Sendable { case host, viewer }

    public let id: Int
    public let role: Role
    /// Who votes: the anonymous viewer id the page keeps in its browser (`viewerKey`), so that a
    /// second tab or a reload is the same viewer; a client without one is a viewer of its own.
    public let viewer: String
    let maxPendingUpdates: Int
    let maxPendingReplies: Int
    let maxUnreadBytes: Int

    /// What the session and the writer share: the queued frames and their accounting.
    private struct Outbox {
        var frames: [(text: String, isUpdate: Bool, isSnapshot: Bool)] = []
        var pendingUpdates = 0
        var pendingReplies = 0
        var queuedBytes = 0
        var inFlightBytes = 0
        /// When the outbox last went from empty to holding something, or the writer last finished a batch.
        var waitingSince: UInt64 = 0
        var snapshotNeeded = true
        var closed = false
        var overflowed = false
        var onClose: (@Sendable () -> Void)?
        /// Counters for the session's statistics.
        var sent = 0
        var dropped = 0

        mutating func markWaiting() { if queuedBytes + inFlightBytes == 0 { waitingSince = DispatchTime.now().uptimeNanoseconds } }
    }
    private let outbox = Mutex(Outbox())

    /// Wakes the writer; holds at most one wake-up, so signals coalesce.
    private let continuation: AsyncStream<Void>.Continuation
    let wakeups: AsyncStream<Void>

    public var sentUpdates: Int { outbox.withLock { $0.sent } }
    public var droppedUpdates: Int { outbox.withLock { $0.dropped } }

    public init(id: Int, role: Role, viewer: String? = nil, maxPendingUpdates: Int = 4, maxPendingReplies: Int = 256,
                maxUnreadBytes: Int = 8 << 20) {
        self.id = id; self.role = role
        self.viewer = viewer.flatMap(ClientConnection.viewerKey).map { "v:" + $0 } ?? "c:\(id)"
        self.maxPendingUpdates = maxPendingUpdates; self.maxPendingReplies = maxPendingReplies
        self.maxUnreadBytes = maxUnreadBytes
        (wakeups, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// A viewer id as the page sends it (16 to 64 letters, digits, '-' or '_'), or nil.
    public static func viewerKey(_ text: String) -> String? {
        guard (16...64).contains(text.count),
              text.unicodeScalars.allSatisfy({ ($0.isASCII && CharacterSet.alphanumerics.contains($0)) || $0 == "-" || $0 == "_" })
        else { return nil }
        return text
    }

    /// Whether the next broadcast should send this client a full snapshot (new, or fell behind).
    public var needsSnapshot: Bool { outbox.withLock { $0.snapshotNeeded && !$0.closed } }

    public var isClosed: Bool { outbox.withLock { $0.closed } }

    /// Whether the client was cut off for not reading.
    public var didOverflow: Bool { outbox.withLock { $0.overflowed } }

    /// Bytes queued for this client or being written to it.
    public var unreadBytes: Int { outbox.withLock { $0.queuedBytes + $0.inFlightBytes } }

    /// Runs `action` once when the connection closes (it ends the connection's tasks).
    func whenClosed(_ action: @escaping @Sendable () -> Void) {
        let now: Bool = outbox.withLock { o in
            if o.closed { return true }
            o.onClose = action
            return false
        }
        if now { action() }
    }

    /// Queues a state update (or a snapshot when `snapshot`), coalescing when the client is behind.
    public func sendUpdate(_ text: String, snapshot: Bool = false) {
        let limit = maxPendingUpdates, most = maxUnreadBytes
        let cut: Bool = outbox.withLock { o in
            guard !o.closed else { return false }
            o.markWaiting()
            if snapshot {
                // A snapshot supersedes every update (and any older snapshot) still waiting.
                o.dropped += o.pendingUpdates
                o.frames.removeAll { $0.isUpdate }
                o.pendingUpdates = 0
                o.snapshotNeeded = false
            } else if o.pendingUpdates >= limit {
                o.dropped += o.pendingUpdates + 1
                o.frames.removeAll { $0.isUpdate && !$0.isSnapshot }
                o.pendingUpdates = o.frames.filter(\.isUpdate).count
                o.snapshotNeeded = true
                o.queuedBytes = o.frames.reduce(0) { $0 + $1.text.utf8.count }
                return false
            }
            o.frames.append((text, true, snapshot))
            o.pendingUpdates += 1
            o.queuedBytes = o.frames.reduce(0) { $0 + $1.text.utf8.count }
            if o.queuedBytes + o.inFlightBytes > most { o.overflowed = true; return true }
            return false
        }
        if cut { close() } else { continuation.yield() }
    }

    /// Queues a reply to this client alone.
    public func sendReply(_ text: String) {
        let limit = maxPendingReplies, most = maxUnreadBytes
        let cut: Bool = outbox.withLock { o in
            guard !o.closed else { return false }
            if o.pendingReplies >= limit || o.queuedBytes + o.inFlightBytes + text.utf8.count > most {
                o.overflowed = true
                return true
            }
            o.markWaiting()
            o.frames.append((text, false, false))
            o.pendingReplies += 1
            o.queuedBytes += text.utf8.count
            return false
        }
        if cut { close() } else { continuation.yield() }
    }

    /// Asks for a full snapshot at the next broadcast.
    public func requestSnapshot() { outbox.withLock { $0.snapshotNeeded = true } }

    /// Takes everything queued, in order; the writer calls `wrote()` when it has sent them.
    func take() -> [String] {
        outbox.withLock { o in
            let out = o.frames.map(\.text)
            o.sent += o.pendingUpdates
            o.inFlightBytes += o.queuedBytes
            o.queuedBytes = 0
            o.frames.removeAll(keepingCapacity: true)
            o.pendingUpdates = 0; o.pendingReplies = 0
            return out
        }
    }

    /// The writer has sent what it took.
    func wrote() {
        outbox.withLock { o in
            o.inFlightBytes = 0
            o.waitingSince = DispatchTime.now().uptimeNanoseconds
        }
    }

    /// Has had something to send for longer than `seconds` without the writer getting it out: the
    /// client does not read.
    /// `now` may be older than the last write (the session takes it before a time slice of
    /// stepping): a write after `now` means no stall, never a wrapped-around difference, which once
    /// cut off clients that had just joined or just been written to.
    func isStalled(now: UInt64, seconds: Double) -> Bool {
        outbox.withLock { o in
            !o.closed && o.queuedBytes + o.inFlightBytes > 0 && now > o.waitingSince
                && Double(now - o.waitingSince) > seconds * 1e9
        }
    }

    /// Cuts the client off for not reading.
    func drop() {
        outbox.withLock { $0.overflowed = true }
        close()
    }

    /// Ends the outbox; the writer finishes after this, and the connection's tasks end.
    public func close() {
        let action: (@Sendable () -> Void)? = outbox.withLock { o in
            if o.closed { return nil }
            o.closed = true
            o.frames.removeAll()
            o.queuedBytes = 0
            let a = o.onClose
            o.onClose = nil
            return a
        }
        continuation.finish()
        action?()
    }
}
