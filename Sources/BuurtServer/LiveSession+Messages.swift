import BuurtCore
import BuurtModel

/// The messages the session sends: the greeting, snapshots and updates, replies and errors.
extension LiveSession {
    /// The greeting a client gets first: its role and everything the page builds itself from.
    func hello(role: ClientConnection.Role) -> JSON {
        .object([
            ("type", .string("hello")), ("role", .string(role.rawValue)), ("version", .string(BuurtVersion.current)),
            ("levers", LeverCatalog.levers), ("metrics", LeverCatalog.metrics), ("charts", LeverCatalog.chartsJSON),
            ("streamed", .array(LeverCatalog.streamedMetrics.map { .string($0.spec.name) })),
            ("scenarios", .array(library.names().map { .string($0) })),
            ("speeds", .numbers(ServeConfiguration.speeds)),
            ("limits", .object([("maxMessageBytes", .int(configuration.maxMessageBytes)),
                                ("maxBranches", .int(configuration.maxBranches))])),
        ])
    }

    /// A snapshot (`full`: every branch's whole history) or an update (the points since the last
    /// broadcast). Both list every branch, so a dropped branch disappears from the page.
    func message(type: String, full: Bool, network: Bool) -> JSON {
        .object([
            ("type", .string(type)), ("seq", .int(seq)), ("generation", .int(generation)),
            ("scenario", .object([("name", .string(scenario.name)), ("description", .string(scenario.description)),
                                  ("residents", .int(scenario.values.int(.residents))),
                                  ("ticks", .int(scenario.values.int(.ticks)))])),
            ("playing", .bool(playing)), ("speed", .number(speed)),
            ("stats", stats),
            ("branches", .array(branches.map { branchJSON($0, full: full, network: network) })),
        ])
    }

    var stats: JSON {
        let hosts = clients.values.filter { $0.role == .host }.count
        return .object([("steps", .int(stepsTotal)), ("branchTicks", .int(branchTicksTotal)),
                        ("clients", .int(clients.count)), ("hosts", .int(hosts)), ("viewers", .int(clients.count - hosts))])
    }

    func branchJSON(_ b: Branch, full: Bool, network: Bool) -> JSON {
        let sim = b.simulation
        let from = full ? 0 : b.broadcastTick + 1
        let rows = sim.recorder.rows, ticks = sim.recorder.ticks
        let streamed = LeverCatalog.streamedMetrics.map(\.rawValue)
        var points: [JSON] = []
        // Rows are kept from tick 0 on, one per tick, so row k is tick k.
        if from < rows.count {
            points.reserveCapacity(rows.count - max(0, from))
            for k in max(0, from)..<rows.count where ticks[k] >= from {
                points.append(.numbers(streamed.map { rows[k][$0] }))
            }
        }
        var fields: [(String, JSON)] = [
            ("name", .string(b.name)), ("tick", .int(sim.tick)), ("ticks", .int(sim.ticks)),
            ("finished", .bool(b.isFinished)), ("from", .int(max(0, from))), ("points", .array(points)),
            ("levers", .numbers(sim.world.levers.raw)),
            ("markers", .array(b.markers.suffix(200).map { .array([.int($0.tick), .string($0.text), .string($0.short)]) })),
        ]
        if let p = b.parent { fields.append(("parent", .string(p))) }
        if let t = b.forkedAt { fields.append(("forkedAt", .int(t))) }
        if network { fields.append(("network", networkJSON(b))) }
        return .object(fields)
    }

    /// The branch's network sample, rendered again only when its tick moved on.
    func networkJSON(_ b: Branch) -> JSON {
        let tick = b.simulation.tick
        if let cached = networkCache[b.name], cached.tick == tick { return cached.json }
        let json = NetworkSample.json(world: b.simulation.world, residents: configuration.sampleResidents)
        networkCache[b.name] = (tick, json)
        return json
    }

    /// Where the session stands, for `GET /api/state` and scripts.
    public func state() -> JSON {
        .object([
            ("scenario", .string(scenario.name)), ("generation", .int(generation)), ("tick", .int(tick)),
            ("playing", .bool(playing)), ("speed", .number(speed)),
            ("branches", .array(branches.map { .object([("name", .string($0.name)), ("tick", .int($0.simulation.tick)),
                                                        ("finished", .bool($0.isFinished))]) })),
            ("stats", stats), ("broadcasts", .int(broadcasts)),
        ])
    }

    static func ack(_ of: String, id: JSON?, _ extra: [(String, JSON)] = []) -> JSON {
        var fields: [(String, JSON)] = [("type", .string("ack")), ("of", .string(of))]
        if let id { fields.append(("id", id)) }
        return .object(fields + extra)
    }

    /// An error for one client: the message, and the key, what is allowed, file and line when known.
    public static func error(_ e: BuurtError, id: JSON? = nil, of type: String? = nil) -> JSON {
        var fields: [(String, JSON)] = [("type", .string("error"))]
        if let type { fields.append(("of", .string(type))) }
        if let id { fields.append(("id", id)) }
        fields.append(("message", .string(e.message)))
        if let k = e.key { fields.append(("key", .string(k))) }
        if let a = e.allowed { fields.append(("allowed", .string(a))) }
        if let f = e.file { fields.append(("file", .string(f))) }
        if let l = e.line { fields.append(("line", .int(l))) }
        fields.append(("text", .string(e.description)))
        return .object(fields)
    }
}
