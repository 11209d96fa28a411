import XCTest
import Foundation
import BuurtCore
@testable import BuurtReport

/// The intervals that respect clustering, checked by simulation.
final class IntervalTests: XCTestCase {
    /// Small clustered designs like a bin of a Saltelli response curve: 15 clusters of 9 runs, the
    /// runs of a cluster sharing a cluster effect. Over many repetitions the clustered interval
    /// covers the known mean about 95% of the time; an interval over runs as if independent does not.
    func testClusteredIntervalCoverageBySimulation() {
        let rng = RandomStream(seed: 2026)
        let repetitions = 2000, clusters = 15, perCluster = 9
        var covered = 0, naiveCovered = 0
        for _ in 0..<repetitions {
            var values: [Double] = [], ids: [Int] = []
            for c in 0..<clusters {
                let effect = rng.gaussian(1.0)
                // Clusters contribute different numbers of runs to a bin (7 to 11).
                let n = perCluster - 2 + rng.index(5)
                for _ in 0..<n { values.append(3 + effect + rng.gaussian(0.5)); ids.append(c) }
            }
            let ci = Plots.clusteredInterval(values, clusters: ids)
            XCTAssertEqual(ci.n, clusters)
            if ci.low <= 3 && 3 <= ci.high { covered += 1 }
            let naive = Statistics.meanInterval(values)
            if naive.low <= 3 && 3 <= naive.high { naiveCovered += 1 }
        }
        let coverage = Double(covered) / Double(repetitions), naive = Double(naiveCovered) / Double(repetitions)
        print(String(format: "coverage of a known mean: clustered %.3f, over runs %.3f", coverage, naive))
        XCTAssertEqual(coverage, 0.95, accuracy: 0.02)
        XCTAssertLessThan(naive, 0.7, "the interval over runs is far too narrow")
    }

    /// Common random numbers: replicate r has one seed at every point, so the runs of a replicate
    /// share a noise term. A bin of three design points with five replicates: the interval over
    /// the replicates' means covers the bin's mean about 95% of the time; one over the design
    /// points (their replicates averaged), as if the points were independent, does not.
    func testUnderCommonRandomNumbersTheReplicateIsTheCluster() {
        let rng = RandomStream(seed: 2027)
        let repetitions = 2000, replicates = 5
        // Three neighbouring points of a bin, whose means differ a little.
        let f = [1.6, 1.65, 1.75], truth = 5.0 / 3
        var covered = 0, byPoint = 0
        for _ in 0..<repetitions {
            let shared = (0..<replicates).map { _ in rng.gaussian(1.0) }
            var values: [Double] = [], replicate: [Int] = [], point: [Int] = []
            for (p, fp) in f.enumerated() {
                for r in 0..<replicates { values.append(fp + shared[r] + rng.gaussian(0.3)); replicate.append(r); point.append(p) }
            }
            let ci = Plots.clusteredInterval(values, clusters: replicate)
            XCTAssertEqual(ci.n, replicates)
            if ci.low <= truth && truth <= ci.high { covered += 1 }
            let naive = Plots.clusteredInterval(values, clusters: point)
            if naive.low <= truth && truth <= naive.high { byPoint += 1 }
        }
        let coverage = Double(covered) / Double(repetitions), naive = Double(byPoint) / Double(repetitions)
        print(String(format: "coverage under common random numbers: over replicates %.3f, over design points %.3f", coverage, naive))
        XCTAssertEqual(coverage, 0.95, accuracy: 0.02)
        XCTAssertLessThan(naive, 0.7, "the interval over design points leaves the shared noise out")
    }

    /// The Kaplan-Meier band by a bootstrap over runs covers the true survival about 95% of the
    /// time when runs differ (a run-level frailty), where Greenwood's band does not.
    func testKaplanMeierClusterBandCoverage() {
        let rng = RandomStream(seed: 7)
        let repetitions = 150, runs = 8, perRun = 60
        let t = 20.0
        // Each run's hazard is 0.03 times a log-normal frailty; the true S(20) is the average of exp(-20 h).
        var truth = 0.0
        let truthRNG = RandomStream(seed: 99)
        for _ in 0..<20000 { truth += exp(-t * 0.03 * exp(truthRNG.gaussian(0.6))) }
        truth /= 20000
        var covered = 0, greenwood = 0
        for r in 0..<repetitions {
            var d: [Double] = [], o: [Bool] = [], c: [Int] = []
            for run in 0..<runs {
                let h = 0.03 * exp(rng.gaussian(0.6))
                for _ in 0..<perRun {
                    let time = (-Foundation.log(1 - rng.uniform()) / h).rounded(.up)
                    d.append(min(time, 100)); o.append(time <= 100); c.append(run)
                }
            }
            let steps = KaplanMeier.estimate(durations: d, observed: o)
            let band = KaplanMeier.clusterBand(durations: d, observed: o, clusters: c, at: [t], rounds: 200,
                                               rng: RandomStream(UInt64(r), 3))
            if band[0].low <= truth && truth <= band[0].high { covered += 1 }
            let step = steps.last { $0.time <= t }!
            if step.low <= truth && truth <= step.high { greenwood += 1 }
        }
        let coverage = Double(covered) / Double(repetitions), naive = Double(greenwood) / Double(repetitions)
        print(String(format: "Kaplan-Meier coverage at t = 20: bootstrap over runs %.3f, Greenwood %.3f", coverage, naive))
        // Close to 95% (150 repetitions: a binomial sd of 1.8 points), well above Greenwood's.
        XCTAssertEqual(coverage, 0.95, accuracy: 0.045)
        XCTAssertGreaterThan(coverage, naive + 0.1)
    }

    func testKaplanMeierSurvivalAt() {
        let steps = KaplanMeier.estimate(durations: [1, 2, 3, 4], observed: [true, true, false, true])
        XCTAssertEqual(KaplanMeier.survival(steps, at: 0.5), 1)
        XCTAssertEqual(KaplanMeier.survival(steps, at: 1), 0.75)
        XCTAssertEqual(KaplanMeier.survival(steps, at: 2.5), 0.5)
        XCTAssertEqual(KaplanMeier.survival(steps, at: 10), 0)
        let one = KaplanMeier.clusterBand(durations: [1, 2], observed: [true, true], clusters: [0, 0], at: [1], rng: RandomStream(seed: 1))
        XCTAssertTrue(one[0].low.isNaN, "no bootstrap over a single run")
    }
}
