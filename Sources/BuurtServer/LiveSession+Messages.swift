import BuurtCore
import BuurtModel

/// The messages the session sends: the greeting, snapshots and updates, replies and errors.
extension LiveSession {
    /// The greeting a client gets first: its role and everything the page builds itself from,
    /// its texts in both languages included. Rendered once per role when the session starts.
    /// `instance`: this server process's random id, new at every start, so that a page that reconnects
    /// can tell a restarted server (whose run, branches and votes are new) from a dropped connection.
    static func hello(role: ClientConnection.Role, configuration: ServeConfiguration, scenarios: [String],
                      instance: String = "") -> JSON {
        .object([
            ("type", .string("hello")), ("role", .string(role.rawValue)), ("version", .string(BuurtVersion.current)),
            ("instance", .string(instance)),
            ("levers", LeverCatalog.levers), ("metrics", LeverCatalog.metrics), ("charts", LeverCatalog.chartsJSON),
            ("streamed", .array(LeverCatalog.streamedMetrics.map { .string($0.spec.name) })),
            ("scenarios", .array(scenarios.map { .string($0) })),
            ("speeds", .numbers(ServeConfiguration.speeds)),
            ("branchColours", .array(SeriesColours.branches.map { .string($0) })),
            ("limits", .object([("maxMessageBytes", .int(configuration.maxMessageBytes)),
                                ("maxBranches", .int(configuration.maxBranches))])),
            ("lang", configuration.language.map { .string($0) } ?? .null),
            ("texts", .object(PageText.languages.map { ($0, PageText.json($0)) })),
        ])
    }

    /// A snapshot (`full`: every branch's whole history, levers, markers and the votes) or an update
    /// (the points, lever values and markers since the last broadcast, and the votes when they
    /// changed). Both list every branch, so a dropped branch disappears from the page.
    func message(type: String, full: Bool, network: Bool) -> JSON {
        var fields: [(String, JSON)] = [
            ("type", .string(type)), ("seq", .int(seq)), ("generation", .int(generation)),
            ("scenario", .object([("name", .string(scenario.name)), ("description", .string(scenario.description)),
                                  ("residents", .int(scenario.values.int(.residents))),
                                  ("ticks", .int(scenario.values.int(.ticks)))])),
            ("playing", .bool(playing)), ("speed", .number(speed)),
            ("stats", stats),
            ("branches", .array(branches.map { branchJSON($0, full: full, network: network) })),
        ]
        if full || votesDirty { fields.append(("votes", votesJSON)) }
        return .object(fields)
    }

    var stats: JSON {
        let all = clients
        let hosts = all.filter { $0.role == .host }.count
        return .object([("steps", .int(stepsTotal)), ("branchTicks", .int(branchTicksTotal)),
                        ("clients", .int(all.count)), ("hosts", .int(hosts)), ("viewers", .int(all.count - hosts)),
                        ("dropped", .int(droppedClients))])
    }

    func branchJSON(_ b: Branch, full: Bool, network: Bool) -> JSON {
        let sim = b.simulation
        let from = full ? 0 : b.broadcastTick + 1
        let rows = sim.recorder.rows, ticks = sim.recorder.ticks
        let streamed = LeverCatalog.streamedMetrics.map(\.rawValue)
        var points: [JSON] = []
        // Rows are kept from tick 0 on, one per tick, so row k is tick k. A snapshot of a history
        // longer than `snapshotPoints` sends every `step`-th week, ending on the latest.
        var start = max(0, from), step = 1
        let cap = configuration.snapshotPoints
        if full && rows.count > cap {
            step = (rows.count + cap - 1) / cap
            start = (rows.count - 1) % step
        }
        if start < rows.count {
            points.reserveCapacity((rows.count - start + step - 1) / step)
            for k in stride(from: start, to: rows.count, by: step) where ticks[k] >= from {
                points.append(.numbers(streamed.map { rows[k][$0] }))
            }
        }
        var fields: [(String, JSON)] = [
            ("name", .string(b.name)), ("tick", .int(sim.tick)), ("ticks", .int(sim.ticks)),
            ("finished", .bool(b.isFinished)), ("from", .int(start)), ("points", .array(points)),
        ]
        if step > 1 { fields.append(("step", .int(step))) }
        // Levers and markers: whole in a snapshot or for a branch not sent yet, else what changed.
        let levers = sim.world.levers.raw
        if full || b.broadcastLevers == nil {
            fields.append(("levers", .numbers(levers)))
        } else if let old = b.broadcastLevers, old != levers {
            fields.append(("leverChanges", .array(levers.indices.filter { levers[$0] != old[$0] }.map {
                .array([.int($0), .number(levers[$0])]) })))
        }
        let markerFrom = full || b.broadcastLevers == nil ? 0 : min(b.broadcastMarkers, b.markers.count)
        if full || markerFrom < b.markers.count {
            fields.append(("markersFrom", .int(markerFrom)))
            fields.append(("markers", .array(b.markers[markerFrom...].map(LiveSession.markerJSON))))
        }
        if let p = b.parent { fields.append(("parent", .string(p))) }
        if let t = b.forkedAt { fields.append(("forkedAt", .int(t))) }
        if network { fields.append(("network", networkJSON(b))) }
        return .object(fields)
    }

    /// One marker: [tick, text, short, kind, lever, value, votes].
    static func markerJSON(_ m: Branch.Marker) -> JSON {
        .array([.int(m.tick), .string(m.text), .string(m.short), .string(m.kind), .string(m.lever), .number(m.value), .int(m.votes)])
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

    /// An error with its code and parameters.
    public static func error(_ e: ClientCommand.CodedError, id: JSON? = nil, of type: String? = nil) -> JSON {
        error(e.error, id: id, of: type, code: e.code, params: e.params)
    }

    static func ack(_ of: String, id: JSON?, _ extra: [(String, JSON)] = []) -> JSON {
        var fields: [(String, JSON)] = [("type", .string("ack")), ("of", .string(of))]
        if let id { fields.append(("id", id)) }
        return .object(fields + extra)
    }

    /// An error for one client: a code and its parameters, for the page to say it in its language
    /// (`error.<code>` among its texts); and in English, for other clients, the message, the key,
    /// what is allowed, file and line when known. An error without a code of its own is "other"
    /// (the page shows the English message; none of the page's own refusals is one).
    public static func error(_ e: BuurtError, id: JSON? = nil, of type: String? = nil, code: String? = nil,
                             params: JSON? = nil) -> JSON {
        var fields: [(String, JSON)] = [("type", .string("error"))]
        if let type { fields.append(("of", .string(type))) }
        fields.append(("code", .string(code ?? "other")))
        fields.append(("params", params ?? .object(code == nil ? [("message", .string(e.description))] : [])))
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
