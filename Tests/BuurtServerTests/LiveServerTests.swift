import BuurtCore
import BuurtModel
import Foundation
import Hummingbird
import HummingbirdTesting
import HummingbirdWSTesting
import HummingbirdWebSocket
import XCTest
#if canImport(Glibc)
import Glibc
#endif
@testable import BuurtServer

/// The server in process: the page and API through the router, the WebSocket through a real
/// server on a free loopback port.
final class LiveServerTests: XCTestCase {
    func testPageAndReadOnlyRoutes() async throws {
        let session = LiveSession(configuration: try TestModels.configuration())
        let app = LiveServer.application(session: session)
        try await app.test(.router) { client in
            try await client.execute(uri: "/", method: .get) { r in
                XCTAssertEqual(r.status, .ok)
                XCTAssertEqual(r.headers[.contentType], "text/html; charset=utf-8")
                XCTAssertTrue(r.headers[.contentSecurityPolicy]?.contains("default-src 'none'") ?? false)
                let page = String(buffer: r.body)
                XCTAssertTrue(page.contains("<canvas"))
                XCTAssertFalse(page.contains("https://"), "nothing from the internet")
                XCTAssertFalse(page.contains("http://"), "nothing from the internet")
                XCTAssertFalse(page.contains("grant_size"), "the lever list comes from the server, not the page")
            }
            try await client.execute(uri: "/api/levers", method: .get) { r in
                let levers = try JSONSerialization.jsonObject(with: Data(buffer: r.body)) as? [[String: Any]]
                XCTAssertEqual(levers?.count, Lever.allCases.count)
            }
            try await client.execute(uri: "/api/scenarios", method: .get) { r in
                XCTAssertEqual(String(buffer: r.body), #"["baseline","tiny"]"#)
            }
            try await client.execute(uri: "/api/state", method: .get) { r in
                XCTAssertEqual(decode(String(buffer: r.body))["scenario"] as? String, "baseline")
            }
            // No file is served from disk, whatever the path.
            for path in ["/../Package.swift", "/Models/baseline.yaml", "/baseline.yaml", "/%2e%2e/%2e%2e/etc/passwd",
                         "/api/../../etc/passwd", "/index.html", "/tiny.yaml", "/api/levers/../../Package.swift",
                         "//etc/passwd", "/notes.txt"] {
                try await client.execute(uri: path, method: .get) { r in
                    XCTAssertEqual(r.status, .notFound, path)
                    XCTAssertFalse(String(buffer: r.body).contains("root:"), path)
                }
            }
            try await client.execute(uri: "/", method: .post) { r in XCTAssertNotEqual(r.status, .ok) }
        }
    }

    // MARK: WebSocket

    /// Runs `body` against a live server and the running session.
    func live(_ body: @escaping @Sendable (any TestClientProtocol, LiveSession) async throws -> Void) async throws {
        let session = LiveSession(configuration: try TestModels.configuration(updatesPerSecond: 30))
        await session.start()
        let app = LiveServer.application(session: session)
        do {
            try await app.test(.live) { client in try await withTimeout(60) { try await body(client, session) } }
        } catch {
            await session.stop()
            throw error
        }
        await session.stop()
    }

    func testRolesFromTheToken() async throws {
        try await live { client, _ in
            try await client.talk("/ws?token=test-token-1234") { c in
                let m1 = try await c.next("hello")
                XCTAssertEqual(m1["role"] as? String, "host")
                let m2 = try await c.next("snapshot")
                XCTAssertNotNil(m2)
            }
            try await client.talk("/ws") { c in
                let m3 = try await c.next("hello")
                XCTAssertEqual(m3["role"] as? String, "viewer")
                try await c.send(#"{"type":"play"}"#)
                let m4 = try await c.next("error")
                XCTAssertEqual(m4["key"] as? String, "role")
            }
            try await client.talk("/ws?token=guess") { c in
                let m5 = try await c.next("hello")
                XCTAssertEqual(m5["role"] as? String, "viewer")
                let m6 = try await c.next("error")
                XCTAssertEqual(m6["key"] as? String, "token")
            }
        }
    }

    func testPlayForkSetExportOverTheWire() async throws {
        try await live { client, session in
            try await client.talk("/ws?token=test-token-1234") { c in
                try await c.send(#"{"type":"reset","set":{"simulation.ticks":5000}}"#)
                _ = try await c.next("ack")
                try await c.send(#"{"type":"speed","value":0,"id":1}"#)
                let m7 = try await c.next("ack")
                XCTAssertEqual(m7["of"] as? String, "speed")
                try await c.send(#"{"type":"play","id":2}"#)
                let m8 = try await c.next("ack")
                XCTAssertEqual(m8["of"] as? String, "play")
                var update = try await c.next("update")
                while (update["branches"] as? [[String: Any]])?.first?["tick"] as? Int ?? 0 < 10 { update = try await c.next("update") }
                try await c.send(#"{"type":"pause"}"#)
                _ = try await c.next("ack")
                try await c.send(#"{"type":"fork","branch":"A"}"#)
                let m9 = try await c.next("ack")
                XCTAssertEqual(m9["branch"] as? String, "B")
                try await c.send(#"{"type":"set","branch":"B","lever":"succession.planning","value":1}"#)
                let m10 = try await c.next("ack")
                XCTAssertEqual(m10["lever"] as? String, "succession.planning")
                try await c.send(#"{"type":"step","count":5}"#)
                _ = try await c.next("ack")
                update = try await c.next("update") { m in ((m["branches"] as? [[String: Any]])?.count ?? 0) == 2 }
                let b = (update["branches"] as? [[String: Any]])?.last
                XCTAssertEqual(b?["parent"] as? String, "A")
                XCTAssertEqual((b?["markers"] as? [[Any]])?.count, 2, "fork and the change")
                try await c.send(#"{"type":"export","branch":"B"}"#)
                let export = try await c.next("export")
                let scenario = try Scenario.parse(export["yaml"] as? String ?? "", file: "x.yaml")
                XCTAssertEqual(scenario.events.map(\.lever), [.successionPlanning])
                try await c.send(#"{"type":"reset","scenario":"tiny"}"#)
                let m11 = try await c.next("ack") { $0["of"] as? String == "reset" }
                XCTAssertEqual(m11["scenario"] as? String, "tiny")
                let snapshot = try await c.next("snapshot")
                XCTAssertEqual((snapshot["scenario"] as? [String: Any])?["name"] as? String, "tiny")
            }
            let name = await session.scenario.name
            XCTAssertEqual(name, "tiny")
        }
    }

    func testOversizedBinaryAndMalformedMessagesAreRefusedAndTheConnectionLives() async throws {
        try await live { client, session in
            try await client.talk("/ws?token=test-token-1234") { c in
                _ = try await c.next("snapshot")
                let huge = #"{"type":"reset","yaml":""# + String(repeating: "x", count: 300_000) + #""}"#
                try await c.send(huge)
                let e = try await c.next("error")
                XCTAssertTrue((e["message"] as? String ?? "").contains("message too large"))
                XCTAssertEqual(e["allowed"] as? String, "at most 262144 bytes")
                try await c.outbound.write(.binary(ByteBuffer(bytes: [0, 1, 2, 3])))
                let m16 = try await c.next("error")
                XCTAssertTrue((m16["message"] as? String ?? "").contains("binary"))
                for bad in ["{", "null", #"{"type":"set","branch":"A","lever":"x.y","value":1}"#,
                            #"{"type":"set","branch":"A","lever":"bureaucracy.friction","value":-3}"#,
                            "\u{FFFF}\u{0}garbage"] {
                    try await c.send(bad)
                    let m12 = try await c.next("error")
                    XCTAssertNotNil(m12, bad)
                }
                try await c.send(#"{"type":"ping","id":"alive"}"#)
                let m13 = try await c.next("ack")
                XCTAssertEqual(m13["id"] as? String, "alive")
            }
            let gen = await session.generation
            let friction = await session.withBranches { $0[0].simulation.world.levers[.friction] }
            XCTAssertEqual(gen, 1, "nothing was reset")
            XCTAssertEqual(friction, 0.5)
        }
    }

    func testAFrameBeyondTheLimitClosesOnlyThatConnection() async throws {
        try await live { client, session in
            let close = try await client.talk("/ws") { c in
                _ = try await c.next("snapshot")
                try await c.outbound.write(.text(String(repeating: "y", count: 2 * 1024 * 1024)))
                while (try? await c.next("never")) != nil {}
            }
            XCTAssertEqual(close?.closeCode, .messageTooLarge)
            try await client.talk("/ws?token=test-token-1234") { c in
                _ = try await c.next("hello")
                try await c.send(#"{"type":"step"}"#)
                let m14 = try await c.next("ack")
                XCTAssertEqual(m14["tick"] as? Int, 1)
            }
            let tick = await session.tick
            XCTAssertEqual(tick, 1)
        }
    }

    func testInvalidUTF8Closes1007AndAFragmentedFloodIsCutAtTheLimit() async throws {
        try await live { client, _ in
            let bad = try await client.talk("/ws") { c in
                _ = try await c.next("hello")
                try await c.outbound.write(.custom(.init(fin: true, opcode: .text, data: ByteBuffer(bytes: [0x7B, 0xFF, 0xFE, 0x7D]))))
                while (try? await c.next("never")) != nil {}
            }
            XCTAssertEqual(bad?.closeCode, .dataInconsistentWithMessage)
            let flood = try await client.talk("/ws") { c in
                _ = try await c.next("hello")
                let piece = ByteBuffer(repeating: 0x78, count: 100_000)
                try await c.outbound.write(.custom(.init(fin: false, opcode: .text, data: piece)))
                for _ in 0..<4 { try? await c.outbound.write(.custom(.init(fin: false, opcode: .continuation, data: piece))) }
                while (try? await c.next("never")) != nil {}
            }
            XCTAssertEqual(flood?.closeCode, .messageTooLarge, "cut once past 256 KiB, before the message ends")
        }
    }

    func testVanishingClientsHarmNoOne() async throws {
        try await live { client, session in
            let port = try XCTUnwrap(client.port)
            // Three clients that upgrade and vanish without a close frame, one that never reads.
            for _ in 0..<3 { rawUpgrade(port: port, readFor: 0) }
            let stalled = Thread { rawUpgrade(port: port, readFor: 2) }
            stalled.start()
            try await client.talk("/ws?token=test-token-1234") { c in
                try await c.send(#"{"type":"reset","set":{"simulation.ticks":100000}}"#)
                try await c.send(#"{"type":"speed","value":0}"#)
                try await c.send(#"{"type":"play"}"#)
                var last = 0, updates = 0
                while updates < 20 {
                    let u = try await c.next("update")
                    let tick = (u["branches"] as? [[String: Any]])?.first?["tick"] as? Int ?? 0
                    XCTAssertGreaterThanOrEqual(tick, last)
                    last = tick
                    updates += 1
                }
                XCTAssertGreaterThan(last, 0)
                try await c.send(#"{"type":"ping","id":3}"#)
                let m15 = try await c.next("ack")
                XCTAssertEqual(m15["id"] as? Int, 3)
            }
            // The stalled client drops after 2 s; give the server up to 15 s to notice them all.
            var clients = -1
            for _ in 0..<150 where clients != 0 {
                try await Task.sleep(nanoseconds: 100_000_000)
                await session.broadcast(now: LiveSession.now())
                clients = await session.clients.count
            }
            XCTAssertEqual(clients, 0, "every vanished client was removed")
        }
    }
}

/// One WebSocket conversation: read messages by type, send text.
final class Conversation: @unchecked Sendable {
    var iterator: WebSocketInboundMessageStream.AsyncIterator
    let outbound: WebSocketOutboundWriter

    init(_ inbound: WebSocketInboundStream, _ outbound: WebSocketOutboundWriter) {
        iterator = inbound.messages(maxSize: 1 << 24).makeAsyncIterator()
        self.outbound = outbound
    }

    func send(_ text: String) async throws { try await outbound.write(.text(text)) }

    struct Closed: Error {}

    /// The next message of a type (others are skipped), optionally matching a condition.
    func next(_ type: String, where match: ([String: Any]) -> Bool = { _ in true }) async throws -> [String: Any] {
        while let message = try await iterator.next() {
            guard case .text(let text) = message else { continue }
            let m = decode(text)
            if m["type"] as? String == type && match(m) { return m }
        }
        throw Closed()
    }
}

extension TestClientProtocol {
    @discardableResult
    func talk(_ path: String, _ body: @escaping @Sendable (Conversation) async throws -> Void) async throws -> WebSocketCloseFrame? {
        try await ws(path, configuration: .init(maxFrameSize: 1 << 24)) { inbound, outbound, _ in
            try await body(Conversation(inbound, outbound))
        }
    }
}

struct TimedOut: Error {}

func withTimeout<T: Sendable>(_ seconds: Double, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: T.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(nanoseconds: UInt64(seconds * 1e9))
            throw TimedOut()
        }
        let result = try await group.next()!
        group.cancelAll()
        return result
    }
}

/// A client that upgrades to a WebSocket by hand, reads for a while (or not at all), then drops
/// the TCP connection without a close frame.
func rawUpgrade(port: Int, readFor seconds: Double) {
    #if canImport(Glibc)
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { return }
    defer { close(fd) }
    var addr = sockaddr_in()
    addr.sin_family = sa_family_t(AF_INET)
    addr.sin_port = in_port_t(UInt16(port).bigEndian)
    addr.sin_addr.s_addr = inet_addr("127.0.0.1")
    let ok = withUnsafePointer(to: &addr) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard ok == 0 else { return }
    let request = "GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
    _ = request.withCString { send(fd, $0, strlen($0), 0) }
    var buffer = [UInt8](repeating: 0, count: 4096)
    _ = recv(fd, &buffer, buffer.count, 0)
    let end = Date().addingTimeInterval(seconds)
    // Read a little and then stop reading (the server's writes back up), then vanish.
    while Date() < end { usleep(200_000) }
    #endif
}
