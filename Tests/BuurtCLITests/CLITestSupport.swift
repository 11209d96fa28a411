import XCTest
import Foundation

/// Runs the real `buurt` executable built beside the tests.
struct CLI {
    static let repoRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    /// The executable built beside the tests, or `BUURT_TEST_BINARY` (to run the tests against
    /// another build, e.g. to see a new test fail on the build before a fix).
    static var binary: String {
        if let b = ProcessInfo.processInfo.environment["BUURT_TEST_BINARY"], !b.isEmpty { return b }
        #if os(macOS)
        for b in Bundle.allBundles where b.bundlePath.hasSuffix(".xctest") {
            return b.bundleURL.deletingLastPathComponent().appendingPathComponent("buurt").path
        }
        #endif
        return Bundle.main.bundleURL.appendingPathComponent("buurt").path
    }

    struct Result { var code: Int32; var out: String; var err: String }

    /// Runs buurt with arguments in the repository root; waits at most `timeout` seconds.
    @discardableResult
    static func run(_ args: [String], cwd: String = repoRoot, timeout: Double = 300,
                    signalAfter: Double? = nil, env: [String: String] = [:]) throws -> Result {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: binary)
        p.arguments = args
        if !env.isEmpty { p.environment = ProcessInfo.processInfo.environment.merging(env) { $1 } }
        p.currentDirectoryURL = URL(fileURLWithPath: cwd)
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = FileHandle.nullDevice
        try p.run()
        if let delay = signalAfter {
            Thread.sleep(forTimeInterval: delay)
            kill(p.processIdentifier, SIGINT)
        }
        let deadline = Date().addingTimeInterval(timeout)
        final class Box: @unchecked Sendable { var data = Data() }
        let outBox = Box(), errBox = Box()
        let group = DispatchGroup()
        group.enter(); DispatchQueue.global().async { outBox.data = out.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        group.enter(); DispatchQueue.global().async { errBox.data = err.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        while p.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        if p.isRunning { p.terminate() }
        p.waitUntilExit()
        group.wait()
        return Result(code: p.terminationReason == .uncaughtSignal ? 128 + p.terminationStatus : p.terminationStatus, out: String(decoding: outBox.data, as: UTF8.self),
                      err: String(decoding: errBox.data, as: UTF8.self))
    }

    /// Starts buurt in the background (output discarded), and optionally waits until `path` exists.
    static func start(_ args: [String], waitFor path: String? = nil, timeout: Double = 30) throws -> Process {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: binary)
        p.arguments = args
        p.currentDirectoryURL = URL(fileURLWithPath: repoRoot)
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        if let path {
            let deadline = Date().addingTimeInterval(timeout)
            while !FileManager.default.fileExists(atPath: path) && Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        }
        return p
    }

    static func tempDir(_ name: String) -> String {
        let d = NSTemporaryDirectory() + "buurt-cli-\(name)-\(getpid())"
        try? FileManager.default.removeItem(atPath: d)
        try? FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
        return d
    }
}
