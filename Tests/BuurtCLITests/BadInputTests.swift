import XCTest
import Foundation

/// Every kind of bad input: exit 2 (or 1 for a runtime failure) and a message naming the file,
/// the line where there is one, the key and what is allowed. Never a crash.
final class BadInputTests: XCTestCase {
    func expect(_ args: [String], code: Int32 = 2, contains parts: [String], file: StaticString = #filePath,
                line: UInt = #line) throws {
        let r = try CLI.run(args)
        XCTAssertEqual(r.code, code, "stderr: \(r.err)", file: file, line: line)
        for p in parts { XCTAssertTrue(r.err.contains(p), "'\(p)' not in: \(r.err)", file: file, line: line) }
    }

    func write(_ text: String, _ name: String) -> String {
        let path = CLI.tempDir("bad") + "/" + name
        XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: Data(text.utf8)))
        return path
    }

    func testUnknownLeverSuggestsTheNearest() throws {
        try expect(["run", "--set", "funding.grant_sise=5000", "--ticks", "1"],
                   contains: ["funding.grant_sise", "did you mean 'funding.grant_size'"])
        let f = write("funding:\n  grant_size: 5000\n  anual_budget: 3\n", "unknown.yaml")
        try expect(["run", f], contains: [f + ":3", "funding.anual_budget", "funding.annual_budget"])
    }

    /// A misspelt `BUURT_MEET` (the encounter pass for comparisons) stops the command instead of
    /// silently running another pass; the allowed values and unset work.
    func testUnknownMeetKernelInTheEnvironment() throws {
        let r = try CLI.run(["run", "--ticks", "1", "--quiet", "--out", CLI.tempDir("meetenv") + "/x"], env: ["BUURT_MEET": "scaler"])
        XCTAssertEqual(r.code, 2, r.err)
        for part in ["BUURT_MEET", "'scaler'", "scalar | avx2"] { XCTAssertTrue(r.err.contains(part), "'\(part)' not in: \(r.err)") }
        for value in ["scalar", "avx2", ""] {
            let ok = try CLI.run(["run", "--ticks", "1", "--quiet", "--out", CLI.tempDir("meetenv") + "/ok"], env: ["BUURT_MEET": value])
            XCTAssertEqual(ok.code, 0, "BUURT_MEET=\(value): \(ok.err)")
        }
    }

    func testOutOfRangeAndWrongType() throws {
        try expect(["run", "--set", "bureaucracy.friction=1.5"], contains: ["bureaucracy.friction", "out of range", "from 0 to 1"])
        try expect(["run", "--set", "funding.mode=chaotic"], contains: ["funding.mode", "competitive | collaborative"])
        try expect(["run", "--set", "population.residents=12.5"], contains: ["whole number"])
        let f = write("bureaucracy:\n  friction: high\n", "type.yaml")
        try expect(["check", f], contains: [f + ":2", "bureaucracy.friction", "not a number"])
        try expect(["run", "--seed", "-4"], contains: ["simulation.seed"])
        try expect(["run", "--ticks", "lots"], contains: ["simulation.ticks"])
    }

    func testMalformedYAMLMissingFileAndFolder() throws {
        let f = write("funding: {grant_size: 5000\nbureaucracy: 1\n", "malformed.yaml")
        try expect(["check", f], contains: [f + ":", "malformed YAML"])
        try expect(["run", "/nonexistent/scenario.yaml"], contains: ["/nonexistent/scenario.yaml", "no such file"])
        try expect(["check", CLI.tempDir("folder")], contains: ["is a folder"])
        let binary = write("\u{0}\u{1}\u{2}", "binary.yaml")
        try expect(["check", binary], contains: [binary])
    }

    func testUnknownFlagAndBadThreads() throws {
        try expect(["run", "--frobnicate"], contains: ["--frobnicate"])
        try expect(["run", "--threads", "0"], contains: ["--threads"])
        try expect(["sweep-nothing"], contains: ["sweep-nothing"])
    }

    func testUnwritableOutput() throws {
        let file = write("x", "afile")
        try expect(["run", "--ticks", "1", "--out", file], contains: [file, "not a folder"])
        try expect(["run", "--ticks", "1", "--out", file + "/sub"], contains: [file])
        // A place that cannot be written is a failure while running (exit 1), not bad input.
        let proc = try CLI.run(["run", "--ticks", "1", "--out", "/proc/buurt-cannot-write-here/out"])
        XCTAssertEqual(proc.code, 1, proc.err)
        XCTAssertTrue(proc.err.contains("/proc/buurt-cannot-write-here") && proc.err.contains("No such file or directory"), proc.err)
    }

    func testEventsOnStructuralLeversAreRefused() throws {
        let f = write("events:\n  - at: 3\n    set: {population.residents: 5000}\n", "event.yaml")
        try expect(["check", f], contains: [f + ":3", "population.residents", "mid-run"])
    }
}
