import BuurtCore
import BuurtModel
import Foundation
import XCTest
@testable import BuurtServer

/// What a careless or hostile room cannot do to the session: refused values, deltas instead of
/// whole lists, bounded unread, stalled readers cut off.
final class HardeningTests: XCTestCase {
    func testNumbersAsTextAndHugeValuesAreRefusedShortly() throws {
        XCTAssertThrowsError(try ClientCommand.parse(#"{"type":"set","branch":"A","lever":"funding.grant_size","value":"10000"}"#)) { e in
            XCTAssertEqual((e as? ClientCommand.Refusal)?.code, "number")
        }
        XCTAssertThrowsError(try ClientCommand.parse(#"{"type":"set","branch":"A","lever":"funding.grant_size","value":1e308}"#)) { e in
            let r = e as? ClientCommand.Refusal
            XCTAssertEqual(r?.code, "range")
            XCTAssertLessThan(r?.error.message.count ?? 999, 40, r?.error.message ?? "")
        }
        // Options are still named by text.
        XCTAssertNoThrow(try ClientCommand.parse(#"{"type":"set","branch":"A","lever":"funding.mode","value":"collaborative"}"#))
    }

    func testUpdatesCarryOnlyTheLeverChangesAndNewMarkers() async throws {
        let s = LiveSession(configuration: try TestModels.configuration())
        let host = s.connect(role: .host)
        let v = s.connect(role: .viewer)
        await s.broadcast(now: LiveSession.now())
        let snap = first("snapshot", in: v.drain())
        let b0 = (snap?["branches"] as? [[String: Any]])?.first
        XCTAssertEqual((b0?["levers"] as? [Any])?.count, Lever.allCases.count, "a snapshot has every lever")
        for k in 0..<30 {
            await s.send(#"{"type":"set","branch":"A","lever":"bureaucracy.friction","value":0.\#(k % 9 + 1)}"#, from: host)
        }
        await s.broadcast(now: LiveSession.now() + 1_000_000_000)
        let u1 = (first("update", in: v.drain())?["branches"] as? [[String: Any]])?.first
        XCTAssertNil(u1?["levers"], "an update has no whole lever list")
        XCTAssertEqual((u1?["leverChanges"] as? [[Any]])?.count, 1, "only friction changed")
        XCTAssertEqual((u1?["markers"] as? [Any])?.count, 30)
        await s.send(#"{"type":"set","branch":"A","lever":"funding.core_share","value":0.5}"#, from: host)
        await s.broadcast(now: LiveSession.now() + 2_000_000_000)
        let u2 = (first("update", in: v.drain())?["branches"] as? [[String: Any]])?.first
        XCTAssertEqual(u2?["markersFrom"] as? Int, 30)
        XCTAssertEqual((u2?["markers"] as? [Any])?.count, 1, "only the new marker")
        await s.send(#"{"type":"step"}"#, from: host)
        await s.broadcast(now: LiveSession.now() + 3_000_000_000)
        let u3 = (first("update", in: v.drain())?["branches"] as? [[String: Any]])?.first
        XCTAssertNil(u3?["markers"]); XCTAssertNil(u3?["leverChanges"])
    }

    func testUnreadBytesAreBoundedAndAStalledReaderIsCutOff() async throws {
        let c = ClientConnection(id: 1, role: .viewer, maxPendingUpdates: 4, maxPendingReplies: 1000, maxUnreadBytes: 100_000)
        for _ in 0..<20 { c.sendReply(String(repeating: "x", count: 10_000)) }
        XCTAssertTrue(c.isClosed && c.didOverflow, "cut off past the unread bound")
        let d = ClientConnection(id: 2, role: .viewer)
        d.sendUpdate("{}", snapshot: true)
        _ = d.take()                                   // the writer took it and is stuck writing
        XCTAssertFalse(d.isStalled(now: DispatchTime.now().uptimeNanoseconds, seconds: 5))
        XCTAssertTrue(d.isStalled(now: DispatchTime.now().uptimeNanoseconds + 6_000_000_000, seconds: 5))
        d.wrote()
        XCTAssertFalse(d.isStalled(now: DispatchTime.now().uptimeNanoseconds + 6_000_000_000, seconds: 5), "nothing left to send")
        // The session's clock reading may predate a client's last activity (it is taken before a
        // slice of stepping): a client that joined or was written to since is not stalled.
        let before = DispatchTime.now().uptimeNanoseconds
        let e = ClientConnection(id: 3, role: .viewer)
        e.sendReply("{\"type\":\"hello\"}")            // queued after `before`
        XCTAssertFalse(e.isStalled(now: before, seconds: 10), "a clock reading from before the join")
        XCTAssertFalse(e.isStalled(now: before &- 1, seconds: 10))
    }

    func testJoiningAndLeavingNeverWaitForTheSession() async throws {
        let s = LiveSession(configuration: try TestModels.configuration())
        let clients = (0..<3000).map { _ in s.connect(role: .viewer) }
        XCTAssertEqual(s.registry.count, 3000)
        for c in clients { s.disconnect(c) }
        XCTAssertEqual(s.registry.count, 0, "no one is counted after leaving")
    }
}
