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
