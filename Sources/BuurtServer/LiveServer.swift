import BuurtCore
import BuurtModel
import Foundation
import Hummingbird
import HummingbirdWebSocket
import HTTPTypes
import Logging

/// The HTTP side of `buurt serve`: one page, one WebSocket, a few read-only API routes.
///
/// Routes: `GET /` (the page, compiled into the binary) and its `page.css` and scripts, `GET /ws` (the live stream),
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
        for asset in LivePage.assets {
            var fields = pageHeaders
            fields[.contentType] = asset.contentType
            let headers = fields
            let body = ByteBuffer(string: asset.text)
            router.get(RouterPath(asset.path)) { _, _ in Response(status: .ok, headers: headers, body: .init(byteBuffer: body)) }
        }
        router.get("/api/levers") { _, _ in jsonResponse(LeverCatalog.levers) }
        router.get("/api/scenarios") { _, _ in
            jsonResponse(.array(session.library.names().map { .string($0) }))
        }
        router.get("/api/state") { _, _ in jsonResponse(await session.state()) }
        return router
    }

    /// The page may run its own scripts (from this server, none inline) and talk to this server,
    /// and nothing else: no fonts, scripts or images from anywhere.
    static let pageHeaders: HTTPFields = [
        .contentType: "text/html; charset=utf-8",
        .cacheControl: "no-store",
        .contentSecurityPolicy: "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; connect-src 'self'; img-src data: blob:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
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
            let viewer = context.request.uri.queryParameters.get("viewer").map { String($0) }
            let client = session.connect(role: isHost ? .host : .viewer, viewer: viewer)
            if token != nil && !isHost {
                client.sendReply(LiveSession.error(.input("wrong token: you are watching as a viewer", key: "token",
                                                          allowed: "the token printed in the terminal"), code: "token").text)
            }
            await serve(client, inbound: inbound, outbound: outbound, session: session)
        }
        return router
    }

    /// Why the reader ended a connection: the close code and reason it sends.
    struct Cut: Error {
        enum Why { case tooLarge, notUTF8 }
        let why: Why
        let reason: String
    }

    /// Runs one connection: a writer drains the client's outbox while this task reads its messages.
    /// Whatever ends first (the client leaves, a write fails, the client is cut off for not
    /// reading, a message breaks the rules), both end and the client is removed. Joining and
    /// leaving never wait for the session.
    static func serve(_ client: ClientConnection, inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter,
                      session: LiveSession) async {
        let work = Task {
            await withTaskGroup(of: Void.self) { group in
                group.addTask {
                    do {
                        for await _ in client.wakeups {
                            for frame in client.take() { try await outbound.writeTextMessage(frame) }
                            client.wrote()
                        }
                    } catch {}
                }
                var cut: Cut?
                do {
                    try await read(inbound, client: client, session: session)
                } catch let c as Cut {
                    cut = c
                } catch {}
                client.close()
                await group.waitForAll()
                switch cut?.why {
                case .tooLarge?: try? await outbound.close(.messageTooLarge, reason: cut!.reason)
                case .notUTF8?: try? await outbound.close(.dataInconsistentWithMessage, reason: cut!.reason)
                case nil: break
                }
            }
        }
        // Cut off (too much unread, or stalled): cancel the reader and a writer stuck in a write.
        client.whenClosed { if client.didOverflow { work.cancel() } }
        await withTaskCancellationHandler { await work.value } onCancel: { work.cancel() }
        if client.didOverflow { try? await outbound.close(.policyViolation, reason: "not reading") }
        session.disconnect(client)
    }

    /// Reads messages frame by frame. A message that passes the size limit is cut off as soon as it
    /// does when it comes in pieces (close 1009, nothing more is read); a single frame over the limit
    /// (at most `maxFrameBytes`, already read) is refused politely. Text that is not UTF-8 closes
    /// the connection with 1007, as the WebSocket standard asks.
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
            if size > limit && !frame.fin {
                throw Cut(why: .tooLarge, reason: "message over \(limit) bytes")
            }
            if size <= limit {
                var data = frame.data
                parts.writeBuffer(&data)
            }
            guard frame.fin else { continue }
            if size > limit {
                client.sendReply(LiveSession.error(.input("message too large (\(size) bytes)", key: "message",
                                                          allowed: "at most \(limit) bytes"),
                                                   code: "tooLarge", params: .object([("size", .int(size)), ("limit", .int(limit))])).text)
            } else if !isText {
                client.sendReply(LiveSession.error(.input("binary messages are not understood", key: "message",
                                                          allowed: "text messages holding JSON"), code: "binary").text)
            } else {
                guard let text = String(validating: parts.readableBytesView, as: UTF8.self) else {
                    throw Cut(why: .notUTF8, reason: "text is not valid UTF-8")
                }
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
            client.sendReply(LiveSession.error(r.error, id: r.id, of: r.type, code: r.code, params: r.params).text)
            return
        } catch {
            client.sendReply(LiveSession.error(.input("not understood", key: "message"), code: "json").text)
            return
        }
        if command.needsHost && client.role != .host {
            client.sendReply(LiveSession.error(LiveSession.viewerRefusal, id: command.id, of: command.type, code: "viewer").text)
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
