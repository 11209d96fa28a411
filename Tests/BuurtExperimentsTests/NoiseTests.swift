import XCTest
import Foundation
import BuurtCore
import BuurtModel
@testable import BuurtExperiments

/// What `buurt analyze` says of noise: the noise floor of Sobol indices under common random
/// numbers, the first-order flag, the sum's interval, and the noise level of Morris's mu*.
final class NoiseTests: XCTestCase {
    /// Outputs of a Saltelli design with y = 4 x1 + 0 x2 + 0 x3 plus noise: a replicate's shared
    /// part `shared` (the same at every point under common random numbers) and a small own part.
    func saltelliRuns(n: Int, replicates: Int, shared: Double, own: Double, crn: Bool) throws -> (runs: [[Double]], ids: [[Int]]) {
        let design = try Designs.saltelli(samples: n, dimensions: 3, scramble: RandomStream(seed: 21))
        let rng = RandomStream(seed: 22)
        let replicateNoise = (0..<replicates).map { _ in rng.gaussian(shared) }
        let runs = design.map { u in
            (0..<replicates).map { r in 4 * u[0] + (crn ? replicateNoise[r] : rng.gaussian(shared)) + rng.gaussian(own) }
        }
        return (runs, design.map { _ in Array(0..<replicates) })
    }

    func testUnderCommonRandomNumbersEachLeverHasItsOwnFloorFromPairedDifferences() throws {
        let n = 32, d = 3
        let (runs, ids) = try saltelliRuns(n: n, replicates: 4, shared: 3, own: 0.05, crn: true)
        let means = runs.map { Statistics.mean($0) }
        let v = Sensitivity.abVariance(y: means, samples: n, dimensions: d)
        let idx = Sensitivity.sobol(y: means, samples: n, dimensions: d, bootstrap: 300, rng: RandomStream(seed: 23))
        let pooled = Analysis.noiseFloor(replicates: runs, variance: v)
        let paired = Analysis.pairedNoiseFloors(replicates: runs, ids: ids, samples: n, dimensions: d, variance: v)
        // The replicates' shared noise (sd 3, variance 9 a run) is most of a point's variance: the
        // pooled floor, which takes it for noise in every comparison, is far above every index.
        XCTAssertGreaterThan(pooled, 1, "the floor that assumes independent seeds: \(pooled)")
        XCTAssertFalse(idx[0].totalLow > pooled, "with it, the one real lever would not clear the noise")
        // Paired by replicate, the shared part cancels: what is left is the own noise, 2 x 0.05^2 / 4
        // over 2V for every lever.
        let expected = 2 * 0.0025 / 4 / 2 / v
        for f in paired { XCTAssertEqual(f, expected, accuracy: expected * 0.6) }
        XCTAssertTrue(idx[0].totalLow > paired[0], "the real lever clears its own floor")
        XCTAssertFalse(idx[1].totalLow > paired[1], "an inert lever does not")
        XCTAssertFalse(idx[2].totalLow > paired[2])
    }

    func testWithoutCommonRandomNumbersThePairedFloorAgreesWithThePooledOne() throws {
        let n = 64, d = 3
        let (runs, ids) = try saltelliRuns(n: n, replicates: 3, shared: 0.5, own: 0, crn: false)
        let means = runs.map { Statistics.mean($0) }
        let v = Sensitivity.abVariance(y: means, samples: n, dimensions: d)
        let pooled = Analysis.noiseFloor(replicates: runs, variance: v)
        for f in Analysis.pairedNoiseFloors(replicates: runs, ids: ids, samples: n, dimensions: d, variance: v) {
            XCTAssertEqual(f, pooled, accuracy: pooled * 0.35, "independent pairs: the same floor, estimated per lever")
        }
    }

    func testDifferenceNoisePairsByReplicateAndNeedsTwoPairs() {
        // Replicates listed in different orders pair by id, not by position.
        let v = Analysis.differenceNoise([1, 2, 3], replicates: [0, 1, 2], [13, 11, 12], replicates: [2, 0, 1])
        XCTAssertEqual(v, 0, accuracy: 1e-12, "every pair differs by exactly 10")
        let w = Analysis.differenceNoise([0, 0], replicates: [0, 1], [1, 3], replicates: [0, 1])
        XCTAssertEqual(w, 2.0 / 2, accuracy: 1e-12, "sample variance of (1, 3) is 2, over 2 pairs")
        XCTAssertTrue(Analysis.differenceNoise([1], replicates: [0], [2], replicates: [0]).isNaN)
        XCTAssertTrue(Analysis.differenceNoise([1, 2], replicates: [0, 1], [2, 3], replicates: [5, 6]).isNaN)
    }

    func testTheSumOfFirstOrderIndicesHasAnInterval() throws {
        // An additive function: the true sum is 1, and its interval contains it.
        let n = 64, d = 3
        let y = try Designs.saltelli(samples: n, dimensions: d, scramble: RandomStream(seed: 5)).map { 3 * $0[0] + $0[1] + $0[2] }
        let s = Sensitivity.firstOrderSum(y: y, samples: n, dimensions: d, bootstrap: 300, rng: RandomStream(seed: 6))
        let idx = Sensitivity.sobol(y: y, samples: n, dimensions: d, bootstrap: 0, rng: RandomStream(seed: 6))
        XCTAssertEqual(s.sum, idx.map(\.first).reduce(0, +), accuracy: 1e-12)
        XCTAssertTrue(s.low <= 1 && 1 <= s.high, "1 in [\(s.low), \(s.high)]")
        XCTAssertTrue(Sensitivity.firstOrderSum(y: y, samples: n, dimensions: d, bootstrap: 0, rng: RandomStream(seed: 6)).low.isNaN)
    }

    /// A Morris design over a lever without effect, with replicate noise: mu* is above 0 (a mean
    /// of absolute values), its interval does not reach 0, and the noise level says so.
    func testMorrisNoiseLevelOfALeverWithoutEffect() {
        let r = 40, d = 2, replicates = 3, sd = 1.0
        let points = Designs.morris(trajectories: r, dimensions: d, levels: 4, rng: RandomStream(seed: 30))
        let rng = RandomStream(seed: 31)
        let runs = points.map { u in (0..<replicates).map { _ in 3 * u[0] + rng.gaussian(sd) } }
        let y = runs.map { Statistics.mean($0) }
        let ids = Array(0..<replicates)
        let stepNoise = (0..<(y.count - 1)).map { k in
            Analysis.differenceNoise(runs[k], replicates: ids, runs[k + 1], replicates: ids)
        }
        let e = Sensitivity.morris(y: y, points: points, trajectories: r, dimensions: d, bootstrap: 300,
                                   rng: RandomStream(seed: 32), stepNoise: stepNoise)
        // Every step of 4 levels moves by 2/3: an inert lever's |effect| averages
        // sqrt(2/pi) sqrt(2 sd^2 / replicates) / (2/3).
        let theory = (2 / Double.pi).squareRoot() * (2 * sd * sd / Double(replicates)).squareRoot() / (2.0 / 3)
        XCTAssertEqual(e[1].noise, theory, accuracy: theory * 0.2)
        XCTAssertEqual(e[1].muStar, theory, accuracy: theory * 0.35, "the inert lever's mu* is noise")
        XCTAssertGreaterThan(e[1].muStarLow, 0, "and its interval does not reach 0")
        XCTAssertFalse(e[1].muStarLow > e[1].noise, "so it does not clear the noise")
        XCTAssertTrue(e[0].muStarLow > e[0].noise, "an effect of 3 a range does")
        XCTAssertEqual(e[0].noise, e[1].noise, accuracy: theory * 0.3, "the same noise for both")
        XCTAssertTrue(Sensitivity.morris(y: y, points: points, trajectories: r, dimensions: d)[0].noise.isNaN, "unknown without step noise")
    }

    /// An integer lever's Morris steps are the steps in the values run: 0..4 at levels 4 runs the
    /// unit steps of 1/3 as 0, 1, 3, 4, so a step of 2/3 is really 3/4 of the range.
    func testMorrisStepsOfAnIntegerLeverAreTheStepsRun() {
        let factor = Factor(lever: Lever(rawValue: Lever.registry.index(of: "population.intermediaries")!)!, values: nil, min: 0, max: 4, log: false)
        XCTAssertEqual([0, 1.0 / 3, 2.0 / 3, 1].map { factor.value(unit: $0) }, [0, 1, 3, 4])
        XCTAssertEqual(factor.unit(of: 3), 0.75, accuracy: 1e-12)
        let logFactor = Factor(lever: Lever(rawValue: Lever.registry.index(of: "funding.grant_size")!)!, values: nil, min: 1000, max: 100000, log: true)
        XCTAssertEqual(logFactor.unit(of: logFactor.value(unit: 0.5)), 0.5, accuracy: 1e-6)
        // y = the lever's value in units of its range: every effect is exactly 1 by the steps run,
        // and 9/8 or 3/4 or 3/2 by the design's.
        let r = 20
        let unit = Designs.morris(trajectories: r, dimensions: 1, levels: 4, rng: RandomStream(seed: 40))
        let ran = unit.map { [factor.unit(of: factor.value(unit: $0[0]))] }
        let y = ran.map { $0[0] }
        let e = Sensitivity.morris(y: y, points: ran, trajectories: r, dimensions: 1)
        XCTAssertEqual(e[0].muStar, 1, accuracy: 1e-9)
        XCTAssertEqual(e[0].sigma, 0, accuracy: 1e-9)
        let byDesign = Sensitivity.morris(y: y, points: unit, trajectories: r, dimensions: 1)
        XCTAssertGreaterThan(abs(byDesign[0].muStar - 1), 0.01, "the design's steps misstate it")
    }
}
