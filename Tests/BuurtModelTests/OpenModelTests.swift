import Foundation
import XCTest
@testable import BuurtModel
import BuurtCore

/// The open model: one trust rule, named processes, every rule constant declared, generated docs.
final class OpenModelTests: XCTestCase {
    static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    func levers(_ tweak: (inout LeverValues) -> Void = { _ in }) -> LeverValues {
        var v = LeverValues()
        v[.residents] = 1500; v[.civilServants] = 5; v[.intermediaries] = 6; v[.annualBudget] = 15_000
        v[.ticks] = 120
        tweak(&v)
        return v
    }

    func testLinearRuleIsTheFormerFormulaBitForBit() {
        let rule = TrustRule(LeverValues())
        let a: Float = 0.03, b: Float = Float(min(1, 0.03 * 3.0))
        for t in stride(from: Float(0), through: 1, by: 0.05) {
            XCTAssertEqual(rule.update(t, good: true), t + a * (1 - t))
            XCTAssertEqual(rule.update(t, good: false), t - b * t)
            XCTAssertEqual(rule.update(t, good: true, weight: 0.5), t + 0.5 * a * (1 - t))
            XCTAssertEqual(rule.update(t, good: false, weight: 4), t - min(1, 4 * b) * t)
        }
    }

    func testBetaRuleCountsEvidenceAndSaturates() {
        var v = LeverValues()
        v[.trustModel] = 1; v[.trustMemory] = 32
        let rule = TrustRule(v)
        // One good experience of weight 1 at T = 0.5 with N = 32: (0.5 * 32 + 1) / 33.
        XCTAssertEqual(Double(rule.update(0.5, good: true)), 17.0 / 33, accuracy: 1e-6)
        // Bad evidence counts asymmetry-fold: 0.5 * 32 / (32 + 3).
        XCTAssertEqual(Double(rule.update(0.5, good: false)), 16.0 / 35, accuracy: 1e-6)
        // Heavy weights saturate: never below 0 or above 1, and less than proportional.
        let heavy = rule.update(0.5, good: false, weight: 1000)
        XCTAssertGreaterThan(heavy, 0)
        XCTAssertLessThan(0.5 - rule.update(0.5, good: false, weight: 8), 8 * (0.5 - rule.update(0.5, good: false)))
        XCTAssertLessThanOrEqual(rule.update(0.99, good: true, weight: 1000), 1)
    }

    func testBetaModelRunsAndDiffersFromLinear() throws {
        let lin = Simulation(scenario: Scenario(name: "lin", values: levers()), threads: 1)
        let beta = Simulation(scenario: Scenario(name: "beta", values: levers { $0[.trustModel] = 1 }), threads: 1)
        try lin.run(); try beta.run()
        let k = Metric.meanTrustInstitutions.rawValue
        XCTAssertNotEqual(lin.recorder.last[k], beta.recorder.last[k])
        XCTAssert((0...1).contains(beta.recorder.last[k]))
    }

    func testSettingALeverHasNoSideEffectUntilTheBudgetShockProcess() {
        let sim = Simulation(scenario: Scenario(name: "s", values: levers()), threads: 1)
        for _ in 0..<20 { sim.step() }
        let w = sim.world
        let trust = (0..<w.residentCount).map { w.rTrustInstitutions[$0] }
        let budgets = w.funders.map(\.budget)
        w.setLever(.annualBudget, 0)
        XCTAssertEqual((0..<w.residentCount).map { w.rTrustInstitutions[$0] }, trust, "the setter only records")
        XCTAssertEqual(w.funders.map(\.budget), budgets)
        w.budgetShock()
        XCTAssertEqual(w.funders.map(\.budget), Array(repeating: 0.0, count: budgets.count))
        let members = w.live.flatMap { w.initiatives[Int($0)].members }
        if let m = members.first { XCTAssertLessThan(w.rTrustInstitutions[Int(m)], trust[Int(m)]) }
        XCTAssertTrue(w.budgetChanges.isEmpty)
    }

    func testProcessNamesAreOneList() {
        XCTAssertEqual(Simulation.processNames, ModelProcess.allCases.map(\.name))
        XCTAssertEqual(Set(Simulation.processNames).count, ModelProcess.allCases.count)
        let odd = try! String(contentsOfFile: OpenModelTests.root + "/docs/ODD.md", encoding: .utf8)
        for p in ModelProcess.allCases where ![ModelProcess.meet, .spark, .recruit, .broker, .operate, .collect].contains(p) {
            XCTAssert(odd.contains("`\(p.name)`") || odd.contains(p.name), "ODD section 3 names process \(p.name)")
        }
    }

    func testEveryUncertainLeverHasAPlausibleRangeAndASource() {
        let uncertain = Lever.registry.specs.filter(\.uncertain)
        XCTAssertGreaterThan(uncertain.count, 30)
        for s in Lever.registry.specs {
            XCTAssertFalse(s.source.isEmpty, s.name)
            if s.uncertain {
                XCTAssertLessThan(s.plausibleMin, s.plausibleMax, s.name)
                XCTAssert(s.plausibleMin <= s.defaultValue && s.defaultValue <= s.plausibleMax, s.name)
            }
        }
        XCTAssertEqual(Lever.tableRows(uncertainOnly: true).count, uncertain.count)
    }

    /// docs/ODD.md's lever, metric and kinds tables are what scripts/update-docs generates.
    func testODDTablesAreGeneratedFromTheRegistries() throws {
        let odd = try String(contentsOfFile: OpenModelTests.root + "/docs/ODD.md", encoding: .utf8)
        func block(_ tag: String) -> String? {
            guard let a = odd.range(of: "<!-- \(tag):begin (scripts/update-docs) -->\n"),
                  let b = odd.range(of: "<!-- \(tag):end -->") else { return nil }
            return String(odd[a.upperBound..<b.lowerBound])
        }
        XCTAssertEqual(block("levers"), TableFormat.render(header: Lever.tableHeader, rows: Lever.tableRows(), format: "markdown"),
                       "run scripts/update-docs")
        XCTAssertEqual(block("metrics"), TableFormat.render(header: Metric.tableHeader, rows: Metric.tableRows, format: "markdown"),
                       "run scripts/update-docs")
        XCTAssertEqual(block("kinds"), KindTables.markdown(), "run scripts/update-docs")
    }

    /// No behavioural number is left inside a rule: the model's rule files hold no decimal literal
    /// but 0.0 and 1.0, apart from the named non-behavioural constants that docs/ODD.md lists
    /// (normalisations, an exactness bound, a division guard). A new number in a rule fails here
    /// until it is declared in the registry (or named and listed as not behavioural).
    func testNoBehaviouralNumberInsideARule() throws {
        let dir = OpenModelTests.root + "/Sources/BuurtModel/"
        let files = try FileManager.default.contentsOfDirectory(atPath: dir)
            .filter { $0.hasPrefix("World") || $0 == "Simulation.swift" || $0 == "TrustRule.swift" }
        XCTAssertGreaterThan(files.count, 10)
        let allowed = ["static let sparkReferencePropensity = 0.1, sparkNeedFactor = 2.0",
                       "static let sparkPropensityBound = 0.6", "static let leastHoursWanted = 0.5"]
        let literal = try NSRegularExpression(pattern: "(?<![\\w.])[0-9]+\\.[0-9]+(?![\\w.])")
        var found: [String] = []
        for f in files.sorted() {
            let text = try String(contentsOfFile: dir + f, encoding: .utf8)
            for (k, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let line = String(raw.split(separator: "//", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
                if allowed.contains(where: { line.contains($0) }) { continue }
                let range = NSRange(line.startIndex..., in: line)
                for m in literal.matches(in: line, range: range) {
                    let number = String(line[Range(m.range, in: line)!])
                    if number != "0.0" && number != "1.0" { found.append("\(f):\(k + 1): \(number)") }
                }
            }
        }
        XCTAssertEqual(found, [], "numbers inside rules: declare them in Lever.swift")
        XCTAssertTrue(try String(contentsOfFile: OpenModelTests.root + "/docs/ODD.md", encoding: .utf8)
            .contains("spark's thinning bound 0.6"), "the ODD lists the named non-behavioural constants")
    }

    func testKindTablesAreTheRulesValues() {
        XCTAssertEqual(Group.established.institutionalPrior, 0.5)
        XCTAssertEqual(Group.newcomer.institutionalPrior, 0.5)
        XCTAssertEqual(Group.underrepresented.institutionalPrior, 0.375)
        XCTAssertEqual(Group.newcomer.propensityShape.0, 1.5)
        XCTAssertEqual(Department.themes(3), 0b110000)
        XCTAssertEqual((0..<4).reduce(UInt8(0)) { $0 | Department.themes($1) }, 0b111111, "every theme has a department")
        XCTAssertEqual(IntermediaryKind.shares.reduce(0, +), 1, accuracy: 1e-12)
        XCTAssertEqual(IntermediaryKind.communityLeader.caseload, 3)
        XCTAssertEqual(FunderKind.crowdfunding.grantFactor, 0.5)
        XCTAssertEqual(FunderKind.foundation.themes, 0b101101)
    }
}
