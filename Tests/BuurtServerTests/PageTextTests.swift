import BuurtCore
import BuurtModel
import Foundation
import XCTest
@testable import BuurtServer

/// Every text of the page exists in Dutch and English, and the Dutch lives beside the registry.
final class PageTextTests: XCTestCase {
    func testEveryLeverAndMetricHasDutch() {
        for spec in Lever.registry.specs {
            let nl = RegistryDutch.levers[spec.name]
            XCTAssertNotNil(nl, "lever \(spec.name) has no Dutch label in RegistryDutch.levers")
            XCTAssertFalse(nl?.label.isEmpty ?? true, spec.name)
            XCTAssertFalse(nl?.description.isEmpty ?? true, spec.name)
        }
        for spec in Metric.registry.specs {
            let nl = RegistryDutch.metrics[spec.name]
            XCTAssertNotNil(nl, "metric \(spec.name) has no Dutch label in RegistryDutch.metrics")
            XCTAssertFalse(nl?.description.isEmpty ?? true, spec.name)
        }
        // No Dutch for names the registry does not have (a renamed lever leaves none behind).
        XCTAssertEqual(Set(RegistryDutch.levers.keys).subtracting(Lever.registry.specs.map(\.name)), [])
        XCTAssertEqual(Set(RegistryDutch.metrics.keys).subtracting(Metric.registry.specs.map(\.name)), [])
    }

    func testEveryGroupUnitOptionAndPageTextHasBothLanguages() {
        for g in Set(Lever.registry.specs.map(\.group)) { XCTAssertNotNil(RegistryDutch.groups[g], "group \(g)") }
        for u in PageText.usedUnits { XCTAssertNotNil(RegistryDutch.units[u], "unit '\(u)' has no Dutch") }
        for o in PageText.usedOptions { XCTAssertNotNil(RegistryDutch.options[o], "option '\(o)' has no Dutch") }
        XCTAssertEqual(Set(RegistryDutch.page.keys), Set(PageText.english.keys), "page texts in both languages")
        for c in LeverCatalog.charts {
            XCTAssertNotNil(PageText.english["chart." + c.key]); XCTAssertNotNil(PageText.english["info.chart." + c.key])
        }
        XCTAssertEqual(Set(RegistryDutch.scenarios.keys), Set(PageText.englishTry.keys), "things to try in both languages")
    }

    /// The Dutch page shows no registry keys, model codes or English: lever and metric descriptions
    /// name other levers by their Dutch labels, and every shipped scenario has a Dutch name.
    func testDutchTextsHoldNoInternalNames() {
        let key = try! NSRegularExpression(pattern: #"\b[a-z]+(\.[a-z_]+|_[a-z_]+)\b|\bSF\d|\boutreach"#, options: [.caseInsensitive])
        for (name, t) in RegistryDutch.levers.map({ ($0.key, $0.value) }) + RegistryDutch.metrics.map({ ($0.key, $0.value) }) {
            for text in [t.label, t.description] {
                let range = NSRange(text.startIndex..., in: text)
                XCTAssertNil(key.firstMatch(in: text, range: range), "\(name): '\(text)' shows an internal name")
            }
        }
        for (o, text) in RegistryDutch.options { XCTAssertFalse(text.lowercased().contains("outreach"), o) }
        for name in RegistryDutch.scenarios.keys { XCTAssertNotNil(RegistryDutch.scenarioTitles[name], "\(name) has no Dutch name") }
        XCTAssertEqual(Set(RegistryDutch.scenarioTitles.keys), Set(RegistryDutch.scenarios.keys))
        // Singular forms and the host's role.
        XCTAssertEqual(RegistryDutch.page["watching1"], "kijker")
        XCTAssertEqual(RegistryDutch.page["speed.unit1"], "week/s")
        XCTAssertNotEqual(RegistryDutch.page["role.host"], "GASTHEER")
        XCTAssertFalse(RegistryDutch.page.values.contains { $0.contains(" de run") || $0.contains("gastheer") })
    }

    func testShippedScenariosHaveThingsToTry() throws {
        let models = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Models").standardizedFileURL
        let names = try FileManager.default.contentsOfDirectory(atPath: models.path).filter { $0.hasSuffix(".yaml") }
            .map { String($0.dropLast(5)) }
        XCTAssertFalse(names.isEmpty)
        for n in names { XCTAssertNotNil(RegistryDutch.scenarios[n], "Models/\(n).yaml has no 'things to try'") }
    }

    /// The page's own files hold no English sentence: their words come from the texts.
    func testThePageScriptsHoldNoTextsOfTheirOwn() {
        for (name, text) in PageAssets.files where name.hasSuffix(".js") {
            for phrase in ["Not connected", "Forked ", "Exported branch", "too large", "takes effect", "watching live"] {
                XCTAssertFalse(text.contains(phrase), "\(name) holds '\(phrase)'")
            }
        }
    }

    func testHelloCarriesBothLanguagesAndTheDefault() throws {
        let config = ServeConfiguration(modelsFolder: "/nonexistent", language: "nl")
        let hello = decode(LiveSession.hello(role: .viewer, configuration: config, scenarios: ["baseline"]).text)
        XCTAssertEqual(hello["lang"] as? String, "nl")
        let scenarios = ((hello["texts"] as? [String: Any])?["nl"] as? [String: Any])?["scenarios"] as? [String: [String]]
        XCTAssertEqual(scenarios?["baseline"]?[2], "standaardwijk", "a scenario's Dutch name, third after description and things to try")
        let texts = try XCTUnwrap(hello["texts"] as? [String: Any])
        for lang in ["nl", "en"] {
            let t = try XCTUnwrap(texts[lang] as? [String: Any])
            let levers = try XCTUnwrap(t["levers"] as? [String: [String]])
            XCTAssertEqual(levers.count, Lever.allCases.count)
            XCTAssertEqual((t["metrics"] as? [String: Any])?.count, Metric.allCases.count)
        }
        let nl = (texts["nl"] as? [String: Any])?["levers"] as? [String: [String]]
        XCTAssertEqual(nl?["funding.grant_size"]?.first, "subsidiebedrag")
        let en = (texts["en"] as? [String: Any])?["levers"] as? [String: [String]]
        XCTAssertEqual(en?["funding.grant_size"]?.first, RegistryLabels.lever("funding.grant_size"))
    }

    /// The page's sliders span an uncertain lever's plausible range from the registry (what the
    /// sensitivity analysis varies), and a certain lever's allowed range.
    func testSlidersSpanThePlausibleRangeOfUncertainLevers() throws {
        let config = ServeConfiguration(modelsFolder: "/nonexistent", language: "nl")
        let hello = decode(LiveSession.hello(role: .host, configuration: config, scenarios: ["baseline"]).text)
        let levers = try XCTUnwrap(hello["levers"] as? [[String: Any]])
        XCTAssertEqual(levers.count, Lever.allCases.count)
        var uncertain = 0
        for (json, spec) in zip(levers, Lever.registry.specs) {
            XCTAssertEqual(json["name"] as? String, spec.name)
            XCTAssertEqual(json["uncertain"] as? Bool, spec.uncertain)
            XCTAssertEqual(json["sliderMin"] as? Double, spec.uncertain ? spec.plausibleMin : spec.min, spec.name)
            XCTAssertEqual(json["sliderMax"] as? Double, spec.uncertain ? spec.plausibleMax : spec.max, spec.name)
            if spec.uncertain { uncertain += 1; XCTAssertLessThan((json["sliderMax"] as? Double)! - (json["sliderMin"] as? Double)!, spec.max - spec.min + 1e-12) }
        }
        XCTAssertGreaterThan(uncertain, 40)
        let gain = try XCTUnwrap(levers.first { $0["name"] as? String == "behaviour.trust_gain" })
        XCTAssertEqual(gain["sliderMin"] as? Double, 0.01)
        XCTAssertEqual(gain["min"] as? Double, 0.001, "a typed value may still use the allowed range")
    }
}
