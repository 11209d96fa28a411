import BuurtCore
import BuurtModel
import Dispatch

/// The running workshop: the branches side by side, the clock that steps them, and the clients
/// watching. One actor owns every simulation; it runs on its own dispatch queue, so stepping never
/// holds the threads that serve pages and WebSockets.
///
/// The loop steps all unfinished branches together (one tick each) at the host's chosen speed and,
/// at most `updatesPerSecond` times a second, broadcasts what changed: the new chart points of each
/// branch, lever values and markers, and now and then a network sample. The broadcast is rendered
/// once and dropped into every client's outbox; no client is ever waited for.
public actor LiveSession {
    nonisolated let executor = SerialQueueExecutor(label: "buurt.live-session")
    public nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }

    public nonisolated let configuration: ServeConfiguration
    public nonisolated let library: ScenarioLibrary

    /// The scenario of the current run (after the reset's overrides).
    public internal(set) var scenario: Scenario
    public internal(set) var branches: [Branch] = []
    public internal(set) var playing = false
    /// Ticks per second; 0 runs as fast as the machine goes.
    public internal(set) var speed: Double
    /// Increases at every reset; messages of an older run are ignored by the page.
    public internal(set) var generation = 1
    var forkCount = 0

    /// The open connections; joining and leaving take its lock, never the session.
    public nonisolated let registry = ClientRegistry()
    var clients: [ClientConnection] { registry.all }
    /// The greeting of each role, rendered once (it is the same for every client of a role).
    nonisolated let greetings: [ClientConnection.Role: String]
    /// This server process's random id (in `hello`): a page that reconnects to a different one knows
    /// the server was restarted and its run is gone.
    public nonisolated let instance: String
    var seq = 0

    // Audience proposals and votes (LiveSession+Votes).
    public internal(set) var votingOpen = true
    var proposals: [Proposal] = []
    var nextProposalID = 1
    /// When each client last proposed or moved its vote (rate limits), by client id.
    var lastAudienceAction: [String: UInt64] = [:]
    var votesDirty = true
    /// The audience as last broadcast: the number of open connections and each proposal's counted
    /// votes. A viewer who leaves (or comes back) changes both without a command, so the broadcast
    /// compares and resends the tally and the viewer count when they moved.
    var broadcastAudience: [Int] = []
    /// When the last full snapshot was rendered: new clients share one at most every `snapshotSeconds`.
    var lastSnapshot: UInt64 = 0
    /// Clients cut off for not reading, since the start.
    public internal(set) var droppedClients = 0

    // Pacing: at speed s, `stepsTotal` should be `anchorSteps + s * (now - anchorTime)`.
    var anchorTime: UInt64 = 0
    var anchorSteps = 0
    /// Lockstep steps taken since the server started (each advances every unfinished branch).
    public internal(set) var stepsTotal = 0
    /// Branch-ticks simulated since the server started.
    public internal(set) var branchTicksTotal = 0
    var lastBroadcast: UInt64 = 0
    var lastNetwork: UInt64 = 0
    /// Something changed since the last broadcast.
    var dirty = true
    /// Network samples already rendered, by branch name, with the tick they show.
    var networkCache: [String: (tick: Int, json: JSON)] = [:]
    var loopTask: Task<Void, Never>?
    public internal(set) var broadcasts = 0

    public init(configuration: ServeConfiguration) {
        self.configuration = configuration
        library = ScenarioLibrary(folder: configuration.modelsFolder)
        let base = (try? library.load(name: "baseline")) ?? Scenario.baseline()
        scenario = base
        speed = configuration.initialSpeed
        votingOpen = configuration.voting
        branches = [Branch(name: "A", simulation: Simulation(scenario: base, threads: configuration.threads))]
        let names = library.names()
        var random = SystemRandomNumberGenerator()
        let id = (0..<2).map { _ in String(random.next() as UInt64, radix: 16) }.joined(separator: "-")
        instance = id
        greetings = [.host: LiveSession.hello(role: .host, configuration: configuration, scenarios: names, instance: id).text,
                     .viewer: LiveSession.hello(role: .viewer, configuration: configuration, scenarios: names, instance: id).text]
    }

    /// Starts the clock (idempotent).
    public func start() {
        guard loopTask == nil else { return }
        loopTask = Task { await self.loop() }
    }

    /// Stops the clock and closes every client's outbox.
    public func stop() {
        loopTask?.cancel()
        loopTask = nil
        registry.closeAll()
    }

    static func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

    var allFinished: Bool { branches.allSatisfy(\.isFinished) }

    /// The slowest branch's tick (all branches step together, so they share it unless finished).
    public var tick: Int { branches.map(\.simulation.tick).max() ?? 0 }

    func loop() async {
        while !Task.isCancelled {
            let now = LiveSession.now()
            advance(now: now)
            let interval = UInt64(1e9 / max(0.5, configuration.updatesPerSecond))
            let current = clients
            let snapshotDue = Double(now &- lastSnapshot) >= configuration.snapshotSeconds * 1e9
                && current.contains(where: \.needsSnapshot)
            if now &- lastBroadcast >= interval || snapshotDue {
                broadcast(now: now, clients: current)
            }
            if playing && speed == 0 {
                await Task.yield()
            } else {
                // Sleep until the next tick is due, or a short while when idle; commands still arrive
                // meanwhile (they are handled between the loop's turns).
                var wait: UInt64 = 20_000_000
                if playing && speed > 0 { wait = min(wait, UInt64(1e9 / speed)) }
                try? await Task.sleep(nanoseconds: max(1_000_000, wait))
            }
        }
    }

    /// Steps as many ticks as the speed asks for since the anchor, at most a time slice's worth.
    func advance(now: UInt64) {
        guard playing else { return }
        if allFinished {
            playing = false
            dirty = true
            return
        }
        if speed == 0 {
            // As fast as possible, in slices of at most 30 ms that end when a broadcast is due, so
            // commands and broadcasts get their turn.
            let interval = UInt64(1e9 / max(0.5, configuration.updatesPerSecond))
            let deadline = min(now + 30_000_000, max(now + 1_000_000, lastBroadcast &+ interval))
            repeat { stepAll() } while !allFinished && LiveSession.now() < deadline
        } else {
            let due = anchorSteps + Int(Double(now &- anchorTime) / 1e9 * speed) - stepsTotal
            if Double(due) > max(2, speed / 2) {
                // Half a second behind: this machine cannot keep the pace; drop the backlog.
                anchor(now: now)
                stepAll()
            } else if due > 0 {
                for _ in 0..<due where !allFinished { stepAll() }
            }
        }
        if allFinished { playing = false }
    }

    /// One tick of every unfinished branch.
    func stepAll() {
        for b in branches where !b.isFinished {
            b.simulation.step()
            branchTicksTotal += 1
        }
        stepsTotal += 1
        dirty = true
    }

    func anchor(now: UInt64 = LiveSession.now()) {
        anchorTime = now
        anchorSteps = stepsTotal
    }

    /// Sends what changed to every client; new and lagging clients get a full snapshot instead.
    func broadcast(now: UInt64, clients current: [ClientConnection]? = nil) {
        let clients = current ?? self.clients
        // A client whose writer has made no progress for a while does not read: cut it off.
        for c in clients where c.isStalled(now: now, seconds: configuration.stallSeconds) {
            c.drop()
            droppedClients += 1
        }
        let snapshotAllowed = Double(now &- lastSnapshot) >= configuration.snapshotSeconds * 1e9
        let networkDue = Double(now &- lastNetwork) >= 1e9 / max(0.2, configuration.networkPerSecond)
        var update: String?
        var snapshot: String?
        let audience = audienceNow(clients)
        if audience != broadcastAudience {
            // The viewer count moved (stats), and perhaps the tally (votes) with it.
            if audience.dropFirst() != broadcastAudience.dropFirst() { votesDirty = true }
            dirty = true
        }
        if dirty {
            seq += 1
            update = message(type: "update", full: false, network: networkDue).text
            if networkDue { lastNetwork = now }
        }
        for c in clients where !c.isClosed {
            if c.needsSnapshot {
                // Snapshots (whole histories) are shared and rendered at most every snapshotSeconds;
                // a client waiting for one gets no updates meanwhile.
                guard snapshotAllowed else { continue }
                if snapshot == nil {
                    snapshot = message(type: "snapshot", full: true, network: true).text
                    lastSnapshot = now
                }
                c.sendUpdate(snapshot!, snapshot: true)
            } else if let update {
                c.sendUpdate(update)
            }
        }
        if update != nil || snapshot != nil {
            for b in branches {
                b.broadcastTick = b.simulation.tick
                b.broadcastLevers = b.simulation.world.levers.raw
                b.broadcastMarkers = b.markers.count
            }
            votesDirty = false
            broadcastAudience = audience
            lastBroadcast = now
            dirty = false
            broadcasts += 1
        }
    }
}
