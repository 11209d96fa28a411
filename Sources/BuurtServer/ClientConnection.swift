import Dispatch
import Foundation

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
/// `@unchecked Sendable`: every mutable field below is read and written only while holding `lock`
/// (the counters too, through their accessors); the rest is immutable.
public final class ClientConnection: @unchecked Sendable {
    public enum Role: String, Sendable { case host, viewer }

    public let id: Int
    public let role: Role
    /// Who votes: the anonymous viewer id the page keeps in its browser (`viewerKey`), so that a
    /// second tab or a reload is the same viewer; a client without one is a viewer of its own.
    public let viewer: String
    let maxPendingUpdates: Int
    let maxPendingReplies: Int
    let maxUnreadBytes: Int

    private let lock = NSLock()
    private var frames: [(text: String, isUpdate: Bool, isSnapshot: Bool)] = []
    private var pendingUpdates = 0
    private var pendingReplies = 0
    private var queuedBytes = 0
    private var inFlightBytes = 0
    /// When the outbox last went from empty to holding something, or the writer last finished a batch.
    private var waitingSince: UInt64 = 0
    private var snapshotNeeded = true
    private var closed = false
    private var overflowed = false
    private var onClose: (@Sendable () -> Void)?
    /// Wakes the writer; holds at most one wake-up, so signals coalesce.
    private let continuation: AsyncStream<Void>.Continuation
    let wakeups: AsyncStream<Void>

    /// Counters for the session's statistics (read under the lock).
    private var sent = 0
    private var dropped = 0
    public var sentUpdates: Int { lock.withLock { sent } }
    public var droppedUpdates: Int { lock.withLock { dropped } }

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
    public var needsSnapshot: Bool { lock.withLock { snapshotNeeded && !closed } }

    public var isClosed: Bool { lock.withLock { closed } }

    /// Whether the client was cut off for not reading.
    public var didOverflow: Bool { lock.withLock { overflowed } }

    /// Bytes queued for this client or being written to it.
    public var unreadBytes: Int { lock.withLock { queuedBytes + inFlightBytes } }

    /// Runs `action` once when the connection closes (it ends the connection's tasks).
    func whenClosed(_ action: @escaping @Sendable () -> Void) {
        let now: Bool = lock.withLock {
            if closed { return true }
            onClose = action
            return false
        }
        if now { action() }
    }

    private func markWaiting() { if queuedBytes + inFlightBytes == 0 { waitingSince = DispatchTime.now().uptimeNanoseconds } }

    /// Queues a state update (or a snapshot when `snapshot`), coalescing when the client is behind.
    public func sendUpdate(_ text: String, snapshot: Bool = false) {
        let cut: Bool = lock.withLock {
            guard !closed else { return false }
            markWaiting()
            if snapshot {
                // A snapshot supersedes every update (and any older snapshot) still waiting.
                dropped += pendingUpdates
                frames.removeAll { $0.isUpdate }
                pendingUpdates = 0
                snapshotNeeded = false
            } else if pendingUpdates >= maxPendingUpdates {
                dropped += pendingUpdates + 1
                frames.removeAll { $0.isUpdate && !$0.isSnapshot }
                pendingUpdates = frames.filter(\.isUpdate).count
                snapshotNeeded = true
                queuedBytes = frames.reduce(0) { $0 + $1.text.utf8.count }
                return false
            }
            frames.append((text, true, snapshot))
            pendingUpdates += 1
            queuedBytes = frames.reduce(0) { $0 + $1.text.utf8.count }
            if queuedBytes + inFlightBytes > maxUnreadBytes { overflowed = true; return true }
            return false
        }
        if cut { close() } else { continuation.yield() }
    }

    /// Queues a reply to this client alone.
    public func sendReply(_ text: String) {
        let cut: Bool = lock.withLock {
            guard !closed else { return false }
            if pendingReplies >= maxPendingReplies || queuedBytes + inFlightBytes + text.utf8.count > maxUnreadBytes {
                overflowed = true
                return true
            }
            markWaiting()
            frames.append((text, false, false))
            pendingReplies += 1
            queuedBytes += text.utf8.count
            return false
        }
        if cut { close() } else { continuation.yield() }
    }

    /// Asks for a full snapshot at the next broadcast.
    public func requestSnapshot() { lock.withLock { snapshotNeeded = true } }

    /// Takes everything queued, in order; the writer calls `wrote()` when it has sent them.
    func take() -> [String] {
        lock.withLock {
            let out = frames.map(\.text)
            sent += pendingUpdates
            inFlightBytes += queuedBytes
            queuedBytes = 0
            frames.removeAll(keepingCapacity: true)
            pendingUpdates = 0; pendingReplies = 0
            return out
        }
    }

    /// The writer has sent what it took.
    func wrote() {
        lock.withLock {
            inFlightBytes = 0
            waitingSince = DispatchTime.now().uptimeNanoseconds
        }
    }

    /// Has had something to send for longer than `seconds` without the writer getting it out: the
    /// client does not read.
    /// `now` may be older than the last write (the session takes it before a time slice of
    /// stepping): a write after `now` means no stall, never a wrapped-around difference, which once
    /// cut off clients that had just joined or just been written to.
    func isStalled(now: UInt64, seconds: Double) -> Bool {
        lock.withLock {
            !closed && queuedBytes + inFlightBytes > 0 && now > waitingSince
                && Double(now - waitingSince) > seconds * 1e9
        }
    }

    /// Cuts the client off for not reading.
    func drop() {
        lock.withLock { overflowed = true }
        close()
    }

    /// Ends the outbox; the writer finishes after this, and the connection's tasks end.
    public func close() {
        let action: (@Sendable () -> Void)? = lock.withLock {
            if closed { return nil }
            closed = true
            frames.removeAll()
            queuedBytes = 0
            let a = onClose
            onClose = nil
            return a
        }
        continuation.finish()
        action?()
    }
}
