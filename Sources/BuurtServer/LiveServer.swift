import BuurtCore
import BuurtModel
import Foundation
import Hummingbird
import HummingbirdWebSocket
import HTTPTypes
import Logging

/// The HTTP side of `buurt serve`: one page, one WebSocket, a few read-only API routes.
///
/// Routes: `GET /` (the page, compiled into the binary), `GET /ws` (the live stream),
/// `GET /api/levers`, `GET /api/scenarios`, `GET /api/state`. Nothing is served from the file
/// system, so no path can reach outside the page.
public enum LiveServer {
    /// The application, ready to `run()`. `onRunning` gets the bound port once it listens.
    public static func application(session: LiveSession,
                                   onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        let config = session.configuration
        return Application(
            router: router(session: session),
            server: .http1WebSocketUpgrade(
                webSocketRouter: webSocketRouter(session: session),
                configuration: .init(ws: .init(maxFrameSize: config.maxFrameBytes, autoPing: .enabled(timePeriod: .seconds(20))))),
            configuration: .init(address: .hostname(config.host, port: config.port), serverName: "buurt"),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? config.port) },
            logger: quietLogger())
    }

    static func quietLogger() -> Logger {
        var logger = Logger(label: "buurt-serve")
        logger.logLevel = ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap { Logger.Level(rawValue: $0) } ?? .critical
        return logger
    }

    /// The page and the read-only API.
    public static func router(session: LiveSession) -> Router<BasicRequestContext> {
        let router = Router()
        router.get("/") { _, _ in
            Response(status: .ok, headers: pageHeaders, body: .init(byteBuffer: ByteBuffer(string: LivePage.html)))
        }
        router.get("/api/levers") { _, _ in jsonResponse(LeverCatalog.levers) }
        router.get("/api/scenarios") { _, _ in
            jsonResponse(.array(session.library.names().map { .string($0) }))
        }
        router.get("/api/state") { _, _ in jsonResponse(await session.state()) }
        return router
    }

    /// The page may run its own inline script and talk to this server, and nothing else: no
    /// fonts, scripts or images from anywhere.
    static let pageHeaders: HTTPFields = [
        .contentType: "text/html; charset=utf-8",
        .cacheControl: "no-store",
        .contentSecurityPolicy: "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; img-src data: blob:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
        HTTPField.Name("X-Content-Type-Options")!: "nosniff",
        HTTPField.Name("Referrer-Policy")!: "no-referrer",
    ]

    static func jsonResponse(_ json: JSON) -> Response {
        Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"],
                 body: .init(byteBuffer: ByteBuffer(string: json.text)))
    }

    /// The live stream. A client that brings the right `token` in the query is the host.
    static func webSocketRouter(session: LiveSession) -> Router<BasicWebSocketRequestContext> {
        let router = Router(context: BasicWebSocketRequestContext.self)
        router.ws("/ws") { inbound, outbound, context in
            let token = context.request.uri.queryParameters.get("token")
            let isHost = token.map { constantTimeEqual($0, session.configuration.token) } ?? false
            let client = await session.connect(role: isHost ? .host : .viewer)
            if token != nil && !isHost {
                client.sendReply(LiveSession.error(.input("wrong token: you are watching as a viewer", key: "token",
                                                          allowed: "the token printed in the terminal")).text)
            }
            await serve(client, inbound: inbound, outbound: outbound, session: session)
        }
        return router
    }

    /// Runs one connection: a writer drains the client's outbox while this task reads its messages.
    /// Whatever ends first (the client leaves, a write fails), both end and the client is removed.
    static func serve(_ client: ClientConnection, inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter,
                      session: LiveSession) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                do {
                    for await _ in client.wakeups {
                        for frame in client.take() { try await outbound.writeTextMessage(frame) }
                    }
                } catch {}
                // The writer stops when the outbox closes or the connection broke.
                if client.didOverflow {
                    try? await outbound.close(.policyViolation, reason: "too many unread replies")
                }
            }
            do {
                try await read(inbound, client: client, session: session)
            } catch {}
            client.close()
            await group.waitForAll()
        }
        await session.disconnect(client)
    }

    /// Reads messages frame by frame so that an oversized one can be refused politely (and the rest
    /// of it skipped) instead of closing the connection.
    static func read(_ inbound: WebSocketInboundStream, client: ClientConnection, session: LiveSession) async throws {
        let limit = session.configuration.maxMessageBytes
        var parts = ByteBuffer()
        var size = 0
        var isText = true
        for try await frame in inbound {
            if client.isClosed { return }
            if frame.opcode != .continuation {
                parts.clear()
                size = 0
                isText = frame.opcode == .text
            }
            size += frame.data.readableBytes
            if size <= limit {
                var data = frame.data
                parts.writeBuffer(&data)
            }
            guard frame.fin else { continue }
            if size > limit {
                client.sendReply(LiveSession.error(.input("message too large (\(size) bytes)", key: "message",
                                                          allowed: "at most \(limit) bytes")).text)
            } else if !isText {
                client.sendReply(LiveSession.error(.input("binary messages are not understood", key: "message",
                                                          allowed: "text messages holding JSON")).text)
            } else if let text = parts.readString(length: parts.readableBytes) {
                // Invalid UTF-8 arrives repaired (U+FFFD) and then fails as JSON or as a value.
                await receive(text, client: client, session: session)
            }
            parts.clear()
            size = 0
        }
    }

    /// Handles one text message: refusals and pings are answered here, without the session.
    static func receive(_ text: String, client: ClientConnection, session: LiveSession) async {
        let command: ClientCommand
        do {
            command = try ClientCommand.parse(text)
        } catch let r as ClientCommand.Refusal {
            client.sendReply(LiveSession.error(r.error, id: r.id, of: r.type).text)
            return
        } catch {
            client.sendReply(LiveSession.error(.input("not understood", key: "message")).text)
            return
        }
        if command.needsHost && client.role != .host {
            client.sendReply(LiveSession.error(LiveSession.viewerRefusal, id: command.id, of: command.type).text)
            return
        }
        if command.action == .ping {
            client.sendReply(LiveSession.ack("ping", id: command.id).text)
            return
        }
        await session.handle(command, from: client)
    }

    /// Compares two secrets in time that does not depend on where they differ.
    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        var diff = UInt8(x.count == y.count ? 0 : 1)
        for i in 0..<max(x.count, y.count) {
            diff |= (i < x.count ? x[i] : 0) ^ (i < y.count ? y[i] : 0)
        }
        return diff == 0
    }
}
