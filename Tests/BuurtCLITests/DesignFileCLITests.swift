import XCTest
import Foundation

/// `design: file` end to end: a sweep started with a relative experiment path is analysed and
/// reported from another folder and after its result folder is moved; bad design files exit 2
/// naming the file.
final class DesignFileCLITests: XCTestCase {
    static let experiment = """
        name: from-file
        set: {population.residents: 400, population.intermediaries: 4, population.civil_servants: 4}
        design: file
        points: design.csv
        replicates: 2
        seed: 5
        ticks: 30
        """
    static let design = "bureaucracy.friction,funding.mode\n0.1,competitive\n0.9,collaborative\n"

    func testRelativeExperimentPathAnalysedFromElsewhereAndAfterAMove() throws {
        let dir = CLI.tempDir("designfile-move")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let study = dir + "/study", elsewhere = dir + "/elsewhere"
        for d in [study, elsewhere] { try FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true) }
        try Self.experiment.write(toFile: study + "/exp.yaml", atomically: true, encoding: .utf8)
        try Self.design.write(toFile: study + "/design.csv", atomically: true, encoding: .utf8)
        // Relative experiment path and relative output folder, run inside the study folder.
        let r = try CLI.run(["sweep", "exp.yaml", "--out", "out", "--quiet", "--threads", "2"], cwd: study)
        XCTAssertEqual(r.code, 0, r.err)
        XCTAssertEqual(try String(contentsOfFile: study + "/out/design.csv", encoding: .utf8), Self.design)
        // From another folder, by the absolute path.
        var a = try CLI.run(["analyze", study + "/out"], cwd: elsewhere)
        XCTAssertEqual(a.code, 0, a.err)
        XCTAssertTrue(FileManager.default.fileExists(atPath: study + "/out/points.csv"))
        // Moved away from the experiment and its design file, which then change.
        try FileManager.default.moveItem(atPath: study + "/out", toPath: elsewhere + "/moved")
        try "bureaucracy.friction,funding.mode\n0.5,competitive\n".write(toFile: study + "/design.csv", atomically: true, encoding: .utf8)
        try FileManager.default.removeItem(atPath: elsewhere + "/moved/points.csv")
        a = try CLI.run(["analyze", "moved"], cwd: elsewhere)
        XCTAssertEqual(a.code, 0, a.err)
        let points = try String(contentsOfFile: elsewhere + "/moved/points.csv", encoding: .utf8)
        XCTAssertTrue(points.contains("\n1,0.9,collaborative,"), points)
        let rep = try CLI.run(["report", elsewhere + "/moved"], cwd: dir)
        XCTAssertEqual(rep.code, 0, rep.err)
        XCTAssertTrue(FileManager.default.fileExists(atPath: elsewhere + "/moved/report.html"))
        // Resuming into the moved folder with the changed design is refused; the folder is untouched.
        let runs = try Data(contentsOf: URL(fileURLWithPath: elsewhere + "/moved/runs.csv"))
        let again = try CLI.run(["sweep", "exp.yaml", "--out", elsewhere + "/moved", "--quiet"], cwd: study)
        XCTAssertEqual(again.code, 2, again.err)
        XCTAssertTrue(again.err.contains("different experiment"), again.err)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: elsewhere + "/moved/runs.csv")), runs)
    }

    func testNotUTF8AndOversizedDesignFilesExit2NamingTheFile() throws {
        let dir = CLI.tempDir("designfile-bad")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Self.experiment.write(toFile: dir + "/exp.yaml", atomically: true, encoding: .utf8)
        let path = dir + "/design.csv"
        try Data("bureaucracy.friction\n0".utf8 + [0xE9, 0x0A]).write(to: URL(fileURLWithPath: path))
        for command in [["check", "exp.yaml"], ["sweep", "exp.yaml", "--out", "out", "--quiet"]] {
            let r = try CLI.run(command, cwd: dir)
            XCTAssertEqual(r.code, 2, "\(command): \(r.err)")
            XCTAssertTrue(r.err.contains("design.csv"), r.err)
            XCTAssertTrue(r.err.contains("not UTF-8"), r.err)
        }
        // One byte over 256 MiB (sparse: no disk is used).
        try Data("bureaucracy.friction\n".utf8).write(to: URL(fileURLWithPath: path))
        let h = try XCTUnwrap(FileHandle(forWritingAtPath: path))
        try h.truncate(atOffset: UInt64(256 * 1024 * 1024 + 1))
        try h.close()
        let r = try CLI.run(["sweep", "exp.yaml", "--out", "out", "--quiet"], cwd: dir)
        XCTAssertEqual(r.code, 2, r.err)
        XCTAssertTrue(r.err.contains("design.csv"), r.err)
        XCTAssertTrue(r.err.contains("268435457 bytes"), r.err)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/out/runs.csv"))
    }
}
