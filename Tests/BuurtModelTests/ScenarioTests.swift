import XCTest
import BuurtCore
@testable import BuurtModel

/// The repository root, found from this file's path.
let repoRoot: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.path
}()

final class ScenarioTests: XCTestCase {
    func testEmbeddedBaselineIsTheModelsFile() throws {
        let file = try String(contentsOfFile: repoRoot + "/Models/baseline.yaml", encoding: .utf8)
        XCTAssertEqual(EmbeddedScenarios.baseline + "\n", file, "run scripts/embed-baseline")
        let s = Scenario.baseline()
        XCTAssertEqual(s.name, "baseline")
        XCTAssertEqual(s.values.int(.residents), 10_000)
    }

    func testEveryShippedScenarioParses() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: repoRoot + "/Models").filter { $0.hasSuffix(".yaml") }
        XCTAssertGreaterThanOrEqual(files.count, 5)
        for f in files { XCTAssertNoThrow(try Scenario.load(path: repoRoot + "/Models/" + f), f) }
    }

    func testNestedAndDottedKeysAndEvents() throws {
        let s = try Scenario.parse("""
            funding:
              grant_size: 5000
            bureaucracy.friction: 0.2
            funding.mode: collaborative
            events:
              - at: 10
                set: {funding.annual_budget: 0}
                note: cut
            """, file: "t.yaml")
        XCTAssertEqual(s.values[.grantSize], 5000)
        XCTAssertEqual(s.values[.friction], 0.2)
        XCTAssertEqual(s.values.int(.mode), 1)
        XCTAssertEqual(s.events, [ScheduledEvent(tick: 10, lever: .annualBudget, value: 0, note: "cut")])
        // The canonical YAML parses back to the same scenario.
        var back = try Scenario.parse(s.yaml(), file: "t2.yaml")
        back.source = s.source
        XCTAssertEqual(back, s)
    }

    func testBadScenariosNameFileLineKeyAndAllowed() {
        func error(_ text: String) -> BuurtError? {
            do { _ = try Scenario.parse(text, file: "bad.yaml"); return nil } catch { return error as? BuurtError }
        }
        let unknown = error("funding:\n  grant_sise: 5000\n")
        XCTAssertEqual(unknown?.line, 2)
        XCTAssertEqual(unknown?.key, "funding.grant_sise")
        XCTAssertTrue(unknown?.message.contains("funding.grant_size") ?? false)
        let range = error("bureaucracy:\n  friction: 3\n")
        XCTAssertEqual(range?.line, 2)
        XCTAssertEqual(range?.allowed, "a number from 0 to 1")
        let type = error("funding.mode: [a, b]\n")
        XCTAssertTrue(type?.message.contains("expected a single value") ?? false)
        let malformed = error("funding: {grant_size: 5000\n")
        XCTAssertEqual(malformed?.kind, .input)
        XCTAssertNotNil(malformed?.line)
        let structural = error("events:\n  - at: 5\n    set: {population.residents: 10}\n")
        XCTAssertEqual(structural?.line, 3)
        XCTAssertTrue(structural?.message.contains("mid-run") ?? false)
        let twice = error("funding:\n  grant_size: 1000\nfunding.grant_size: 2000\n")
        XCTAssertTrue(twice?.message.contains("twice") ?? false)
        XCTAssertEqual(error("events:\n  - set: {funding.grant_size: 1000}\n")?.key, "events")
        XCTAssertNotNil(error("- just\n- a list\n"))
        XCTAssertNotNil(error("a: \"\u{0}\"\n"))
    }

    func testSetOverrides() throws {
        var s = Scenario.baseline()
        try s.apply(sets: ["funding.grant_size=2500", "funding.use_it_or_lose_it=false"])
        XCTAssertEqual(s.values[.grantSize], 2500)
        XCTAssertFalse(s.values.flag(.useItOrLoseIt))
        XCTAssertThrowsError(try s.apply(sets: ["funding.grant_size"]))
        XCTAssertThrowsError(try s.apply(sets: ["nope=1"])) { XCTAssertEqual(($0 as? BuurtError)?.key, "nope") }
    }

    func testRegistryHasEveryLeverOfTheBrief() {
        let brief = ["funding.grant_size", "funding.annual_budget", "funding.core_share", "funding.term_weeks",
                     "funding.mode", "funding.earmark_strictness", "funding.use_it_or_lose_it", "bureaucracy.friction",
                     "succession.planning", "government.open_share", "government.outreach_hours",
                     "infrastructure.meeting_places", "capacity_building.peer_support", "austerity.budget_cut_per_year",
                     "population.residents", "population.neighbourhoods", "population.intermediaries",
                     "population.civil_servants", "network.mean_degree", "network.homophily", "simulation.ticks",
                     "simulation.seed"]
        for name in brief { XCTAssertNotNil(Lever.registry[name], name) }
        let metrics = ["active_initiatives", "self_sustaining_initiatives", "stranded_total", "new_initiatives",
                       "funded_initiatives", "mean_trust_institutions", "mean_trust_community",
                       "trust_institutions_underrepresented", "active_intermediaries", "burnouts_total",
                       "successions_total", "volunteers", "volunteer_hours", "grant_spent_eur", "volunteer_value_eur",
                       "bridging_tie_share", "mean_unmet_need", "participation_rate",
                       "participation_rate_underrepresented", "application_hours_refused"]
        for name in metrics { XCTAssertNotNil(Metric.registry.index(of: name), name) }
        for spec in Lever.registry.specs { XCTAssertNoThrow(try spec.validate(spec.defaultValue), spec.name) }
    }
}

final class ProvenanceTimeTests: XCTestCase {
    /// `RunOutput.iso` writes what Foundation's ISO 8601 formatter wrote, whole seconds in UTC.
    func testIsoMatchesFoundationsFormatter() {
        let f = ISO8601DateFormatter()
        let moments: [Double] = [0, 59.999, 951_782_400, 1_796_614_399.5, 1_796_614_400, 4_102_444_799]
        for seconds in moments {
            let d = Date(timeIntervalSince1970: seconds)
            XCTAssertEqual(RunOutput.iso(d), f.string(from: d), "\(seconds)")
        }
    }
}
