import BuurtCore
import BuurtModel
import XCTest
@testable import BuurtServer

/// The session's handling of every command and refusal, driven directly (no network).
final class LiveSessionTests: XCTestCase {
    /// A session with a host and a viewer connected.
    final class Harness {
        let session: LiveSession
        let host: ClientConnection
        let viewer: ClientConnection

        init() async throws {
            session = LiveSession(configuration: try TestModels.configuration())
            host = session.connect(role: .host)
            viewer = session.connect(role: .viewer)
        }

        /// Sends a message (as the host unless told) and returns the ack or error it got.
        @discardableResult
        func command(_ text: String, as client: ClientConnection? = nil) async -> [String: Any] {
            let c = client ?? host
            _ = c.take()
            await session.send(text, from: c)
            let replies = c.drain().filter { ["ack", "error"].contains($0["type"] as? String) }
            XCTAssertEqual(replies.count, 1, "one answer to \(text): \(replies)")
            return replies.first ?? [:]
        }
    }

    func testHelloDescribesEveryLeverAndMetricFromTheRegistries() async throws {
        let h = try await Harness()
        let fresh = h.session.connect(role: .host)
        XCTAssertTrue(fresh.needsSnapshot)
        await h.session.broadcast(now: LiveSession.now())
        XCTAssertFalse(fresh.needsSnapshot)
        let messages = fresh.drain()
        XCTAssertEqual(messages.map { $0["type"] as? String }, ["hello", "snapshot"])
        let hello = messages[0]
        XCTAssertEqual(hello["role"] as? String, "host")
        // The server's instance id: the same for every client of this server, new at every start.
        let instance = try XCTUnwrap(hello["instance"] as? String)
        XCTAssertGreaterThan(instance.count, 8)
        XCTAssertEqual(first("hello", in: h.session.connect(role: .viewer).drain())?["instance"] as? String, instance)
        let other = LiveSession(configuration: try TestModels.configuration())
        XCTAssertNotEqual(first("hello", in: other.connect(role: .viewer).drain())?["instance"] as? String, instance)
        let levers = hello["levers"] as? [[String: Any]] ?? []
        XCTAssertEqual(levers.map { $0["name"] as? String }, Lever.registry.specs.map(\.name))
        let mode = levers.first { $0["name"] as? String == "funding.mode" }
        XCTAssertEqual(mode?["options"] as? [String], Lever.modes)
        XCTAssertEqual(mode?["kind"] as? String, "choice")
        let grant = levers.first { $0["name"] as? String == "funding.grant_size" }
        XCTAssertEqual(grant?["unit"] as? String, "euro")
        XCTAssertEqual(grant?["max"] as? Double, 500_000)
        XCTAssertEqual(grant?["description"] as? String, Lever.grantSize.spec.description)
        XCTAssertEqual((hello["metrics"] as? [Any])?.count, Metric.allCases.count)
        XCTAssertEqual(hello["scenarios"] as? [String], ["baseline", "tiny"], "only safe names directly in the folder")
        let charts = hello["charts"] as? [[String: Any]] ?? []
        let charted = Set(charts.flatMap { $0["metrics"] as? [String] ?? [] })
        for m in ["active_initiatives", "self_sustaining_initiatives", "mean_trust_institutions",
                  "trust_institutions_underrepresented", "active_intermediaries", "burnouts_total",
                  "successions_total", "bridging_tie_share"] {
            XCTAssertTrue(charted.contains(m), m)
        }
        let snapshot = messages[1]
        let branches = snapshot["branches"] as? [[String: Any]] ?? []
        XCTAssertEqual(branches.map { $0["name"] as? String }, ["A"])
        XCTAssertEqual((branches[0]["points"] as? [Any])?.count, 1, "tick 0")
        XCTAssertNotNil(branches[0]["network"])
        XCTAssertEqual((branches[0]["levers"] as? [Any])?.count, Lever.allCases.count)
    }

    func testViewerCannotChangeTheRun() async throws {
        let h = try await Harness()
        _ = h.host.take()
        for text in [#"{"type":"play"}"#, #"{"type":"pause"}"#, #"{"type":"step"}"#, #"{"type":"speed","value":5}"#,
                     #"{"type":"reset"}"#, #"{"type":"fork","branch":"A"}"#, #"{"type":"drop","branch":"A"}"#,
                     #"{"type":"export","branch":"A"}"#,
                     #"{"type":"set","branch":"A","lever":"bureaucracy.friction","value":0.9}"#] {
            let reply = await h.command(text, as: h.viewer)
            XCTAssertEqual(reply["type"] as? String, "error", text)
            XCTAssertEqual(reply["key"] as? String, "role", text)
        }
        let tick = await h.session.tick
        let playing = await h.session.playing
        XCTAssertEqual(tick, 0)
        XCTAssertFalse(playing)
        let friction = await h.session.withBranches { $0[0].simulation.world.levers[.friction] }
        XCTAssertEqual(friction, 0.5)
        XCTAssertTrue(h.host.take().isEmpty, "nothing reaches other clients")
        // What a h.viewer may do.
        let r1 = await h.command(#"{"type":"ping","id":1}"#, as: h.viewer)
        XCTAssertEqual(r1["type"] as? String, "ack")
        let r2 = await h.command(#"{"type":"resync"}"#, as: h.viewer)
        XCTAssertEqual(r2["type"] as? String, "ack")
        XCTAssertTrue(h.viewer.needsSnapshot)
    }

    func testPlayPauseStepSpeed() async throws {
        let h = try await Harness()
        let r3 = await h.command(#"{"type":"step","count":3,"id":"s"}"#)
        XCTAssertEqual(r3["id"] as? String, "s")
        var tick = await h.session.tick
        XCTAssertEqual(tick, 3)
        let r4 = await h.command(#"{"type":"speed","value":0}"#)
        XCTAssertEqual(r4["type"] as? String, "ack")
        let r5 = await h.command(#"{"type":"play"}"#)
        XCTAssertEqual(r5["type"] as? String, "ack")
        var playing = await h.session.playing
        XCTAssertTrue(playing)
        await h.session.advance(now: LiveSession.now())
        tick = await h.session.tick
        XCTAssertGreaterThan(tick, 3, "playing at full speed steps")
        let r6 = await h.command(#"{"type":"pause"}"#)
        XCTAssertEqual(r6["type"] as? String, "ack")
        playing = await h.session.playing
        XCTAssertFalse(playing)
        let paused = await h.session.tick
        await h.session.advance(now: LiveSession.now())
        tick = await h.session.tick
        XCTAssertEqual(tick, paused, "paused: no steps")
        let r7 = await h.command(#"{"type":"speed","value":12.5}"#)
        XCTAssertEqual(r7["speed"] as? Double, 12.5)
        let speed = await h.session.speed
        XCTAssertEqual(speed, 12.5)
    }

    func testFinishedRunRefusesPlayAndStep() async throws {
        let h = try await Harness()
        await h.command(#"{"type":"reset","scenario":"tiny"}"#)
        await h.command(#"{"type":"step","count":5}"#)
        let tick = await h.session.tick
        XCTAssertEqual(tick, 3, "stops at the end")
        for text in [#"{"type":"play"}"#, #"{"type":"step"}"#] {
            let reply = await h.command(text)
            XCTAssertEqual(reply["type"] as? String, "error")
            XCTAssertTrue((reply["message"] as? String ?? "").contains("finished"))
        }
        let set = await h.command(#"{"type":"set","branch":"A","lever":"bureaucracy.friction","value":0.9}"#)
        XCTAssertEqual(set["type"] as? String, "error")
    }

    func testSetChangesOneBranchAndMarksIt() async throws {
        let h = try await Harness()
        await h.command(#"{"type":"step","count":2}"#)
        let ack = await h.command(#"{"type":"set","branch":"A","lever":"bureaucracy.friction","value":0.9,"id":4}"#)
        XCTAssertEqual(ack["type"] as? String, "ack")
        XCTAssertEqual(ack["tick"] as? Int, 2)
        let (friction, marker, changeTick) = await h.session.withBranches { b in
            (b[0].simulation.world.levers[.friction], b[0].markers.last, b[0].simulation.changes.last?.tick)
        }
        XCTAssertEqual(friction, 0.9)
        XCTAssertEqual(marker?.text, "bureaucracy.friction → 0.9 index")
        XCTAssertEqual(marker?.tick, 2)
        XCTAssertEqual(changeTick, 3, "takes effect from the next tick")
        // The value it already has (a slider's arrow key at its snapped middle): acknowledged as
        // unchanged, no marker, no event.
        let markers = await h.session.withBranches { ($0[0].markers.count, $0[0].simulation.changes.count) }
        let same = await h.command(#"{"type":"set","branch":"A","lever":"bureaucracy.friction","value":0.9}"#)
        XCTAssertEqual(same["type"] as? String, "ack")
        XCTAssertEqual(same["unchanged"] as? Bool, true)
        let still = await h.session.withBranches { ($0[0].markers.count, $0[0].simulation.changes.count) }
        XCTAssertEqual(still.0, markers.0, "an unchanged value makes no marker")
        XCTAssertEqual(still.1, markers.1, "nor an event in the export")
        let unknown = await h.command(#"{"type":"set","branch":"Z","lever":"bureaucracy.friction","value":0.9}"#)
        XCTAssertEqual(unknown["type"] as? String, "error")
        XCTAssertEqual(unknown["allowed"] as? String, "A")
        // Refusals from the parser reach only the sender, and change nothing.
        let range = await h.command(#"{"type":"set","branch":"A","lever":"bureaucracy.friction","value":7}"#)
        XCTAssertTrue((range["message"] as? String ?? "").contains("out of range"))
        let structural = await h.command(#"{"type":"set","branch":"A","lever":"population.residents","value":50}"#)
        XCTAssertTrue((structural["message"] as? String ?? "").contains("cannot change mid-run"))
        let bad = await h.command("{nope")
        XCTAssertEqual(bad["message"] as? String, "not valid JSON")
        let (after, residents) = await h.session.withBranches { ($0[0].simulation.world.levers[.friction], $0[0].simulation.world.levers[.residents]) }
        XCTAssertEqual(after, 0.9)
        XCTAssertEqual(residents, 2000)
    }

    func testALongHistoryComesThinnedInASnapshotEndingOnTheLatestWeek() async throws {
        var configuration = try TestModels.configuration()
        configuration.snapshotPoints = 10
        let session = LiveSession(configuration: configuration)
        let host = session.connect(role: .host)
        await session.send(#"{"type":"step","count":37}"#, from: host)
        let late = session.connect(role: .viewer)
        await session.broadcast(now: LiveSession.now())
        let snapshot = late.drain().first { $0["type"] as? String == "snapshot" } ?? [:]
        let branch = (snapshot["branches"] as? [[String: Any]])?.first ?? [:]
        let points = branch["points"] as? [[Double]] ?? []
        // 38 weeks (0..37; the test run has 40) in at most 10 points: every 4th week, ending on week 37.
        XCTAssertEqual(branch["tick"] as? Int, 37)
        XCTAssertEqual(branch["step"] as? Int, 4)
        XCTAssertEqual(branch["from"] as? Int, 1)
        XCTAssertEqual(points.count, 10)
        let streamed = LeverCatalog.streamedMetrics.map(\.rawValue)
        // As sent: with up to 6 decimals (NumberFormat).
        let (latest, week1) = await session.withBranches { b in
            (streamed.map { Double(NumberFormat.text(b[0].simulation.recorder.rows[37][$0]))! },
             streamed.map { Double(NumberFormat.text(b[0].simulation.recorder.rows[1][$0]))! })
        }
        XCTAssertEqual(points.last, latest, "the latest week is always sent")
        XCTAssertEqual(points.first, week1)
        // A short history still comes whole, one point a week, with no step.
        let other = LiveSession(configuration: configuration)
        let host2 = other.connect(role: .host)
        await other.send(#"{"type":"step","count":3}"#, from: host2)
        await other.broadcast(now: LiveSession.now())
        let whole = (host2.drain().first { $0["type"] as? String == "snapshot" }?["branches"] as? [[String: Any]])?.first ?? [:]
        XCTAssertNil(whole["step"])
        XCTAssertEqual(whole["from"] as? Int, 0)
        XCTAssertEqual((whole["points"] as? [Any])?.count, 4)
    }

    func testForkTracksExactlyAndDivergesOnlyWhenChanged() async throws {
        let h = try await Harness()
        await h.command(#"{"type":"step","count":5}"#)
        let ack = await h.command(#"{"type":"fork","branch":"A"}"#)
        XCTAssertEqual(ack["branch"] as? String, "B")
        XCTAssertEqual(ack["tick"] as? Int, 5)
        await h.command(#"{"type":"fork","branch":"A"}"#)
        await h.command(#"{"type":"step","count":10}"#)
        let (names, tracks, forkMarkers) = await h.session.withBranches { b in
            (b.map(\.name), b[0].simulation.recorder.rows == b[1].simulation.recorder.rows, b[1].markers.map(\.text))
        }
        XCTAssertEqual(names, ["A", "B", "C"])
        XCTAssertTrue(tracks, "a fork with the same levers tracks the original exactly")
        XCTAssertEqual(forkMarkers, ["fork A → B"])
        let limit = await h.command(#"{"type":"fork","branch":"B"}"#)
        XCTAssertTrue((limit["message"] as? String ?? "").contains("at most 3 branches"))
        await h.command(#"{"type":"set","branch":"C","lever":"funding.annual_budget","value":0}"#)
        await h.command(#"{"type":"step","count":10}"#)
        let (stillTracks, cutDiffers, ticks) = await h.session.withBranches { b in
            (b[0].simulation.recorder.rows == b[1].simulation.recorder.rows,
             b[0].simulation.recorder.rows.last != b[2].simulation.recorder.rows.last, b.map(\.simulation.tick))
        }
        XCTAssertTrue(stillTracks)
        XCTAssertTrue(cutDiffers)
        XCTAssertEqual(ticks, [25, 25, 25], "side by side")
        let r8 = await h.command(#"{"type":"drop","branch":"B"}"#)
        XCTAssertEqual(r8["type"] as? String, "ack")
        await h.command(#"{"type":"drop","branch":"C"}"#)
        let last = await h.command(#"{"type":"drop","branch":"A"}"#)
        XCTAssertTrue((last["message"] as? String ?? "").contains("only branch"))
        let r9 = await h.command(#"{"type":"fork","branch":"A"}"#)
        XCTAssertEqual(r9["branch"] as? String, "D", "names are not reused")
    }

    func testExportReplaysExactly() async throws {
        let h = try await Harness()
        await h.command(#"{"type":"step","count":6}"#)
        await h.command(#"{"type":"set","branch":"A","lever":"funding.annual_budget","value":20000,"note":"cut"}"#)
        await h.command(#"{"type":"fork","branch":"A"}"#)
        await h.command(#"{"type":"step","count":4}"#)
        await h.command(#"{"type":"set","branch":"B","lever":"funding.mode","value":"collaborative"}"#)
        await h.command(#"{"type":"set","branch":"B","lever":"bureaucracy.friction","value":0.123456}"#)
        await h.command(#"{"type":"step","count":7}"#)
        _ = h.host.take()
        await h.session.send(#"{"type":"export","branch":"B","id":9}"#, from: h.host)
        let replies = h.host.drain()
        let export = try XCTUnwrap(first("export", in: replies))
        XCTAssertEqual(first("ack", in: replies)?["id"] as? Int, 9)
        XCTAssertEqual(export["tick"] as? Int, 17)
        let yaml = try XCTUnwrap(export["yaml"] as? String)
        let csv = try XCTUnwrap(export["csv"] as? String)
        XCTAssertEqual(export["yamlFile"] as? String, "baseline-B-week17.yaml")
        let scenario = try Scenario.parse(yaml, file: "export.yaml")
        XCTAssertEqual(scenario.events.map(\.tick), [7, 11, 11])
        XCTAssertEqual(scenario.events.first?.note, "cut")
        let replay = Simulation(scenario: scenario, threads: 2)
        for _ in 0..<17 { replay.step() }
        let rows = await h.session.withBranches { $0[1].simulation.recorder.rows }
        XCTAssertEqual(replay.recorder.rows, rows, "the export replays the branch exactly")
        XCTAssertEqual(csv, RunOutput.timeseriesCSV(replay.recorder))
        XCTAssertTrue(csv.hasPrefix("run_id,tick,active_initiatives,"))
        XCTAssertEqual(csv.split(separator: "\n").count, 19, "header and weeks 0 to 17")
        let unknown = await h.command(#"{"type":"export","branch":"Q"}"#)
        XCTAssertEqual(unknown["type"] as? String, "error")
    }

    func testResetByNameUploadAndOverrides() async throws {
        let h = try await Harness()
        await h.command(#"{"type":"step","count":2}"#)
        await h.command(#"{"type":"fork","branch":"A"}"#)
        let generation = await h.session.generation
        let ack = await h.command(#"{"type":"reset","scenario":"tiny"}"#)
        XCTAssertEqual(ack["scenario"] as? String, "tiny")
        var (tick, gen) = await (h.session.tick, h.session.generation)
        var names = await h.session.withBranches { $0.map(\.name) }
        XCTAssertEqual(tick, 0)
        XCTAssertEqual(names, ["A"])
        XCTAssertEqual(gen, generation + 1)
        XCTAssertTrue(h.viewer.needsSnapshot, "everyone gets the new run")

        for name in ["../Package", "sub/hidden", "notes", "not offered", "/etc/passwd", "tiny.yaml", ""] {
            let reply = await h.command(#"{"type":"reset","scenario":"\#(name)"}"#)
            XCTAssertEqual(reply["type"] as? String, "error", name)
            XCTAssertEqual(reply["allowed"] as? String, "baseline, tiny", name)
        }
        let upload = await h.command(#"{"type":"reset","yaml":"name: mine\nfunding: {grant_size: 2000}\npopulation: {residents: 500, neighbourhoods: 1, intermediaries: 3, civil_servants: 2}\n","file":"mine.yaml"}"#)
        XCTAssertEqual(upload["scenario"] as? String, "mine")
        var grant = await h.session.withBranches { $0[0].simulation.world.levers[.grantSize] }
        XCTAssertEqual(grant, 2000)

        let bad = await h.command(#"{"type":"reset","yaml":"name: x\nfunding:\n  grant_sise: 5\n","file":"w.yaml"}"#)
        XCTAssertEqual(bad["file"] as? String, "w.yaml")
        XCTAssertEqual(bad["line"] as? Int, 3)
        XCTAssertEqual(bad["key"] as? String, "funding.grant_sise")
        XCTAssertTrue((bad["message"] as? String ?? "").contains("did you mean 'funding.grant_size'"))
        let broken = await h.command(#"{"type":"reset","yaml":"name: [unclosed\n"}"#)
        XCTAssertEqual(broken["type"] as? String, "error")
        grant = await h.session.withBranches { $0[0].simulation.world.levers[.grantSize] }
        XCTAssertEqual(grant, 2000, "a refused reset leaves the run alone")

        let over = await h.command(#"{"type":"reset","set":{"population.residents":700,"simulation.ticks":9}}"#)
        XCTAssertEqual(over["residents"] as? Int, 700)
        XCTAssertEqual(over["scenario"] as? String, "mine", "restarts the current scenario")
        (tick, gen) = await (h.session.tick, h.session.generation)
        names = await h.session.withBranches { $0.map(\.name) }
        let residents = await h.session.withBranches { $0[0].simulation.world.residentCount }
        XCTAssertEqual(residents, 700)
        XCTAssertEqual(gen, generation + 3)
    }

    func testBroadcastSendsUpdatesAndCoalescesForSlowClients() async throws {
        let h = try await Harness()
        await h.session.broadcast(now: LiveSession.now())
        await h.command(#"{"type":"step","count":4}"#)
        _ = h.viewer.take()
        await h.session.broadcast(now: LiveSession.now())
        let update = try XCTUnwrap(first("update", in: h.viewer.drain()))
        let branch = try XCTUnwrap((update["branches"] as? [[String: Any]])?.first)
        XCTAssertEqual(branch["from"] as? Int, 1)
        XCTAssertEqual((branch["points"] as? [[Double]])?.count, 4, "ticks 1 to 4")
        XCTAssertEqual((branch["points"] as? [[Double]])?.first?.count, LeverCatalog.streamedMetrics.count)
        // A client that reads nothing falls behind; its backlog is replaced by one snapshot.
        for _ in 0..<10 {
            await h.command(#"{"type":"step"}"#)
            await h.session.broadcast(now: LiveSession.now())
        }
        // Snapshots are shared at most every snapshotSeconds (0.2 s): the next one comes a moment later.
        await h.session.broadcast(now: LiveSession.now() + 1_000_000_000)
        let backlog = h.viewer.drain()
        XCTAssertLessThanOrEqual(backlog.count, 5, "bounded")
        XCTAssertEqual(backlog.first?["type"] as? String, "snapshot")
        let snapshotBranch = try XCTUnwrap((backlog.first?["branches"] as? [[String: Any]])?.first)
        XCTAssertEqual(snapshotBranch["from"] as? Int, 0)
        XCTAssertGreaterThan(h.viewer.droppedUpdates, 0)
    }

    func testRepliesPiledUpUnreadCutTheClientOff() {
        let c = ClientConnection(id: 99, role: .viewer, maxPendingUpdates: 2, maxPendingReplies: 8)
        for _ in 0..<8 { c.sendReply("{}") }
        XCTAssertFalse(c.isClosed)
        c.sendReply("{}")
        XCTAssertTrue(c.isClosed)
        XCTAssertTrue(c.didOverflow)
    }

    func testNetworkSampleIsBoundedAndConsistent() async throws {
        let h = try await Harness()
        await h.command(#"{"type":"step","count":10}"#)
        let (text, activeIntermediaries, funders) = await h.session.withBranches { b in
            let world = b[0].simulation.world
            return (NetworkSample.json(world: world, residents: 60).text, world.activeIntermediaryCount, world.funders.count)
        }
        let parsed = decode(text)
        let nodes = parsed["nodes"] as? [[Double]] ?? []
        let edges = parsed["edges"] as? [[Double]] ?? []
        XCTAssertGreaterThan(nodes.count, 60)
        XCTAssertEqual(nodes.filter { $0[0] == 0 }.count, 60, "the resident sample")
        XCTAssertEqual(nodes.filter { $0[0] == 1 }.count, activeIntermediaries)
        XCTAssertEqual(nodes.filter { $0[0] == 3 }.count, funders)
        XCTAssertFalse(edges.isEmpty)
        for e in edges {
            XCTAssertTrue(Int(e[0]) < nodes.count && Int(e[1]) < nodes.count)
            XCTAssertTrue((0...1).contains(e[2]), "trust in 0..1")
        }
        XCTAssertTrue(edges.contains { $0[3] == 1 }, "intermediaries tie to civil servants")
    }
}
