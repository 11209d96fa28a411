import BuurtCore
import BuurtModel
import XCTest
@testable import BuurtServer

/// Every message type the page can send, and every way a message is refused before it reaches
/// the session.
final class ClientCommandTests: XCTestCase {
    func parse(_ text: String) throws -> ClientCommand { try ClientCommand.parse(text) }

    func refusal(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> ClientCommand.Refusal? {
        do {
            let c = try ClientCommand.parse(text)
            XCTFail("accepted \(text) as \(c)", file: file, line: line)
            return nil
        } catch let r as ClientCommand.Refusal {
            return r
        } catch {
            XCTFail("unexpected \(error)", file: file, line: line)
            return nil
        }
    }

    func testSimpleTypes() throws {
        XCTAssertEqual(try parse(#"{"type":"play"}"#).action, .play)
        XCTAssertEqual(try parse(#"{"type":"pause"}"#).action, .pause)
        XCTAssertEqual(try parse(#"{"type":"resync"}"#).action, .resync)
        XCTAssertEqual(try parse(#"{"type":"ping","id":"p1"}"#).action, .ping)
        XCTAssertEqual(try parse(#"{"type":"ping","id":"p1"}"#).id, .string("p1"))
        XCTAssertEqual(try parse(#"{"type":"play","id":7}"#).id, .number(7))
        XCTAssertFalse(try parse(#"{"type":"ping"}"#).needsHost)
        XCTAssertFalse(try parse(#"{"type":"resync"}"#).needsHost)
        XCTAssertTrue(try parse(#"{"type":"play"}"#).needsHost)
    }

    func testStepAndSpeed() throws {
        XCTAssertEqual(try parse(#"{"type":"step"}"#).action, .step(1))
        XCTAssertEqual(try parse(#"{"type":"step","count":5}"#).action, .step(5))
        for bad in ["0", "1.5", "\"x\"", "10000", "-1"] {
            XCTAssertEqual(refusal(#"{"type":"step","count":\#(bad)}"#)?.error.key, "count", bad)
        }
        XCTAssertEqual(try parse(#"{"type":"speed","value":20}"#).action, .speed(20))
        XCTAssertEqual(try parse(#"{"type":"speed","value":0}"#).action, .speed(0))
        for bad in ["-1", "1001", "\"fast\"", "null"] {
            XCTAssertEqual(refusal(#"{"type":"speed","value":\#(bad)}"#)?.error.key, "value", bad)
        }
        XCTAssertNotNil(refusal(#"{"type":"speed"}"#))
    }

    func testSetChecksLeverKindAndRange() throws {
        XCTAssertEqual(try parse(#"{"type":"set","branch":"A","lever":"bureaucracy.friction","value":0.25}"#).action,
                       .set(branch: "A", lever: .friction, value: 0.25, note: ""))
        // Flags take booleans or their words, choices their option names.
        XCTAssertEqual(try parse(#"{"type":"set","branch":"A","lever":"funding.use_it_or_lose_it","value":false}"#).action,
                       .set(branch: "A", lever: .useItOrLoseIt, value: 0, note: ""))
        XCTAssertEqual(try parse(#"{"type":"set","branch":"B","lever":"funding.mode","value":"collaborative"}"#).action,
                       .set(branch: "B", lever: .mode, value: 1, note: ""))
        XCTAssertEqual(try parse(#"{"type":"set","branch":"A","lever":"funding.grant_size","value":5000,"note":"halved"}"#).action,
                       .set(branch: "A", lever: .grantSize, value: 5000, note: "halved"))
        // A number sent as text is refused (JSON has numbers).
        XCTAssertEqual(refusal(#"{"type":"set","branch":"A","lever":"funding.grant_size","value":"5000"}"#)?.code, "number")
        // Values are rounded to the 6 decimals an exported scenario carries, so replays are exact.
        XCTAssertEqual(try parse(#"{"type":"set","branch":"A","lever":"bureaucracy.friction","value":0.123456789}"#).action,
                       .set(branch: "A", lever: .friction, value: 0.123457, note: ""))

        let unknown = refusal(#"{"type":"set","branch":"A","lever":"bureaucracy.frction","value":0.5}"#)
        XCTAssertEqual(unknown?.error.key, "bureaucracy.frction")
        XCTAssertTrue(unknown?.error.message.contains("did you mean 'bureaucracy.friction'") ?? false, "\(String(describing: unknown))")
        XCTAssertEqual(unknown?.type, "set")

        let range = refusal(#"{"type":"set","branch":"A","lever":"bureaucracy.friction","value":1.5}"#)
        XCTAssertTrue(range?.error.message.contains("out of range") ?? false)
        XCTAssertEqual(range?.error.allowed, "a number from 0 to 1")

        let structural = refusal(#"{"type":"set","branch":"A","lever":"population.residents","value":500}"#)
        XCTAssertTrue(structural?.error.message.contains("cannot change mid-run") ?? false)
        XCTAssertNotNil(refusal(#"{"type":"set","branch":"A","lever":"simulation.seed","value":2}"#))

        XCTAssertNotNil(refusal(#"{"type":"set","branch":"A","lever":"funding.term_weeks","value":10.5}"#), "integer lever")
        XCTAssertNotNil(refusal(#"{"type":"set","branch":"A","lever":"bureaucracy.friction","value":true}"#), "bool for a number")
        XCTAssertNotNil(refusal(#"{"type":"set","branch":"A","lever":"funding.mode","value":"lottery"}"#), "unknown option")
        XCTAssertNotNil(refusal(#"{"type":"set","branch":"A","lever":"funding.mode","value":2}"#), "option index out of range")
        XCTAssertNotNil(refusal(#"{"type":"set","branch":"A","lever":"bureaucracy.friction","value":[1]}"#))
        XCTAssertNotNil(refusal(#"{"type":"set","branch":"A","lever":"bureaucracy.friction","value":"NaN"}"#))
        XCTAssertNotNil(refusal(#"{"type":"set","branch":"A","lever":"bureaucracy.friction"}"#), "missing value")
        XCTAssertNotNil(refusal(#"{"type":"set","branch":"A","value":0.5}"#), "missing lever")
        XCTAssertNotNil(refusal(#"{"type":"set","lever":"bureaucracy.friction","value":0.5}"#), "missing branch")
        XCTAssertNotNil(refusal(#"{"type":"set","branch":"AAAAAAAAAAAAAAAAAAAAAAAA","lever":"bureaucracy.friction","value":0.5}"#))
    }

    func testBranchCommands() throws {
        XCTAssertEqual(try parse(#"{"type":"fork","branch":"A"}"#).action, .fork(branch: "A"))
        XCTAssertEqual(try parse(#"{"type":"drop","branch":"B"}"#).action, .drop(branch: "B"))
        XCTAssertEqual(try parse(#"{"type":"export","branch":"A"}"#).action, .export(branch: "A"))
        for type in ["fork", "drop", "export"] {
            XCTAssertEqual(refusal(#"{"type":"\#(type)"}"#)?.error.key, "branch")
            XCTAssertEqual(refusal(#"{"type":"\#(type)","branch":3}"#)?.error.key, "branch")
        }
    }

    func testReset() throws {
        XCTAssertEqual(try parse(#"{"type":"reset"}"#).action, .reset(.current, overrides: [:]))
        XCTAssertEqual(try parse(#"{"type":"reset","scenario":"austerity"}"#).action, .reset(.named("austerity"), overrides: [:]))
        XCTAssertEqual(try parse(#"{"type":"reset","yaml":"name: x\n","file":"../../etc/x.yaml"}"#).action,
                       .reset(.upload(text: "name: x\n", file: "....etcx.yaml"), overrides: [:]))
        XCTAssertEqual(try parse(#"{"type":"reset","set":{"population.residents":2000,"funding.mode":"collaborative"}}"#).action,
                       .reset(.current, overrides: [.residents: 2000, .mode: 1]))
        XCTAssertNotNil(refusal(#"{"type":"reset","scenario":"baseline","yaml":"name: x"}"#), "two sources")
        XCTAssertNotNil(refusal(#"{"type":"reset","scenario":5}"#))
        XCTAssertNotNil(refusal(#"{"type":"reset","set":[1,2]}"#))
        XCTAssertNotNil(refusal(#"{"type":"reset","set":{"population.residents":1}}"#), "out of range")
        XCTAssertNotNil(refusal(#"{"type":"reset","set":{"population.resident":2000}}"#), "unknown lever")
    }

    func testMalformedMessages() {
        XCTAssertEqual(refusal("{bad json")?.error.message, "not valid JSON")
        XCTAssertEqual(refusal("")?.error.message, "not valid JSON")
        XCTAssertEqual(refusal("[1,2,3]")?.error.message, "a message must be a JSON object")
        XCTAssertEqual(refusal("42")?.error.message, "a message must be a JSON object")
        XCTAssertEqual(refusal(#"{"kind":"play"}"#)?.error.key, "type")
        XCTAssertEqual(refusal(#"{"type":7}"#)?.error.key, "type")
        let unknown = refusal(#"{"type":"plya","id":"x"}"#)
        XCTAssertTrue(unknown?.error.message.contains("did you mean 'play'") ?? false)
        XCTAssertEqual(unknown?.id, .string("x"), "the id is echoed even when the message is refused")
        // Deep nesting is refused, not a crash.
        XCTAssertNotNil(refusal(String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)))
    }

    func testLongIdIsNotEchoed() throws {
        XCTAssertNil(try parse(#"{"type":"play","id":"\#(String(repeating: "x", count: 100))"}"#).id)
    }
}
