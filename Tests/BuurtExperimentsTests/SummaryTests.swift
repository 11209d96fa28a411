import BuurtCore
import BuurtModel
import Foundation
import XCTest

/// The summaries of `summary.csv` and `runs.csv` against the time series they summarise.
final class SummaryTests: XCTestCase {
    func testEverySummaryMatchesItsTimeSeries() throws {
        var s = Scenario.baseline()
        s.values[.residents] = 2000
        s.values[.ticks] = 130
        s.values[.seed] = 5
        let sim = Simulation(scenario: s, threads: 1)
        try sim.run()
        let text = RunOutput.summaryCSV(seed: 5, sim.recorder).split(separator: "\n").map(String.init)
        XCTAssertEqual(text.count, 2)
        let header = text[0].split(separator: ",").map(String.init)
        let fields = text[1].split(separator: ",").map(String.init)
        XCTAssertEqual(header.count, 1 + 3 * Metric.allCases.count)
        let rows = sim.recorder.rows, ticks = sim.recorder.ticks
        XCTAssertEqual(ticks.first, 0)
        let simulated = rows.indices.filter { ticks[$0] >= 1 }
        XCTAssertEqual(simulated.count, 130)
        let lastYear = Array(simulated.suffix(52))
        var nonWholeMeans = 0
        for m in Metric.allCases {
            let name = m.spec.name
            func value(_ suffix: String) throws -> Double {
                let c = try XCTUnwrap(header.firstIndex(of: name + suffix), name + suffix)
                return try XCTUnwrap(Double(fields[c]), name + suffix)
            }
            let mean = simulated.map { rows[$0][m.rawValue] }.reduce(0, +) / Double(simulated.count)
            let year = lastYear.map { rows[$0][m.rawValue] }.reduce(0, +) / Double(lastYear.count)
            let tol = { (x: Double) in 1e-6 * Swift.max(1, abs(x)) }
            XCTAssertEqual(try value("_mean"), mean, accuracy: tol(mean), "\(name)_mean is the mean over ticks 1..T")
            XCTAssertEqual(try value("_lastyear"), year, accuracy: tol(year), "\(name)_lastyear is the mean over the last 52 ticks")
            XCTAssertEqual(try value("_final"), rows.last![m.rawValue], accuracy: m.spec.isCount ? 0.5 : tol(rows.last![m.rawValue]))
            if m.spec.isCount, mean != mean.rounded() { nonWholeMeans += 1 }
        }
        // The bug this guards against rounded the means of counts to whole numbers.
        XCTAssertGreaterThan(nonWholeMeans, 5, "means of counts are not whole numbers")
    }

    func testLastYearOfAShortRunIsItsMean() throws {
        var s = Scenario.baseline()
        s.values[.residents] = 1000
        s.values[.ticks] = 20
        let sim = Simulation(scenario: s, threads: 1)
        try sim.run()
        let summary = sim.recorder.summary
        for k in Metric.allCases.indices {
            XCTAssertEqual(summary[3 * k + 2], summary[3 * k + 1], accuracy: 1e-9)
        }
    }

    func testEveryLeverAndMetricHasALabel() {
        for spec in Lever.registry.specs {
            XCTAssertNotNil(RegistryLabels.levers[spec.name], "label for lever \(spec.name)")
        }
        for spec in Metric.registry.specs {
            XCTAssertNotNil(RegistryLabels.metrics[spec.name], "label for metric \(spec.name)")
        }
        // No label for a name the registries do not declare (a renamed entry leaves none behind).
        for name in RegistryLabels.levers.keys { XCTAssertNotNil(Lever.registry[name], "labelled lever \(name) is declared") }
        for name in RegistryLabels.metrics.keys { XCTAssertNotNil(Metric.registry.index(of: name), "labelled metric \(name) is declared") }
        XCTAssertEqual(RegistryLabels.summaryColumn("self_sustaining_initiatives_lastyear"),
                       "Self-sustaining initiatives, last year mean")
        XCTAssertEqual(Lever.friction.label, "Bureaucratic friction")
    }
}
