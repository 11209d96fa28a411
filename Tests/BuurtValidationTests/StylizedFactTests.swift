import XCTest
import Foundation
import BuurtCore
import BuurtModel
@testable import BuurtExperiments

/// SF1-SF12: each stylized fact (MODEL.md's eight and the seeds' four) emerges, checked with the same statistical tests as
/// `buurt validate` on reduced versions of `Experiments/validation/` (smaller districts, fewer
/// replicates and weeks; common random numbers throughout). The full-size figures are in
/// docs/VALIDATION.md (`scripts/validate`).
final class StylizedFactTests: XCTestCase {
    static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    /// Loads a validation experiment and shrinks it as `Experiments/validation/reduced.csv` says (the
    /// one list that scripts/robustness.py reads too): a district of that many residents with the
    /// baseline's per-resident ratios of intermediaries, civil servants and budget, fewer
    /// replicates and weeks, and optionally fewer design points.
    func reduced(_ name: String) throws -> Experiment {
        let table = try String(contentsOfFile: StylizedFactTests.root + "/Experiments/validation/reduced.csv", encoding: .utf8)
        let lines = table.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        guard let row = lines.first(where: { $0.first == name }), row.count >= 5,
              let residents = Int(row[1]), let replicates = Int(row[2]), let ticks = Int(row[3]) else {
            throw BuurtError.input("no reduced design", file: "Experiments/validation/reduced.csv", key: name)
        }
        let points: [[Double]]? = row[4].isEmpty ? nil : row[4].split(separator: ";").map { [Double($0)!] }
        var e = try ExperimentFile.load(path: StylizedFactTests.root + "/Experiments/validation/\(name).yaml")
        let d = LeverValues()
        let scale = Double(residents) / d[.residents]
        e.base.values[.residents] = Double(residents)
        if !e.factors.contains(where: { $0.lever == .intermediaries }) {
            e.base.values[.intermediaries] = (d[.intermediaries] * scale).rounded()
        }
        e.base.values[.civilServants] = (d[.civilServants] * scale).rounded()
        e.base.values[.annualBudget] = d[.annualBudget] * scale
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
        print("\(r.id): \(r.verdict.rawValue): \(r.figures)")
        XCTAssertEqual(r.verdict, .holds, "\(r.id): \(r.claim)\n  test: \(r.test)\n  measured: \(r.figures)\n  cannot be tested: \(r.untestable)", file: file, line: line)
    }

    func testSF1FrictionLowersSustainedInitiativesAndTrust() throws {
        try check(reduced("sf1-friction"))
    }

    func testSF2SuccessionKeepsTheCohort() throws {
        try check(reduced("sf2-succession"))
    }

    func testSF3SubsidyCliffAndCoreFunding() throws {
        try check(reduced("sf3-subsidy-cliff"))
    }

    func testSF4BestGrantSizeIsInterior() throws {
        try check(reduced("sf4-grant-size"))
    }

    func testSF5CompetitionLeavesFewerBridges() throws {
        try check(reduced("sf5-rivalry"))
    }

    func testSF6TrustFallsFastRecoversSlowly() throws {
        try check(reduced("sf6-trust-shock"))
    }

    func testSF7OutreachRaisesUnderrepresentedParticipation() throws {
        try check(reduced("sf7-representation"))
    }

    func testSF8IntermediariesMatter() throws {
        try check(reduced("sf8-intermediaries"))
    }

    func testSF9RecognitionKeepsInitiativesGoing() throws {
        try check(reduced("sf9-recognition"))
    }

    func testSF10ResidentEveningsLeaveTheUnderrepresentedNeedHigher() throws {
        try check(reduced("sf10-consultation"))
    }

    func testSF11ConflictingInterestsCostTheGroupsLeftOutTheirTrust() throws {
        try check(reduced("sf11-conflict"))
    }

    func testSF12PilotGrantsGetMoreInitiativesToFirstFunding() throws {
        try check(reduced("sf12-pilots"))
    }

    /// Negative control: SF1's test on a lever that has no effect on the outcomes
    /// (`economics.shadow_wage` only prices volunteer hours) must not find one.
    func testNegativeControlLeverWithoutEffectIsNotDeclaredToHaveOne() throws {
        var e = try reduced("sf1-friction")
        e.name = "sf1-negative-control"
        e.factors = [Factor(lever: .shadowWage, values: [5, 15, 30, 60], min: 5, max: 60, log: false)]
        e.points = [[5], [15], [30], [60]]
        let dir = NSTemporaryDirectory() + "buurt-validation-\(e.name)-\(getpid())"
        try? FileManager.default.removeItem(atPath: dir)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Sweep(experiment: e, out: dir, threads: 2, shard: nil).run(fresh: true)
        let r = try Validation.check(dir: dir)
        print("negative control: \(r.passed ? "EFFECT DECLARED" : "no effect declared") (\(r.verdict.rawValue)): \(r.figures)")
        XCTAssertFalse(r.passed, "a lever without effect must not pass SF1's test: \(r.figures)")
    }
}
