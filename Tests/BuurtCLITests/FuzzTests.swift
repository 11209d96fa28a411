import XCTest
import Foundation

/// A seeded fuzz test: mutations of every shipped scenario and experiment file, each checked by
/// the real executable. Whatever the mutation, the program must not die of a signal, must exit
/// with 0, 1 or 2, and must say something on stderr when it fails.
final class FuzzTests: XCTestCase {
    /// SplitMix64, so the cases are the same on every machine.
    struct Rng {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(max(1, n))) }
    }

    static let hostile = ["-1", "1e309", "nan", "-inf", "[", "]", "{", "}", "\"", "'", "&a", "*a", "!!binary", "~", "null",
                          "99999999999999999999999", "0x1F", "-", ": :", "? x", "|", ">", "\t", "ünï", "\u{FEFF}",
                          String(repeating: "[", count: 300), "*", "%YAML 1.1", "---", "...", "#", "yes", "1_000",
                          "2.5e-400", "true", "[a, b]", "{x: 1}", "/dev/zero", "/tmp", "../../../../etc/passwd"]

    func mutate(_ text: String, _ rng: inout Rng) -> String {
        var lines = text.components(separatedBy: "\n")
        let edits = 1 + rng.below(3)
        for _ in 0..<edits {
            guard !lines.isEmpty else { break }
            let i = rng.below(lines.count)
            switch rng.below(8) {
            case 0: lines.remove(at: i)                                                  // drop a line
            case 1: lines.insert(lines[i], at: i)                                        // duplicate a line
            case 2:                                                                      // replace a value
                if let colon = lines[i].firstIndex(of: ":") {
                    lines[i] = String(lines[i][...colon]) + " " + Self.hostile[rng.below(Self.hostile.count)]
                } else { lines[i] += Self.hostile[rng.below(Self.hostile.count)] }
            case 3: lines[i] = String(repeating: " ", count: rng.below(9)) + lines[i]   // re-indent
            case 4:                                                                      // cut the line
                let n = lines[i].count
                lines[i] = String(lines[i].prefix(rng.below(n + 1)))
            case 5: lines.insert(Self.hostile[rng.below(Self.hostile.count)], at: i)     // a stray token line
            case 6:                                                                      // swap two lines
                let j = rng.below(lines.count)
                lines.swapAt(i, j)
            default:                                                                     // a random character
                var chars = Array(lines[i])
                let pool = Array("[]{}:,-#&*!|>'\"%@`\u{0}")
                if !chars.isEmpty { chars[rng.below(chars.count)] = pool[rng.below(pool.count)] }
                lines[i] = String(chars)
            }
        }
        var out = lines.joined(separator: "\n")
        if rng.below(10) == 0 { out = String(out.prefix(rng.below(out.count + 1))) }   // a torn file
        return out
    }

    func testMutatedShippedFilesNeverCrashTheProgram() throws {
        let root = CLI.repoRoot
        var sources: [String] = []
        for folder in ["Models", "Experiments", "Experiments/validation", "Experiments/calibration"] {
            for f in try FileManager.default.contentsOfDirectory(atPath: root + "/" + folder).sorted() where f.hasSuffix(".yaml") {
                sources.append(folder + "/" + f)
            }
        }
        XCTAssertGreaterThan(sources.count, 15)
        let dir = CLI.tempDir("fuzz")
        // A copy of the repository's scenario folder beside the mutated files, so relative references resolve.
        for folder in ["Models"] {
            try? FileManager.default.copyItem(atPath: root + "/" + folder, toPath: dir + "/" + folder)
        }
        var rng = Rng(state: 20261202)
        var outcomes: [Int32: Int] = [:]
        let cases = 300
        let started = Date()
        for k in 0..<cases {
            let source = sources[k % sources.count]
            let text = try String(contentsOfFile: root + "/" + source, encoding: .utf8)
            let path = dir + "/case-\(k).yaml"
            try mutate(text, &rng).write(toFile: path, atomically: false, encoding: .utf8)
            let r = try CLI.run(["check", path], cwd: dir, timeout: 60)
            outcomes[r.code, default: 0] += 1
            XCTAssertTrue([0, 1, 2].contains(r.code), "case \(k) (from \(source)): exit \(r.code)\n\(r.err.prefix(2000))")
            if r.code != 0 { XCTAssertFalse(r.err.isEmpty, "case \(k): exit \(r.code) with nothing on stderr") }
            if r.code == 2 { XCTAssertTrue(r.err.contains("case-\(k).yaml") || r.err.contains("Models/"), "case \(k): \(r.err)") }
            if Date().timeIntervalSince(started) > 90 { break }
        }
        // The mutations must reach both sides: some files still valid, most refused.
        XCTAssertGreaterThan(outcomes[2, default: 0], cases / 4, "\(outcomes)")
        XCTAssertGreaterThan(outcomes[0, default: 0], 5, "\(outcomes)")
    }
}
