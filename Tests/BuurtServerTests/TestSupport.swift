import BuurtModel
import Foundation
import XCTest
@testable import BuurtServer

/// A models folder with small scenarios, so sessions start in milliseconds.
enum TestModels {
    static let small = """
        name: baseline
        population: {residents: 2000, neighbourhoods: 2, intermediaries: 8, civil_servants: 6}
        simulation: {ticks: 40, seed: 3}
        """
    static let tiny = """
        name: tiny
        population: {residents: 300, neighbourhoods: 1, intermediaries: 2, civil_servants: 2}
        simulation: {ticks: 3}
        """

    static func folder() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("buurt-serve-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir + "/sub", withIntermediateDirectories: true)
        try small.write(toFile: dir + "/baseline.yaml", atomically: true, encoding: .utf8)
        try tiny.write(toFile: dir + "/tiny.yaml", atomically: true, encoding: .utf8)
        try tiny.write(toFile: dir + "/not offered.yaml", atomically: true, encoding: .utf8)
        try "x: 1".write(toFile: dir + "/sub/hidden.yaml", atomically: true, encoding: .utf8)
        try "secret".write(toFile: dir + "/notes.txt", atomically: true, encoding: .utf8)
        return dir
    }

    static func configuration(port: Int = 0, updatesPerSecond: Double = 15) throws -> ServeConfiguration {
        ServeConfiguration(host: "127.0.0.1", port: port, modelsFolder: try folder(), token: "test-token-1234",
                           threads: 1, updatesPerSecond: updatesPerSecond, networkPerSecond: 5, maxBranches: 3,
                           sampleResidents: 60, initialSpeed: 0)
    }
}

/// Parses a message the server sent.
func decode(_ text: String) -> [String: Any] {
    (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:]
}

extension ClientConnection {
    /// Everything queued for this client, parsed.
    func drain() -> [[String: Any]] { take().map(decode) }
}

extension LiveSession {
    /// Parses and handles one message as the connection would (refusals answered without the session).
    func send(_ text: String, from client: ClientConnection) async {
        await LiveServer.receive(text, client: client, session: self)
    }
}

/// The first message of a type among some, or nil.
func first(_ type: String, in messages: [[String: Any]]) -> [String: Any]? {
    messages.first { $0["type"] as? String == type }
}

extension LiveSession {
    /// Reads the branches on the session's actor: only the (Sendable) result leaves it, as Swift 6
    /// checks, never a branch or its simulation.
    func withBranches<T: Sendable>(_ body: ([Branch]) -> T) -> T { body(branches) }
}
