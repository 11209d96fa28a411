/// Settings of one `buurt serve` session.
public struct ServeConfiguration: Sendable {
    /// Address to listen on: `127.0.0.1` (this machine only) or `0.0.0.0` (the room's network).
    public var host: String
    /// TCP port; 0 picks a free one (tests).
    public var port: Int
    /// Folder whose `*.yaml` files the page offers as scenarios (listed by name only).
    public var modelsFolder: String
    /// The host's secret: a client that connects with it may change the run; others only watch.
    public var token: String
    /// Worker threads for each branch's simulation (results do not depend on it).
    public var threads: Int
    /// Largest message a client may send; bigger ones are refused with an error message.
    public var maxMessageBytes: Int
    /// Largest WebSocket frame accepted at all; a bigger frame closes that connection (code 1009).
    public var maxFrameBytes: Int
    /// Most state updates sent to a client per second; ticks in between are coalesced.
    public var updatesPerSecond: Double
    /// Most network samples sent per second (they are larger than chart points).
    public var networkPerSecond: Double
    /// Most branches (the original plus forks) running side by side.
    public var maxBranches: Int
    /// Residents in the network view's sample.
    public var sampleResidents: Int
    /// Ticks per second when the session starts (0 = as fast as the machine goes).
    public var initialSpeed: Double
    /// Unsent updates a client may fall behind before it is sent one full snapshot instead.
    public var maxPendingUpdates: Int
    /// Unsent replies a client may pile up (by sending without reading) before it is disconnected.
    public var maxPendingReplies: Int
    /// Bytes a client may leave unread (queued or being written) before it is cut off.
    public var maxUnreadBytes: Int
    /// Seconds a client's writer may make no progress (the client does not read) before it is cut off.
    public var stallSeconds: Double
    /// Least time between two full snapshots for joining clients (they share one).
    public var snapshotSeconds: Double
    /// Most weeks of one branch's history in a snapshot: a longer history is thinned to every k-th
    /// week, ending on the latest (a chart is at most a few thousand pixels wide), so a long run's
    /// snapshot stays small enough for phones and never trips `maxUnreadBytes` by itself.
    public var snapshotPoints: Int
    /// The page's language when the browser's own is not to be followed: "nl", "en", or nil.
    public var language: String?
    /// Audience proposals: least seconds between two of one viewer's proposals, and between two of
    /// its votes; most proposals open at once.
    public var proposalSeconds: Double
    public var voteSeconds: Double
    public var maxProposals: Int
    /// Whether audience voting is on when the session starts.
    public var voting: Bool

    public init(host: String = "127.0.0.1", port: Int = 8080, modelsFolder: String = "Models",
                token: String = ServeConfiguration.randomToken(), threads: Int = 1,
                maxMessageBytes: Int = 256 * 1024, maxFrameBytes: Int = 1024 * 1024,
                updatesPerSecond: Double = 15, networkPerSecond: Double = 3, maxBranches: Int = 4,
                sampleResidents: Int = 150, initialSpeed: Double = 10, maxPendingUpdates: Int = 4,
                maxPendingReplies: Int = 256, maxUnreadBytes: Int = 8 << 20, stallSeconds: Double = 10,
                snapshotSeconds: Double = 0.2, snapshotPoints: Int = 4000, language: String? = nil, proposalSeconds: Double = 15,
                voteSeconds: Double = 2, maxProposals: Int = 8, voting: Bool = true) {
        self.host = host; self.port = port; self.modelsFolder = modelsFolder; self.token = token
        self.threads = max(1, threads); self.maxMessageBytes = maxMessageBytes
        self.maxFrameBytes = max(maxFrameBytes, maxMessageBytes)
        self.updatesPerSecond = updatesPerSecond; self.networkPerSecond = networkPerSecond
        self.maxBranches = max(1, maxBranches); self.sampleResidents = sampleResidents
        self.initialSpeed = initialSpeed; self.maxPendingUpdates = max(1, maxPendingUpdates)
        self.maxPendingReplies = max(8, maxPendingReplies)
        self.maxUnreadBytes = max(64 << 10, maxUnreadBytes); self.stallSeconds = max(0.5, stallSeconds)
        self.snapshotSeconds = max(0, snapshotSeconds); self.snapshotPoints = max(2, snapshotPoints); self.language = language
        self.proposalSeconds = max(0, proposalSeconds); self.voteSeconds = max(0, voteSeconds)
        self.maxProposals = max(1, maxProposals); self.voting = voting
    }

    /// A fresh random token (24 hex digits, 96 bits) from the system's generator. Not a simulation
    /// stream: it only guards the controls.
    public static func randomToken() -> String {
        var g = SystemRandomNumberGenerator()
        return (0..<3).map { _ in
            let hex = String(g.next() as UInt32, radix: 16)
            return String(repeating: "0", count: 8 - hex.count) + hex
        }.joined()
    }

    /// Speeds the page offers, in ticks per second (0 = as fast as possible).
    public static let speeds: [Double] = [1, 2, 5, 10, 20, 50, 100, 0]
}
