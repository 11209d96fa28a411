import BuurtCore
import Foundation
import XCTest
@testable import BuurtExperiments

final class SensitivityTests: XCTestCase {
    /// The Ishigami function (a = 7, b = 0.1) on unit inputs mapped to [-pi, pi].
    private func ishigami(_ u: [Double]) -> Double {
        let x = u.map { Designs.scale($0, min: -Double.pi, max: Double.pi, log: false) }
        let s1 = sin(x[0]), s2 = sin(x[1])
        return s1 + 7 * s2 * s2 + 0.1 * pow(x[2], 4) * s1
    }

    // Analytical Ishigami indices (a = 7, b = 0.1).
    private let exactFirst = [0.3139, 0.4424, 0.0]
    private let exactTotal = [0.5576, 0.4424, 0.2437]

    func testIshigamiSobolIndices() throws {
        let n = 4096, d = 3
        let design = try Designs.saltelli(samples: n, dimensions: d)
        let y = design.map(ishigami)
        let indices = Sensitivity.sobol(y: y, samples: n, dimensions: d, bootstrap: 200,
                                        rng: RandomStream(seed: 2024))
        XCTAssertEqual(indices.count, d)
        for i in 0..<d {
            let s = indices[i]
            XCTAssertEqual(s.first, exactFirst[i], accuracy: 0.05, "S1 of x\(i + 1)")
            XCTAssertEqual(s.total, exactTotal[i], accuracy: 0.05, "ST of x\(i + 1)")
            XCTAssertLessThanOrEqual(s.firstLow, s.first)
            XCTAssertGreaterThanOrEqual(s.firstHigh, s.first)
            XCTAssertLessThanOrEqual(s.totalLow, s.total)
            XCTAssertGreaterThanOrEqual(s.totalHigh, s.total)
            XCTAssertTrue((s.firstLow...s.firstHigh).contains(exactFirst[i]),
                          "S1 interval \(s.firstLow)...\(s.firstHigh) of x\(i + 1) misses \(exactFirst[i])")
            XCTAssertTrue((s.totalLow...s.totalHigh).contains(exactTotal[i]),
                          "ST interval \(s.totalLow)...\(s.totalHigh) of x\(i + 1) misses \(exactTotal[i])")
        }
    }

    func testSobolIsDeterministicPerSeed() throws {
        let n = 256, d = 3
        let y = try Designs.saltelli(samples: n, dimensions: d).map(ishigami)
        let a = Sensitivity.sobol(y: y, samples: n, dimensions: d, bootstrap: 50, rng: RandomStream(seed: 9))
        let b = Sensitivity.sobol(y: y, samples: n, dimensions: d, bootstrap: 50, rng: RandomStream(seed: 9))
        XCTAssertEqual(a, b)
    }

    func testSobolOnAnAdditiveLinearModel() throws {
        // y = 1 x1 + 2 x2 + 0 x3: S1 = ST = (1, 4, 0) / 5.
        let n = 2048, d = 3
        let y = try Designs.saltelli(samples: n, dimensions: d).map { $0[0] + 2 * $0[1] }
        let indices = Sensitivity.sobol(y: y, samples: n, dimensions: d, bootstrap: 0, rng: RandomStream(seed: 1))
        for (i, expected) in [0.2, 0.8, 0.0].enumerated() {
            XCTAssertEqual(indices[i].first, expected, accuracy: 0.02)
            XCTAssertEqual(indices[i].total, expected, accuracy: 0.02)
            XCTAssertTrue(indices[i].firstLow.isNaN, "no bootstrap, no interval")
        }
        XCTAssertEqual(indices[2].total, 0, "an inert factor leaves f(AB) equal to f(A)")
    }

    func testRankIntervalsSettleDistinctFactorsAndJoinTiedOnes() throws {
        // y = 3 x1 + 1 x2 + 1 x3 + 0.2 x4 + noise-free: x1 is first, x2 and x3 are tied for second
        // and third, x4 is fourth.
        let n = 512, d = 4
        let y = try Designs.saltelli(samples: n, dimensions: d, scramble: RandomStream(seed: 3)).map { 3 * $0[0] + $0[1] + $0[2] + 0.2 * $0[3] }
        let idx = Sensitivity.sobol(y: y, samples: n, dimensions: d, bootstrap: 300, rng: RandomStream(seed: 5))
        XCTAssertEqual(idx[0].rankText, "1", "the dominant factor's place is settled")
        XCTAssertEqual(idx[3].rankText, "4", "the weakest factor's place is settled")
        for i in [1, 2] {
            XCTAssertEqual(idx[i].rankLow, 2, "tied factor x\(i + 1): \(idx[i].rankText)")
            XCTAssertEqual(idx[i].rankHigh, 3, "tied factor x\(i + 1): \(idx[i].rankText)")
        }
        XCTAssertTrue(idx.allSatisfy { $0.rankLow <= $0.rank && $0.rank <= $0.rankHigh })
        // No bootstrap: the place alone.
        let plain = Sensitivity.sobol(y: y, samples: n, dimensions: d, bootstrap: 0, rng: RandomStream(seed: 5))
        XCTAssertEqual(plain.map(\.rankText), ["1", plain[1].rankText, plain[2].rankText, "4"])
        XCTAssertTrue(plain[1].rankLow.isNaN)
    }

    func testRanksShareEqualPlacesAndLeaveNaNUnranked() {
        XCTAssertEqual(Sensitivity.ranks([0.5, 0.1, 0.5, 0.3]), [1, 4, 1, 3])
        let r = Sensitivity.ranks([.nan, 0.2, 0.4])
        XCTAssertTrue(r[0].isNaN)
        XCTAssertEqual(Array(r[1...]), [2, 1])
    }

    func testSobolBadShapesGiveNaN() {
        let indices = Sensitivity.sobol(y: [1, 2, 3], samples: 2, dimensions: 2, rng: RandomStream(seed: 1))
        XCTAssertEqual(indices.count, 2)
        XCTAssertTrue(indices.allSatisfy { $0.first.isNaN && $0.total.isNaN })
        let constant = Sensitivity.sobol(y: [Double](repeating: 3, count: 8), samples: 2, dimensions: 2,
                                         bootstrap: 10, rng: RandomStream(seed: 1))
        XCTAssertTrue(constant.allSatisfy { $0.first.isNaN && $0.totalLow.isNaN })
    }

    func testMorrisRanksDominantAndInertFactors() {
        // x1 dominant and linear, x2 inert, x3 weak and nonlinear.
        let r = 20, d = 3
        let points = Designs.morris(trajectories: r, dimensions: d, levels: 4, rng: RandomStream(seed: 17))
        let y = points.map { 10 * $0[0] + 0 * $0[1] + $0[2] * $0[2] }
        let effects = Sensitivity.morris(y: y, points: points, trajectories: r, dimensions: d)
        XCTAssertEqual(effects.count, d)
        XCTAssertEqual(effects[0].muStar, 10, accuracy: 1e-9)
        XCTAssertEqual(effects[0].mu, 10, accuracy: 1e-9)
        XCTAssertEqual(effects[0].sigma, 0, accuracy: 1e-9, "a linear factor has one effect everywhere")
        XCTAssertEqual(effects[1].muStar, 0, accuracy: 1e-12)
        XCTAssertEqual(effects[1].sigma, 0, accuracy: 1e-12)
        XCTAssertGreaterThan(effects[2].muStar, 0)
        XCTAssertLessThan(effects[2].muStar, effects[0].muStar)
        XCTAssertGreaterThan(effects[2].muStar, effects[1].muStar)
        // x^2 has effect (x+Δ)^2 - x^2 over Δ = 2x + Δ, which varies with x.
        XCTAssertGreaterThan(effects[2].sigma, 0)
    }

    func testMorrisSignOfEffectsFollowsTheFunction() {
        let r = 10, d = 2
        let points = Designs.morris(trajectories: r, dimensions: d, levels: 6, rng: RandomStream(seed: 4))
        let y = points.map { -3 * $0[0] + 0.5 * $0[1] }
        let effects = Sensitivity.morris(y: y, points: points, trajectories: r, dimensions: d)
        XCTAssertEqual(effects[0].mu, -3, accuracy: 1e-9)
        XCTAssertEqual(effects[0].muStar, 3, accuracy: 1e-9)
        XCTAssertEqual(effects[1].mu, 0.5, accuracy: 1e-9)
    }

    func testMorrisBadShapesGiveNaN() {
        let effects = Sensitivity.morris(y: [1, 2], points: [[0], [1]], trajectories: 2, dimensions: 1)
        XCTAssertEqual(effects.count, 1)
        XCTAssertTrue(effects[0].muStar.isNaN)
    }
}
