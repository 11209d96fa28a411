import XCTest
import Foundation
import BuurtCore
import BuurtModel
import BuurtExperiments

/// SF1-SF8: each stylized fact of MODEL.md emerges, checked with the same statistical tests as
/// `buurt validate` on reduced versions of `Experiments/validation/` (smaller districts, fewer
/// replicates and weeks; common random numbers throughout). The full-size figures are in
/// docs/VALIDATION.md (`scripts/validate`).
final class StylizedFactTests: XCTestCase {
    static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    /// Loads a validation experiment and shrinks it: a district of `residents` with the baseline's
    /// per-resident ratios of intermediaries, civil servants and budget.
    func reduced(_ name: String, residents: Int = 2500, replicates: Int, ticks: Int,
                 points: [[Double]]? = nil) throws -> Experiment {
        var e = try ExperimentFile.load(path: StylizedFactTests.root + "/Experiments/validation/\(name).yaml")
        let scale = Double(residents) / 10_000
        e.base.values[.residents] = Double(residents)
        if !e.factors.contains(where: { $0.lever == .intermediaries }) {
            e.base.values[.intermediaries] = (40 * scale).rounded()
        }
        e.base.values[.civilServants] = (30 * scale).rounded()
        e.base.values[.annualBudget] = 100_000 * scale
        e.base.values[.ticks] = Double(ticks)
        e.replicates = replicates
        if let points { e.points = points }
        return e
    }

    func check(_ e: Experiment, file: StaticString = #filePath, line: UInt = #line) throws {
        let dir = NSTemporaryDirectory() + "buurt-validation-\(e.name)-\(getpid())"
        try? FileManager.default.removeItem(atPath: dir)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Sweep(experiment: e, out: dir, threads: 2, shard: nil).run(fresh: true)
        let r = try Validation.check(dir: dir)
        print("\(r.id): \(r.passed ? "holds" : "DOES NOT HOLD"): \(r.figures)")
        XCTAssertTrue(r.passed, "\(r.id): \(r.claim)\n  test: \(r.test)\n  measured: \(r.figures)", file: file, line: line)
    }

    func testSF1FrictionLowersSustainedInitiativesAndTrust() throws {
        try check(reduced("sf1-friction", residents: 4000, replicates: 14, ticks: 260))
    }

    func testSF2SuccessionKeepsTheCohort() throws {
        try check(reduced("sf2-succession", replicates: 12, ticks: 520))
    }

    func testSF3SubsidyCliffAndCoreFunding() throws {
        try check(reduced("sf3-subsidy-cliff", replicates: 8, ticks: 260))
    }

    func testSF4BestGrantSizeIsInterior() throws {
        try check(reduced("sf4-grant-size", replicates: 8, ticks: 260))
    }

    func testSF5CompetitionLeavesFewerBridges() throws {
        try check(reduced("sf5-rivalry", replicates: 12, ticks: 260))
    }

    func testSF6TrustFallsFastRecoversSlowly() throws {
        try check(reduced("sf6-trust-shock", residents: 5000, replicates: 8, ticks: 364, points: [[0], [104]]))
    }

    func testSF7OutreachRaisesUnderrepresentedParticipation() throws {
        try check(reduced("sf7-representation", replicates: 8, ticks: 260))
    }

    func testSF8IntermediariesMatter() throws {
        try check(reduced("sf8-intermediaries", replicates: 8, ticks: 260, points: [[0], [10]]))
    }
}
