import BuurtCore
import XCTest
@testable import BuurtExperiments

final class DesignTests: XCTestCase {
    // MARK: grid

    func testGridCountsAndOrderLastFactorFastest() {
        let rows = Designs.grid(levels: [2, 3])
        XCTAssertEqual(rows, [[0, 0], [0, 1], [0, 2], [1, 0], [1, 1], [1, 2]])
        XCTAssertEqual(Designs.grid(levels: [3, 1, 4, 2]).count, 24)
        XCTAssertEqual(Designs.grid(levels: [3, 1, 4, 2]).last, [2, 0, 3, 1])
    }

    func testGridEdgeCases() {
        XCTAssertEqual(Designs.grid(levels: []), [[]])
        XCTAssertEqual(Designs.grid(levels: [2, 0]), [])
        XCTAssertEqual(Designs.grid(levels: [-1]), [])
        XCTAssertEqual(Designs.grid(levels: [1]), [[0]])
    }

    // MARK: Latin hypercube

    func testLHSStratifiesEveryDimension() {
        for (n, d) in [(1, 1), (7, 3), (50, 5), (200, 2)] {
            let points = Designs.lhs(samples: n, dimensions: d, rng: RandomStream(seed: 42))
            XCTAssertEqual(points.count, n)
            for dim in 0..<d {
                var occupied = [Int](repeating: 0, count: n)
                for p in points {
                    XCTAssertEqual(p.count, d)
                    XCTAssertGreaterThanOrEqual(p[dim], 0)
                    XCTAssertLessThan(p[dim], 1)
                    occupied[Int(p[dim] * Double(n))] += 1
                }
                XCTAssertEqual(occupied, [Int](repeating: 1, count: n), "n=\(n) dimension \(dim)")
            }
        }
    }

    func testLHSIsDeterministicPerSeed() {
        let a = Designs.lhs(samples: 20, dimensions: 4, rng: RandomStream(seed: 7))
        let b = Designs.lhs(samples: 20, dimensions: 4, rng: RandomStream(seed: 7))
        let c = Designs.lhs(samples: 20, dimensions: 4, rng: RandomStream(seed: 8))
        XCTAssertEqual(a, b)
        XCTAssertNotEqual(a, c)
    }

    func testLHSPermutesDimensionsIndependently() {
        // With 100 points the bins of two dimensions should not line up (probability 1/100!).
        let points = Designs.lhs(samples: 100, dimensions: 2, rng: RandomStream(seed: 3))
        let same = points.filter { Int($0[0] * 100) == Int($0[1] * 100) }.count
        XCTAssertLessThan(same, 10)
    }

    func testLHSEmptyInputs() {
        XCTAssertEqual(Designs.lhs(samples: 0, dimensions: 3, rng: RandomStream(seed: 1)).count, 0)
        XCTAssertEqual(Designs.lhs(samples: 3, dimensions: 0, rng: RandomStream(seed: 1)).count, 0)
    }

    // MARK: Sobol

    func testSobolMatchesGSLsKnownPoints() throws {
        // GSL skips the origin: these are gsl_qrng_sobol's first six 2-d points.
        let points = try Designs.sobol(samples: 6, dimensions: 2)
        XCTAssertEqual(points, [[0.5, 0.5], [0.75, 0.25], [0.25, 0.75],
                                [0.375, 0.375], [0.875, 0.875], [0.625, 0.125]])
    }

    func testSobolIsBalancedOverPowersOfTwo() throws {
        let n = 1024
        let points = try Designs.sobol(samples: n, dimensions: 5)
        XCTAssertEqual(points.count, n)
        for dim in 0..<5 {
            // The first 2^k - 1 points plus the skipped origin fill 2^k bins, one point each.
            let column = points.prefix(n - 1).map { $0[dim] }
            var occupied = Set<Int>()
            for x in column {
                XCTAssertGreaterThan(x, 0)
                XCTAssertLessThan(x, 1)
                occupied.insert(Int(x * Double(n)))
            }
            XCTAssertEqual(occupied.count, n - 1)
            XCTAssertFalse(occupied.contains(0), "bin 0 belongs to the skipped origin")
        }
    }

    func testSobolRejectsBadDimensions() throws {
        XCTAssertNoThrow(try Designs.sobol(samples: 4, dimensions: 40))
        for d in [0, 41] {
            XCTAssertThrowsError(try Designs.sobol(samples: 4, dimensions: d)) { error in
                let buurt = error as? BuurtError
                XCTAssertEqual(buurt?.kind, .input)
                XCTAssertEqual(buurt?.key, "design")
                XCTAssertTrue(buurt?.message.contains("40") ?? false)
            }
        }
        XCTAssertThrowsError(try Designs.sobol(samples: 0, dimensions: 2))
    }

    // MARK: Saltelli

    func testSaltelliShapeAndBlocks() throws {
        let n = 16, d = 3
        let rows = try Designs.saltelli(samples: n, dimensions: d)
        XCTAssertEqual(rows.count, n * (d + 2))
        let base = try Designs.sobol(samples: n, dimensions: 2 * d)
        for j in 0..<n {
            let a = Array(base[j][0..<d]), b = Array(base[j][d..<(2 * d)])
            let block = Array(rows[(j * (d + 2))..<((j + 1) * (d + 2))])
            XCTAssertEqual(block[0], a)
            XCTAssertEqual(block[d + 1], b)
            for i in 0..<d {
                let ab = block[1 + i]
                for k in 0..<d {
                    XCTAssertEqual(ab[k], k == i ? b[k] : a[k], "block \(j) AB\(i) column \(k)")
                }
            }
        }
    }

    func testSaltelliRejectsTooManyDimensions() {
        XCTAssertNoThrow(try Designs.saltelli(samples: 2, dimensions: 20))
        XCTAssertThrowsError(try Designs.saltelli(samples: 2, dimensions: 21)) { error in
            XCTAssertEqual((error as? BuurtError)?.kind, .input)
        }
    }

    // MARK: Morris

    func testMorrisTrajectoriesMoveOneFactorByDelta() {
        for p in [2, 4, 6] {
            let r = 25, d = 5
            let delta = Double(p) / (2.0 * Double(p - 1))
            let rows = Designs.morris(trajectories: r, dimensions: d, levels: p, rng: RandomStream(seed: 11))
            XCTAssertEqual(rows.count, r * (d + 1))
            for x in rows.joined() {
                XCTAssertGreaterThanOrEqual(x, 0)
                XCTAssertLessThanOrEqual(x, 1)
                // On the p-level grid.
                let level = x * Double(p - 1)
                XCTAssertEqual(level, level.rounded(), accuracy: 1e-9)
            }
            for t in 0..<r {
                var moved = Set<Int>()
                for k in (t * (d + 1))..<((t + 1) * (d + 1) - 1) {
                    let changed = (0..<d).filter { rows[k][$0] != rows[k + 1][$0] }
                    XCTAssertEqual(changed.count, 1, "trajectory \(t) step \(k)")
                    if let i = changed.first {
                        XCTAssertEqual(abs(rows[k + 1][i] - rows[k][i]), delta, accuracy: 1e-12)
                        moved.insert(i)
                    }
                }
                XCTAssertEqual(moved, Set(0..<d), "every factor moves once in trajectory \(t)")
            }
        }
    }

    func testMorrisUsesBothDirectionsAndIsDeterministic() {
        let a = Designs.morris(trajectories: 40, dimensions: 3, levels: 4, rng: RandomStream(seed: 5))
        let b = Designs.morris(trajectories: 40, dimensions: 3, levels: 4, rng: RandomStream(seed: 5))
        XCTAssertEqual(a, b)
        var ups = 0, downs = 0
        for t in 0..<40 {
            for k in (t * 4)..<(t * 4 + 3) {
                for i in 0..<3 where a[k][i] != a[k + 1][i] {
                    if a[k + 1][i] > a[k][i] { ups += 1 } else { downs += 1 }
                }
            }
        }
        XCTAssertGreaterThan(ups, 20)
        XCTAssertGreaterThan(downs, 20)
    }

    func testMorrisOddLevelsStayInRangeAndEmptyInputs() {
        let rows = Designs.morris(trajectories: 10, dimensions: 2, levels: 5, rng: RandomStream(seed: 1))
        XCTAssertEqual(rows.count, 30)
        XCTAssertTrue(rows.joined().allSatisfy { $0 >= 0 && $0 <= 1 })
        XCTAssertEqual(Designs.morris(trajectories: 0, dimensions: 2, levels: 4, rng: RandomStream(seed: 1)).count, 0)
        XCTAssertEqual(Designs.morris(trajectories: 2, dimensions: 2, levels: 1, rng: RandomStream(seed: 1)).count, 0)
    }

    // MARK: scale

    func testScaleLinearAndLog() {
        XCTAssertEqual(Designs.scale(0, min: 2, max: 10, log: false), 2)
        XCTAssertEqual(Designs.scale(0.25, min: 2, max: 10, log: false), 4)
        XCTAssertEqual(Designs.scale(1, min: 2, max: 10, log: false), 10)
        XCTAssertEqual(Designs.scale(0, min: 0.01, max: 100, log: true), 0.01, accuracy: 1e-15)
        XCTAssertEqual(Designs.scale(0.5, min: 0.01, max: 100, log: true), 1, accuracy: 1e-12)
        XCTAssertEqual(Designs.scale(0.75, min: 0.01, max: 100, log: true), 10, accuracy: 1e-12)
        XCTAssertEqual(Designs.scale(1, min: 0.01, max: 100, log: true), 100, accuracy: 1e-12)
        XCTAssertTrue(Designs.scale(0.5, min: 0, max: 100, log: true).isNaN)
        XCTAssertTrue(Designs.scale(0.5, min: -1, max: 100, log: true).isNaN)
    }
}
