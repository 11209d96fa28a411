import BuurtCore
import BuurtModel

/// Connecting clients and carrying out the host's commands.
extension LiveSession {
    /// Registers a client and greets it, without waiting for the session (which may be stepping).
    /// Its first snapshot comes with a later turn of the loop, one snapshot shared by every client
    /// that joined meanwhile (a room joining at once costs one). `viewer`: the anonymous id the page
    /// keeps in its browser; votes and rate limits go by it.
    public nonisolated func connect(role: ClientConnection.Role, viewer: String? = nil) -> ClientConnection {
        let c = registry.add(role: role, viewer: viewer, maxPendingUpdates: configuration.maxPendingUpdates,
                             maxPendingReplies: configuration.maxPendingReplies, maxUnreadBytes: configuration.maxUnreadBytes)
        c.sendReply(greetings[role]!)
        return c
    }

    /// Forgets a client (its votes no longer count).
    public nonisolated func disconnect(_ c: ClientConnection) {
        c.close()
        registry.remove(c)
    }

    /// Carries out one checked command and answers the client that sent it (only that client).
    /// A refused command changes nothing.
    public func handle(_ command: ClientCommand, from client: ClientConnection) {
        guard !command.needsHost || client.role == .host else {
            client.sendReply(LiveSession.error(LiveSession.viewerRefusal, id: command.id, of: command.type, code: "viewer").text)
            return
        }
        do {
            let extra = try perform(command.action, client: client)
            client.sendReply(LiveSession.ack(command.type, id: command.id, extra).text)
        } catch let e as ClientCommand.CodedError {
            client.sendReply(LiveSession.error(e, id: command.id, of: command.type).text)
        } catch let e as BuurtError {
            client.sendReply(LiveSession.error(e, id: command.id, of: command.type).text)
        } catch {
            client.sendReply(LiveSession.error(.runtime("\(error)"), id: command.id, of: command.type).text)
        }
    }

    static let viewerRefusal = BuurtError.input(
        "viewers watch the run but cannot change it", key: "role",
        allowed: "open the host link printed in the terminal (with ?token=...) to control the run")

    /// Does the work of one command; returns fields for the acknowledgement.
    func perform(_ action: ClientCommand.Action, client: ClientConnection) throws -> [(String, JSON)] {
        switch action {
        case .play:
            try requireUnfinished()
            playing = true
            anchor()
            dirty = true
            return [("tick", .int(tick))]
        case .pause:
            playing = false
            dirty = true
            return [("tick", .int(tick))]
        case .step(let count):
            try requireUnfinished()
            for _ in 0..<count where !allFinished { stepAll() }
            anchor()
            return [("tick", .int(tick))]
        case .speed(let v):
            speed = v
            anchor()
            dirty = true
            return [("speed", .number(v))]
        case .reset(let source, let overrides):
            var s: Scenario
            switch source {
            case .current: s = scenario
            case .named(let name):
                do { s = try library.load(name: name) } catch var e as BuurtError where e.reason != nil {
                    // A file of the folder that `buurt run` would refuse: said like an upload, by its name.
                    e.file = e.file.map(PathText.name)
                    throw LiveSession.uploadError(e, file: name)
                } catch let e as BuurtError {
                    throw ClientCommand.CodedError(e, code: "scenario", [("name", .string(String(name.prefix(100))))])
                }
            case .upload(let text, let file):
                guard text.utf8.count <= configuration.maxMessageBytes else {
                    throw ClientCommand.CodedError(.input("uploaded file is too large", key: "yaml",
                                                          allowed: "at most \(configuration.maxMessageBytes) bytes"),
                                                   code: "uploadSize", [("limit", .int(configuration.maxMessageBytes))])
                }
                do { s = try ScenarioLibrary.parseUpload(text, fileName: file) } catch let e as BuurtError {
                    throw LiveSession.uploadError(e, file: file)
                }
            }
            for (lever, value) in overrides { s.values[lever] = value }
            restart(with: s)
            return [("scenario", .string(s.name)), ("residents", .int(s.values.int(.residents))),
                    ("ticks", .int(s.values.int(.ticks)))]
        case .set(let name, let lever, let value, let note):
            let b = try branch(named: name)
            guard !b.isFinished else {
                throw finishedError(b)
            }
            // The value it already has (a slider's arrow key at its snapped middle, the same value
            // typed again): nothing changes, so no marker and no event in the export.
            if b.simulation.world.levers[lever] == value {
                return [("branch", .string(name)), ("lever", .string(lever.spec.name)), ("value", .number(value)),
                        ("tick", .int(b.simulation.tick)), ("unchanged", .bool(true))]
            }
            b.set(lever, value, note: note)
            dirty = true
            return [("branch", .string(name)), ("lever", .string(lever.spec.name)),
                    ("value", .number(value)), ("tick", .int(b.simulation.tick))]
        case .fork(let name):
            let b = try branch(named: name)
            guard branches.count < configuration.maxBranches else {
                throw ClientCommand.CodedError(.input("at most \(configuration.maxBranches) branches run side by side; drop one first",
                                                      key: "fork", allowed: "drop a branch, then fork"),
                                               code: "maxBranches", [("n", .int(configuration.maxBranches))])
            }
            forkCount += 1
            let copy = b.fork(as: LiveSession.branchName(forkCount))
            branches.append(copy)
            dirty = true
            return [("branch", .string(copy.name)), ("from", .string(name)), ("tick", .int(copy.simulation.tick))]
        case .drop(let name):
            let b = try branch(named: name)
            guard branches.count > 1 else {
                throw ClientCommand.CodedError(.input("cannot drop the only branch", key: "branch", allowed: "reset to start over"),
                                               code: "onlyBranch", [("branch", .string(name))])
            }
            branches.removeAll { $0 === b }
            networkCache[name] = nil
            dirty = true
            return [("branch", .string(name))]
        case .export(let name):
            let b = try branch(named: name)
            let base = "\(b.exportScenario.name)-week\(b.simulation.tick)"
            client.sendReply(JSON.object([
                ("type", .string("export")), ("branch", .string(name)), ("tick", .int(b.simulation.tick)),
                ("yamlFile", .string(base + ".yaml")), ("yaml", .string(b.exportYAML)),
                ("csvFile", .string(base + ".csv")), ("csv", .string(b.exportCSV)),
            ]).text)
            return [("branch", .string(name)), ("tick", .int(b.simulation.tick))]
        case .resync:
            client.requestSnapshot()
            return []
        case .ping:
            return [("tick", .int(tick))]
        case .propose(let name, let lever, let value):
            return try propose(branch: name, lever: lever, value: value, client: client)
        case .vote(let id):
            return try vote(for: id, client: client)
        case .apply(let id):
            return try apply(proposal: id)
        case .closeVote:
            closeRound()
            return []
        case .voting(let on):
            votingOpen = on
            closeRound()
            return [("on", .bool(on))]
        }
    }

    /// Starts over from a scenario: one branch, paused at week 0.
    func restart(with s: Scenario) {
        scenario = s
        branches = [Branch(name: "A", simulation: Simulation(scenario: s, threads: configuration.threads))]
        forkCount = 0
        networkCache.removeAll()
        closeRound()
        playing = false
        generation += 1
        anchor()
        dirty = true
        for c in clients { c.requestSnapshot() }
    }

    func requireUnfinished() throws {
        if allFinished {
            throw ClientCommand.CodedError(.input("the run has finished (week \(tick) of \(scenario.values.int(.ticks))); reset to start again",
                                                  key: "run", allowed: "reset"),
                                           code: "runFinished", [("week", .int(tick)), ("ticks", .int(scenario.values.int(.ticks)))])
        }
    }

    func branch(named name: String) throws -> Branch {
        guard let b = branches.first(where: { $0.name == name }) else {
            throw ClientCommand.CodedError(.input("no such branch", key: name, allowed: branches.map(\.name).joined(separator: ", ")),
                                           code: "noBranch", [("name", .string(name)), ("branches", .array(branches.map { .string($0.name) }))])
        }
        return b
    }

    /// A branch that has finished takes no more changes.
    func finishedError(_ b: Branch) -> ClientCommand.CodedError {
        ClientCommand.CodedError(.input("branch \(b.name) has finished (week \(b.simulation.tick)); reset to start again",
                                        key: "branch", allowed: unfinishedNames),
                                 code: "finished", [("branch", .string(b.name)), ("week", .int(b.simulation.tick))])
    }

    /// A scenario file that `buurt run` would refuse (uploaded, or in the models folder): `file`, `line`
    /// and `key` where known, why as `reason` (the page's text `error.reason.<reason>`) and what is
    /// allowed as `expected` (`error.expected.<expected>`), each followed by its parameters (see
    /// `BuurtError.Reason`), for the page to say all of it in its language. An error without a reason
    /// (none is expected) is sent as reason `other` with its English `message`.
    static func uploadError(_ e: BuurtError, file: String) -> ClientCommand.CodedError {
        var params: [(String, JSON)] = [("file", .string(e.file ?? file))]
        if let line = e.line { params.append(("line", .int(line))) }
        if let key = e.key { params.append(("key", .string(String(key.prefix(200))))) }
        if let reason = e.reason {
            params.append(("reason", .string(reason.code.rawValue)))
            params += reason.params.map { ($0.0, JSON($0.1)) }
        } else {
            var detail = e
            detail.file = nil; detail.line = nil; detail.key = nil
            params += [("reason", .string("other")), ("message", .string(detail.description))]
        }
        if let expected = e.expected {
            params.append(("expected", .string(expected.code.rawValue)))
            params += expected.params.map { ($0.0, JSON($0.1)) }
        }
        return ClientCommand.CodedError(e, code: e.line == nil ? "uploadFile" : "upload", params)
    }

    var unfinishedNames: String {
        let names = branches.filter { !$0.isFinished }.map(\.name)
        return names.isEmpty ? "none (reset to start again)" : names.joined(separator: ", ")
    }

    /// "A" is the original; forks are "B" ... "Z", then "F27", "F28", ...
    static func branchName(_ k: Int) -> String {
        k < 26 ? String(UnicodeScalar(UInt8(65 + k))) : "F\(k + 1)"
    }
}
