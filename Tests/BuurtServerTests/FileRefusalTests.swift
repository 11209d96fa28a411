import BuurtCore
import BuurtModel
import Foundation
import XCTest
@testable import BuurtServer

/// Every way a scenario file can be refused reaches the page as codes and parameters (why, what was
/// found, what is allowed), and the page has a text for each in both languages: a Dutch host reads
/// no English of the parser's, only the YAML reader's own words about a syntax error, quoted.
final class FileRefusalTests: XCTestCase {
    typealias Reason = BuurtError.Reason.Code
    typealias Expected = BuurtError.Expected.Code

    /// One bad file per reason: its text, the reason, and parameters the page must receive.
    static var uploads: [(yaml: String, reason: Reason, params: [String: Any])] { [
        ("name: x\u{0}\n", .nulByte, [:]),
        ("a: " + String(repeating: "[", count: 70) + String(repeating: "]", count: 70) + "\n", .tooDeep,
         ["line": 1, "limit": 64, "expected": "depth", "depth": 64]),
        ("funding: {grant_size: 5000\nbureaucracy: 1\n", .syntax, ["line": 2, "column": 12]),
        ("name: \"x\u{7}\"\n", .malformed, ["problem": "control characters are not allowed"]),
        ("hello\n", .notMapping, ["line": 1, "found": "value", "foundText": "hello"]),
        ("? [a, b]\n: 1\n", .keyNotText, ["line": 1]),
        ("name: a\nname: b\n", .duplicateKey, ["line": 2, "key": "name"]),
        ("funding.grant_size: [1, 2]\n", .notSingleValue,
         ["key": "funding.grant_size", "found": "list", "expected": "leverValue", "lever": "funding.grant_size"]),
        ("events: {at: 1}\n", .notList, ["key": "events", "found": "mapping"]),
        ("name: t\nfunding:\n  grant_sise: 5\n", .unknownKey,
         ["line": 3, "key": "funding.grant_sise", "suggest": ["funding.grant_size"], "expected": "keysOrLever",
          "keys": ["name", "description", "events"]]),
        ("events:\n  - at: 5\n    set: {funding.grant_sise: 1000}\n", .unknownLever,
         ["line": 3, "key": "funding.grant_sise", "suggest": ["funding.grant_size"], "expected": "leverName"]),
        ("events:\n  - at: 5\n    when: 3\n", .unknownEventKey,
         ["key": "events.when", "expected": "keys", "keys": ["at", "set", "note"]]),
        ("events:\n  - set: {funding.grant_size: 1000}\n", .eventWithoutTick, ["key": "events", "expected": "keys"]),
        ("events:\n  - at: 5\n", .eventWithoutSet, ["line": 2, "key": "events"]),
        ("events:\n  - at: 3\n    set: {population.residents: 5000}\n", .structural,
         ["key": "population.residents", "expected": "liveLever", "not": ["population.*", "network.mean_degree", "simulation.*"]]),
        ("events:\n  - at: 200000\n    set: {funding.grant_size: 1000}\n", .notAllowed,
         ["key": "events.at", "text": "200000", "expected": "wholeNumber", "min": 0, "max": 100_000]),
        ("funding.use_it_or_lose_it: maybe\n", .notTrueOrFalse,
         ["key": "funding.use_it_or_lose_it", "text": "maybe", "expected": "leverValue", "lever": "funding.use_it_or_lose_it"]),
        ("funding:\n  mode: chaotic\n", .notAnOption, ["line": 2, "key": "funding.mode", "text": "chaotic", "lever": "funding.mode"]),
        ("bureaucracy:\n  friction: high\n", .notANumber, ["key": "bureaucracy.friction", "text": "high", "lever": "bureaucracy.friction"]),
        ("population:\n  residents: 2500.5\n", .notWhole, ["key": "population.residents", "value": 2500.5, "lever": "population.residents"]),
        ("funding:\n  grant_size: 1000000000\n", .outOfRange, ["key": "funding.grant_size", "value": 1_000_000_000, "expected": "leverValue"]),
        ("funding.grant_size: 1e308\n", .outOfRange, ["value": "1e+308"]),
        ("description: [a]\n", .notSingleValue, ["key": "description", "expected": "text"]),
    ] }

    /// Reasons a scenario file can be refused for only on disk: a file of the models folder.
    static var onDisk: [(name: String, bytes: Data, reason: Reason, params: [String: Any])] { [
        ("broken", Data([0x6e, 0x61, 0x6d, 0x65, 0x3a, 0x20, 0xff, 0xfe, 0x0a]), .notUTF8, ["file": "broken.yaml"]),
        ("huge", Data(repeating: 0x23, count: (1 << 20) + 1), .tooLarge, ["file": "huge.yaml", "bytes": (1 << 20) + 1, "limit": 1 << 20]),
    ] }

    /// What no scenario file the page can name reaches, and why; every other reason has a case above.
    static let unreachable: [Reason: String] = [
        .noSuchFile: "the models folder is listed afresh for each pick, so a file named is there",
        .isFolder: "the listing offers regular files only",
        .notRegularFile: "the listing offers regular files only",
        .unreadable: "needs a file the server's user cannot read (the tests may run as root)",
        .notFinite: "a file's text is parsed first, and '.inf' is not a number",
        .flagValue: "a flag in a file is text (true, false, ...), never a number checked later",
        .optionValue: "an option in a file is its name, never a number checked later",
    ]
    /// Allowed values no scenario file is refused with (experiment files are).
    static let unreachableExpected: Set<Expected> = [.trueOrFalse]

    /// The error a message gets from a host.
    func refusal(_ message: [String: Any], in s: LiveSession, file: StaticString = #filePath,
                 line: UInt = #line) async throws -> [String: Any] {
        let text = String(decoding: try JSONSerialization.data(withJSONObject: message), as: UTF8.self)
        let c = s.connect(role: .host)
        _ = c.drain()
        await s.send(text, from: c)
        let e = try XCTUnwrap(first("error", in: c.drain()), "no error for \(message)", file: file, line: line)
        s.disconnect(c)
        return e
    }

    /// The placeholders of a text ("{value} is out of range" has "value").
    func holes(_ text: String) -> Set<String> {
        Set(text.split(separator: "{").dropFirst().compactMap { $0.split(separator: "}").first.map(String.init) })
    }

    /// Checks what the page receives for one refused file: the frame's code, the reason, the
    /// parameters wanted, and that every placeholder of the reason's and the expectation's texts is
    /// filled from the parameters.
    func check(_ e: [String: Any], reason: Reason, params wanted: [String: Any], what: String,
               file: StaticString = #filePath, line: UInt = #line) throws -> (Reason, Expected?) {
        let p = try XCTUnwrap(e["params"] as? [String: Any], what, file: file, line: line)
        XCTAssertEqual(e["code"] as? String, p["line"] == nil ? "uploadFile" : "upload", what, file: file, line: line)
        XCTAssertEqual(p["reason"] as? String, reason.rawValue, "\(what): \(e)", file: file, line: line)
        XCTAssertNotNil(e["message"] as? String, "English for other clients: \(what)", file: file, line: line)
        for (k, v) in wanted {
            let got = p[k].map { "\($0)" } ?? "nil"
            XCTAssertEqual(got, "\(v)", "\(what): parameter '\(k)' in \(p)", file: file, line: line)
        }
        for (lang, page) in [("en", PageText.english), ("nl", RegistryDutch.page)] {
            let text = try XCTUnwrap(page["error.reason." + reason.rawValue], "\(lang): \(reason)", file: file, line: line)
            XCTAssertEqual(holes(text).subtracting(p.keys), [], "\(lang) error.reason.\(reason) has holes the server does not fill",
                           file: file, line: line)
            if let x = p["expected"] as? String {
                let text = try XCTUnwrap(page["error.expected." + x], "\(lang): \(x)", file: file, line: line)
                XCTAssertEqual(holes(text).subtracting(p.keys).subtracting(["allowed"]), [], "\(lang) error.expected.\(x)",
                               file: file, line: line)
                if holes(text).contains("allowed") { XCTAssertNotNil(p["lever"], "\(what): the page words a lever's range") }
            }
            if let found = p["found"] as? String { XCTAssertNotNil(page["error.found." + found], "\(lang): found \(found)") }
        }
        return (reason, (p["expected"] as? String).flatMap(Expected.init(rawValue:)))
    }

    func testEveryRefusalOfAScenarioFileReachesThePageAsCodes() async throws {
        let config = try TestModels.configuration()
        for f in FileRefusalTests.onDisk {
            try f.bytes.write(to: URL(fileURLWithPath: config.modelsFolder + "/" + f.name + ".yaml"))
        }
        let s = LiveSession(configuration: config)
        var reasons = Set<Reason>(), expected = Set<Expected>()
        for u in FileRefusalTests.uploads {
            let e = try await refusal(["type": "reset", "yaml": u.yaml, "file": "bad.yaml"], in: s)
            let (r, x) = try check(e, reason: u.reason, params: u.params, what: u.yaml)
            XCTAssertEqual((e["params"] as? [String: Any])?["file"] as? String, "bad.yaml")
            reasons.insert(r)
            if let x { expected.insert(x) }
        }
        for f in FileRefusalTests.onDisk {
            // A file of the models folder, by its name only (no path of the server's).
            let e = try await refusal(["type": "reset", "scenario": f.name], in: s)
            reasons.insert(try check(e, reason: f.reason, params: f.params, what: f.name).0)
        }
        let all = Set(Reason.allCases)
        XCTAssertEqual(reasons.intersection(FileRefusalTests.unreachable.keys), [], "a reason listed unreachable is reached")
        XCTAssertEqual(all.subtracting(reasons).subtracting(FileRefusalTests.unreachable.keys), [],
                       "every reason has a bad file here or a word why none reaches the page")
        XCTAssertEqual(Set(Expected.allCases).subtracting(expected).subtracting(FileRefusalTests.unreachableExpected), [])
        // Still refused by name when there is no such scenario.
        let none = try await refusal(["type": "reset", "scenario": "nowhere"], in: s)
        XCTAssertEqual(none["code"] as? String, "scenario")
    }

    /// The page has a non-empty text, in both languages, for every reason, expectation and kind of
    /// thing found, with the same placeholders in each; the English for other clients is the CLI's.
    func testEveryCodeHasTextInBothLanguages() async throws {
        let keys = Reason.allCases.map { "error.reason." + $0.rawValue } + ["error.reason.other"]
            + BuurtError.Expected.Code.allCases.map { "error.expected." + $0.rawValue }
            + ["value", "mapping", "list"].map { "error.found." + $0 }
        for key in keys {
            let en = PageText.english[key] ?? "", nl = RegistryDutch.page[key] ?? ""
            XCTAssertFalse(en.trimmingCharacters(in: .whitespaces).isEmpty, "\(key) has English")
            XCTAssertFalse(nl.trimmingCharacters(in: .whitespaces).isEmpty, "\(key) has Dutch")
            XCTAssertEqual(holes(en), holes(nl), key)
            // Dutch of its own, unless the text is only placeholders.
            if en.contains(where: \.isLetter) && en.replacingOccurrences(of: "\\{\\w+\\}", with: "", options: .regularExpression)
                .contains(where: \.isLetter) {
                XCTAssertNotEqual(en, nl, "\(key) is not translated")
            }
        }
        let s = LiveSession(configuration: try TestModels.configuration())
        let e = try await refusal(["type": "reset", "yaml": "name: t\nfunding:\n  grant_sise: 5\n", "file": "t.yaml"], in: s)
        let cli = try XCTUnwrap(BuurtError.input(.unknownKey(suggest: ["funding.grant_size"]), file: "t.yaml", line: 3,
                                                 key: "funding.grant_sise", expected: .keysOrLever(["name", "description", "events"])).description)
        XCTAssertEqual(cli, "t.yaml:3: 'funding.grant_sise': unknown key; did you mean 'funding.grant_size'? "
                       + "(allowed: name, description, events, or a lever from `buurt params`)")
        XCTAssertEqual(e["message"] as? String, "unknown key; did you mean 'funding.grant_size'?")
        XCTAssertEqual(e["allowed"] as? String, "name, description, events, or a lever from `buurt params`")
    }
}
