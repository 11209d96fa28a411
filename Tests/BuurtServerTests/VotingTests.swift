import BuurtCore
import BuurtModel
import Foundation
import XCTest
@testable import BuurtServer

/// Audience proposals and votes: anonymous, once per viewer, rate-limited, applied by the host.
final class VotingTests: XCTestCase {
    func session(proposalSeconds: Double = 0, voteSeconds: Double = 0) throws -> LiveSession {
        var config = try TestModels.configuration()
        config.proposalSeconds = proposalSeconds
        config.voteSeconds = voteSeconds
        return LiveSession(configuration: config)
    }

    func votes(_ s: LiveSession) async -> [[String: Any]] {
        let json = await s.votesJSON.text
        return decode(json)["proposals"] as? [[String: Any]] ?? []
    }

    func testARoundWithFiveViewers() async throws {
        let s = try session()
        let host = s.connect(role: .host)
        let viewers = (0..<5).map { _ in s.connect(role: .viewer) }
        for c in viewers + [host] { _ = c.drain() }
        await s.send(#"{"type":"propose","branch":"A","lever":"bureaucracy.friction","value":0.9}"#, from: viewers[0])
        let ack = first("ack", in: viewers[0].drain())
        let id = try XCTUnwrap(ack?["proposal"] as? Int)
        await s.send(#"{"type":"propose","branch":"A","lever":"funding.core_share","value":0.5}"#, from: viewers[1])
        for v in viewers[2...] { await s.send(#"{"type":"vote","proposal":\#(id)}"#, from: v) }
        // Voting twice counts once; the proposer's own vote is counted.
        await s.send(#"{"type":"vote","proposal":\#(id)}"#, from: viewers[2])
        var tally = await votes(s)
        XCTAssertEqual(tally.map { $0["votes"] as? Int }, [4, 1])
        let wire = await s.votesJSON.text
        XCTAssertFalse(wire.contains("voters"), "anonymous: no one's identity is sent")
        // Moving a vote takes it from the other proposal.
        await s.send(#"{"type":"vote","proposal":\#(id + 1)}"#, from: viewers[3])
        tally = await votes(s)
        XCTAssertEqual(tally.map { $0["votes"] as? Int }, [3, 2])
        // A viewer who leaves no longer counts.
        s.disconnect(viewers[4])
        tally = await votes(s)
        XCTAssertEqual(tally.map { $0["votes"] as? Int }, [2, 2])
        // Viewers cannot apply; the host can, and it becomes a marker; the round ends.
        await s.send(#"{"type":"apply","proposal":\#(id)}"#, from: viewers[1])
        XCTAssertEqual(first("error", in: viewers[1].drain())?["code"] as? String, "viewer")
        await s.send(#"{"type":"apply","proposal":\#(id)}"#, from: host)
        let applied = first("ack", in: host.drain())
        XCTAssertEqual(applied?["votes"] as? Int, 2)
        let (friction, markers) = await s.withBranches { ($0[0].simulation.world.levers[.friction], $0[0].markers) }
        let left = await s.proposals.count
        XCTAssertEqual(friction, 0.9)
        XCTAssertEqual(markers.last?.kind, "vote")
        XCTAssertEqual(markers.last?.votes, 2)
        XCTAssertEqual(left, 0)
    }

    func testRateLimitsAndTheHostsSwitch() async throws {
        let s = try session(proposalSeconds: 30, voteSeconds: 30)
        let host = s.connect(role: .host)
        let v = s.connect(role: .viewer), w = s.connect(role: .viewer)
        _ = v.drain(); _ = w.drain(); _ = host.drain()
        await s.send(#"{"type":"propose","branch":"A","lever":"bureaucracy.friction","value":0.1}"#, from: v)
        XCTAssertNotNil(first("ack", in: v.drain()))
        await s.send(#"{"type":"propose","branch":"A","lever":"bureaucracy.friction","value":0.2}"#, from: v)
        XCTAssertEqual(first("error", in: v.drain())?["code"] as? String, "rate")
        await s.send(#"{"type":"propose","branch":"A","lever":"population.residents","value":20}"#, from: w)
        XCTAssertNotNil(first("error", in: w.drain()), "structural levers cannot be proposed")
        await s.send(#"{"type":"propose","branch":"A","lever":"bureaucracy.friction","value":"0.3"}"#, from: w)
        XCTAssertEqual(first("error", in: w.drain())?["code"] as? String, "number")
        await s.send(#"{"type":"voting","on":false}"#, from: v)
        XCTAssertEqual(first("error", in: v.drain())?["code"] as? String, "viewer")
        await s.send(#"{"type":"voting","on":false}"#, from: host)
        XCTAssertNotNil(first("ack", in: host.drain()))
        await s.send(#"{"type":"vote","proposal":1}"#, from: w)
        XCTAssertEqual(first("error", in: w.drain())?["code"] as? String, "votingOff")
        let (open, count) = await (s.votingOpen, s.proposals.count)
        XCTAssertFalse(open)
        XCTAssertEqual(count, 0, "turning voting off ends the round")
    }

    /// A viewer is the id its browser keeps: two tabs or a reload vote once and share the rate limit.
    func testOneVotePerViewerAcrossTabsAndReloads() async throws {
        let s = try session(proposalSeconds: 30, voteSeconds: 30)
        let me = "0123456789abcdef0123456789abcdef", other = "ffffffffffffffffffffffffffffffff"
        let tab1 = s.connect(role: .viewer, viewer: me), tab2 = s.connect(role: .viewer, viewer: me)
        let someone = s.connect(role: .viewer, viewer: other)
        XCTAssertEqual(tab1.viewer, tab2.viewer)
        XCTAssertNotEqual(tab1.viewer, someone.viewer)
        await s.send(#"{"type":"propose","branch":"A","lever":"bureaucracy.friction","value":0.9}"#, from: someone)
        let id = try XCTUnwrap(first("ack", in: someone.drain())?["proposal"] as? Int)
        _ = tab1.drain(); _ = tab2.drain()
        await s.send(#"{"type":"vote","proposal":\#(id)}"#, from: tab1)
        XCTAssertNotNil(first("ack", in: tab1.drain()))
        await s.send(#"{"type":"vote","proposal":\#(id)}"#, from: tab2)
        XCTAssertNotNil(first("ack", in: tab2.drain()), "the second tab is told its vote is counted")
        var tally = await votes(s)
        XCTAssertEqual(tally.map { $0["votes"] as? Int }, [2], "two tabs of one viewer count once")
        // The tabs share one rate limit: after the second tab proposes, the first cannot at once.
        await s.send(#"{"type":"propose","branch":"A","lever":"bureaucracy.friction","value":0.2}"#, from: tab2)
        XCTAssertNotNil(first("ack", in: tab2.drain()))
        await s.send(#"{"type":"propose","branch":"A","lever":"bureaucracy.friction","value":0.3}"#, from: tab1)
        XCTAssertEqual(first("error", in: tab1.drain())?["code"] as? String, "rate", "one rate limit per viewer, not per tab")
        tally = await votes(s)
        XCTAssertEqual(tally.map { $0["votes"] as? Int }, [1, 1], "the viewer's one vote moved to its own proposal")
        // A reload: every page of the viewer closes, a new one opens with the same id; still one vote.
        s.disconnect(tab1); s.disconnect(tab2)
        tally = await votes(s)
        XCTAssertEqual(tally.map { $0["votes"] as? Int }, [1, 0], "a viewer with no page open does not count")
        let reloaded = s.connect(role: .viewer, viewer: me)
        tally = await votes(s)
        XCTAssertEqual(tally.map { $0["votes"] as? Int }, [1, 1], "after a reload the viewer's vote counts again, once")
        // Nor does a reload escape the rate limit: moving the vote back is still too soon.
        await s.send(#"{"type":"vote","proposal":\#(id)}"#, from: reloaded)
        XCTAssertEqual(first("error", in: reloaded.drain())?["code"] as? String, "rate")
        tally = await votes(s)
        XCTAssertEqual(tally.map { $0["votes"] as? Int }, [1, 1])
        // Without an id (or a malformed one) each connection is a viewer of its own.
        let a = s.connect(role: .viewer), b = s.connect(role: .viewer, viewer: "short")
        XCTAssertNotEqual(a.viewer, b.viewer)
        XCTAssertTrue(b.viewer.hasPrefix("c:"))
    }

    /// Phones that leave change the tally on the projector at the next broadcast, without anyone
    /// voting, and the viewer count with it; paused, so nothing else is sent.
    func testTheTallyIsResentWhenViewersLeave() async throws {
        let s = try session()
        let host = s.connect(role: .host, viewer: "h0000000000000000000000000000000")
        let phones = (0..<3).map { s.connect(role: .viewer, viewer: "p\($0)000000000000000000000000000000") }
        await s.broadcast(now: LiveSession.now())
        await s.send(#"{"type":"propose","branch":"A","lever":"funding.grant_size","value":15000}"#, from: phones[0])
        let id = try XCTUnwrap(first("ack", in: phones[0].drain())?["proposal"] as? Int)
        for p in phones[1...] { await s.send(#"{"type":"vote","proposal":\#(id)}"#, from: p) }
        await s.broadcast(now: LiveSession.now() + 1_000_000_000)
        func tally(_ m: [String: Any]?) -> [Int]? {
            ((m?["votes"] as? [String: Any])?["proposals"] as? [[String: Any]])?.map { $0["votes"] as? Int ?? -1 }
        }
        XCTAssertEqual(tally(first("update", in: host.drain())), [3])
        s.disconnect(phones[1]); s.disconnect(phones[2])
        await s.broadcast(now: LiveSession.now() + 2_000_000_000)
        let update = first("update", in: host.drain())
        XCTAssertEqual(tally(update), [1], "the votes of phones that left no longer show")
        XCTAssertEqual((update?["stats"] as? [String: Any])?["viewers"] as? Int, 1, "nor do the phones")
        // Nothing moved since: no update at all.
        await s.broadcast(now: LiveSession.now() + 3_000_000_000)
        XCTAssertNil(first("update", in: host.drain()))
        // A phone that comes back (a reload: the same viewer id) counts again.
        _ = s.connect(role: .viewer, viewer: "p1000000000000000000000000000000")
        await s.broadcast(now: LiveSession.now() + 4_000_000_000)
        XCTAssertEqual(tally(first("update", in: host.drain())), [2])
        // Applied, the marker has the votes the room saw.
        await s.send(#"{"type":"apply","proposal":\#(id)}"#, from: host)
        XCTAssertEqual(first("ack", in: host.drain())?["votes"] as? Int, 2)
    }

    func testVotesAreBroadcastOnlyWhenTheyChange() async throws {
        let s = try session()
        let v = s.connect(role: .viewer)
        await s.broadcast(now: LiveSession.now())
        XCTAssertNotNil(first("snapshot", in: v.drain())?["votes"])
        await s.send(#"{"type":"step"}"#, from: s.connect(role: .host))
        await s.broadcast(now: LiveSession.now() + 1_000_000_000)
        XCTAssertNil(first("update", in: v.drain())?["votes"], "unchanged votes are not resent")
        await s.send(#"{"type":"propose","branch":"A","lever":"bureaucracy.friction","value":0.7}"#, from: v)
        await s.broadcast(now: LiveSession.now() + 2_000_000_000)
        let update = first("update", in: v.drain())
        XCTAssertEqual(((update?["votes"] as? [String: Any])?["proposals"] as? [Any])?.count, 1)
    }
}
