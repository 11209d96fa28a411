import BuurtCore
import BuurtModel
import XCTest
@testable import BuurtServer

/// Every refusal the page can meet comes with a code and its parameters, and the page has a text for
/// that code in both languages: a Dutch room never reads the server's English.
final class RefusalTextTests: XCTestCase {
    /// The page's text for a code, in each language (nil where missing).
    func texts(_ code: String) -> [String?] { [PageText.english["error." + code], RegistryDutch.page["error." + code]] }

    /// The error a message gets from a session (host or viewer), after `setup`.
    func refusal(_ text: String, viewer: Bool = false, in s: LiveSession, file: StaticString = #filePath,
                 line: UInt = #line) async throws -> [String: Any] {
        let c = s.connect(role: viewer ? .viewer : .host)
        _ = c.drain()
        await s.send(text, from: c)
        let e = try XCTUnwrap(first("error", in: c.drain()), "no error for \(text)", file: file, line: line)
        s.disconnect(c)
        return e
    }

    func testEveryRefusalHasACodeAndATextInBothLanguages() async throws {
        let s = LiveSession(configuration: try TestModels.configuration())
        let cases: [(String, String, Bool)] = [
            ("{", "json", false), ("[1]", "object", false), (#"{"id":1}"#, "field", false),
            (#"{"type":"plya"}"#, "unknownType", false), (#"{"type":"step","count":0}"#, "count", false),
            (#"{"type":"speed","value":-1}"#, "speed", false),
            (#"{"type":"set","branch":"Q","lever":"bureaucracy.friction","value":0.5}"#, "noBranch", false),
            (#"{"type":"set","branch":"A","lever":"funding.grant_sise","value":5000}"#, "unknownLever", false),
            (#"{"type":"set","branch":"A","lever":"funding.grant_size","value":1e308}"#, "range", false),
            (#"{"type":"set","branch":"A","lever":"funding.grant_size","value":"5000"}"#, "number", false),
            (#"{"type":"set","branch":"A","lever":"funding.grant_size","value":true}"#, "value", false),
            (#"{"type":"set","branch":"A","lever":"funding.grant_size"}"#, "missing", false),
            (#"{"type":"set","branch":"A","lever":"population.residents","value":100}"#, "structural", false),
            (#"{"type":"drop","branch":"A"}"#, "onlyBranch", false),
            (#"{"type":"reset","scenario":"nowhere"}"#, "scenario", false),
            (#"{"type":"reset","scenario":"baseline","yaml":"x"}"#, "resetSource", false),
            (#"{"type":"reset","yaml":"name: t\nfunding:\n  grant_sise: 5\n","file":"t.yaml"}"#, "upload", false),
            (#"{"type":"vote","proposal":99}"#, "proposal", true),
            (#"{"type":"play"}"#, "viewer", true),
        ]
        for (text, code, viewer) in cases {
            let e = try await refusal(text, viewer: viewer, in: s)
            XCTAssertEqual(e["code"] as? String, code, text)
            XCTAssertNotNil(e["params"] as? [String: Any], text)
            XCTAssertNotNil(e["message"] as? String, "English for other clients: \(text)")
            for t in texts(code) { XCTAssertNotNil(t, "error.\(code) has a text in both languages") }
        }
    }

    func testParametersTheDutchPageNeeds() async throws {
        let s = LiveSession(configuration: try TestModels.configuration())
        var e = try await refusal(#"{"type":"set","branch":"Q","lever":"bureaucracy.friction","value":0.5}"#, in: s)
        var p = try XCTUnwrap(e["params"] as? [String: Any])
        XCTAssertEqual(p["name"] as? String, "Q")
        XCTAssertEqual(p["branches"] as? [String], ["A"])
        e = try await refusal(#"{"type":"set","branch":"A","lever":"funding.grant_sise","value":5000}"#, in: s)
        p = try XCTUnwrap(e["params"] as? [String: Any])
        XCTAssertEqual(p["suggest"] as? [String], ["funding.grant_size"])
        e = try await refusal(#"{"type":"set","branch":"A","lever":"funding.grant_size","value":5}"#, in: s)
        p = try XCTUnwrap(e["params"] as? [String: Any])
        XCTAssertEqual(p["lever"] as? String, "funding.grant_size", "the page writes the range from the lever's spec")
        XCTAssertEqual(p["value"] as? Double, 5)
        // A huge value is not spelt out in 309 digits, not even in the parameters.
        e = try await refusal(#"{"type":"set","branch":"A","lever":"funding.grant_size","value":1e308}"#, in: s)
        XCTAssertEqual((e["params"] as? [String: Any])?["value"] as? String, "1e+308")
        e = try await refusal(#"{"type":"drop","branch":"A"}"#, in: s)
        XCTAssertEqual((e["params"] as? [String: Any])?["branch"] as? String, "A")
        e = try await refusal(#"{"type":"reset","yaml":"name: t\nfunding:\n  grant_sise: 5\n","file":"t.yaml"}"#, in: s)
        p = try XCTUnwrap(e["params"] as? [String: Any])
        XCTAssertEqual(p["file"] as? String, "t.yaml")
        XCTAssertEqual(p["line"] as? Int, 3)
        // Every text a code's parameters fill in exists in both languages with the same placeholders.
        for key in PageText.english.keys where key.hasPrefix("error.") {
            let holes = { (t: String) in Set(t.split(separator: "{").dropFirst().compactMap { $0.split(separator: "}").first }) }
            XCTAssertEqual(holes(PageText.english[key]!), holes(RegistryDutch.page[key] ?? ""), key)
        }
    }
}
