import BuurtCore
import CGSL

/// First-order and total Sobol indices of one factor, each with a 95% bootstrap interval.
///
/// Intervals are bootstrap percentile intervals (2.5% and 97.5%); they are NaN when no
/// bootstrap was asked for. Point estimates are NaN when the output has no variance.
public struct SobolIndex: Equatable, Sendable {
    public var first: Double, firstLow: Double, firstHigh: Double
    public var total: Double, totalLow: Double, totalHigh: Double

    public init(first: Double, firstLow: Double, firstHigh: Double,
                total: Double, totalLow: Double, totalHigh: Double) {
        self.first = first; self.firstLow = firstLow; self.firstHigh = firstHigh
        self.total = total; self.totalLow = totalLow; self.totalHigh = totalHigh
    }

    static let unknown = SobolIndex(first: .nan, firstLow: .nan, firstHigh: .nan,
                                    total: .nan, totalLow: .nan, totalHigh: .nan)
}

/// Global sensitivity analysis of model outputs over the designs made by `Designs`.
public enum Sensitivity {
    /// Sobol first-order and total indices from outputs over a `Designs.saltelli` design.
    ///
    /// `y` holds one output per design row, in the design's order (blocks of `d + 2` per base
    /// sample: `A_j, AB_j^(1..d), B_j`), so `y.count == n × (d + 2)`. Estimators, with
    /// `V` the (population) variance of all `f(A)` and `f(B)` together:
    /// - first order (Saltelli et al. 2010): `S_i = mean(f(B) (f(AB_i) - f(A))) / V`;
    /// - total (Jansen 1999): `ST_i = mean((f(A) - f(AB_i))^2) / 2 / V`.
    ///
    /// The intervals resample the `n` base samples (whole blocks) with replacement `bootstrap`
    /// times, drawing `bootstrap × n` indices from `rng`, and take the 2.5% and 97.5% percentiles.
    /// Estimates are not clamped to `[0, 1]`: small negative first-order values mean "about zero".
    /// When `y.count` does not match `n × (d + 2)` (or `n < 1`) every index is NaN; `d < 1`
    /// gives no indices.
    ///
    /// - Complexity: O((bootstrap + 1) × n × d) time, O(bootstrap × d) extra memory.
    public static func sobol(y: [Double], samples n: Int, dimensions d: Int, bootstrap: Int = 200,
                             rng: RandomStream) -> [SobolIndex] {
        guard d >= 1 else { return [] }
        guard n >= 1, y.count == n * (d + 2) else {
            return [SobolIndex](repeating: .unknown, count: d)
        }
        let block = d + 2
        let all = Array(0..<n)
        // Centre the outputs first: the estimators are unchanged in expectation by a shift, but an
        // output with a large mean and a small variance (a trust level, say) otherwise gives wildly
        // unstable first-order estimates.
        let centre = y.reduce(0, +) / Double(y.count)
        let y = y.map { $0 - centre }
        let estimate = saltelliEstimates(y: y, block: block, d: d, rows: all)

        let rounds = Swift.max(0, bootstrap)
        var firstDraws = [[Double]](repeating: [], count: d)
        var totalDraws = [[Double]](repeating: [], count: d)
        var rows = all
        for _ in 0..<rounds {
            for j in 0..<n { rows[j] = rng.index(n) }
            let resampled = saltelliEstimates(y: y, block: block, d: d, rows: rows)
            for i in 0..<d {
                firstDraws[i].append(resampled.first[i])
                totalDraws[i].append(resampled.total[i])
            }
        }
        return (0..<d).map { i in
            let firstCI = percentileInterval(firstDraws[i])
            let totalCI = percentileInterval(totalDraws[i])
            return SobolIndex(first: estimate.first[i], firstLow: firstCI.low, firstHigh: firstCI.high,
                              total: estimate.total[i], totalLow: totalCI.low, totalHigh: totalCI.high)
        }
    }

    /// Morris elementary effects per factor from outputs over a `Designs.morris` design.
    ///
    /// `points` are the design rows and `y` one output per row, both `r × (d + 1)` long, one
    /// trajectory after another. Each step of a trajectory changes one coordinate by `dx`; its
    /// elementary effect is `(y_next - y_prev) / dx`, attributed to the coordinate that changed
    /// most (a step that changes nothing is skipped). Effects are per unit of the *unit* design
    /// space: divide by the factor's range to get per-unit-of-lever effects. Per factor:
    /// `muStar` is the mean absolute effect (the ranking measure, Campolongo et al. 2007), `mu`
    /// the mean and `sigma` the sample standard deviation (NaN with fewer than two effects).
    /// When the shapes do not match, every entry is NaN; `d < 1` gives no entries.
    ///
    /// - Complexity: O(r × d²).
    public static func morris(y: [Double], points: [[Double]], trajectories r: Int,
                              dimensions d: Int) -> [(muStar: Double, mu: Double, sigma: Double)] {
        guard d >= 1 else { return [] }
        let unknown = [(muStar: Double, mu: Double, sigma: Double)](repeating: (.nan, .nan, .nan), count: d)
        let length = d + 1
        guard r >= 1, y.count == r * length, points.count == r * length,
              points.allSatisfy({ $0.count == d }) else { return unknown }
        var effects = [[Double]](repeating: [], count: d)
        for t in 0..<r {
            for k in (t * length)..<((t + 1) * length - 1) {
                let before = points[k], after = points[k + 1]
                var factor = -1, change = 0.0
                for i in 0..<d where abs(after[i] - before[i]) > abs(change) {
                    factor = i
                    change = after[i] - before[i]
                }
                guard factor >= 0 else { continue }
                effects[factor].append((y[k + 1] - y[k]) / change)
            }
        }
        return effects.map { ee in
            guard !ee.isEmpty else { return (.nan, .nan, .nan) }
            return (muStar: Statistics.mean(ee.map { abs($0) }), mu: Statistics.mean(ee),
                    sigma: Statistics.sd(ee))
        }
    }

    /// First-order and total estimates over the given base rows (indices into the blocks).
    private static func saltelliEstimates(y: [Double], block: Int, d: Int,
                                          rows: [Int]) -> (first: [Double], total: [Double]) {
        let count = Double(rows.count)
        // Variance of f(A) and f(B) together (population variance, as SALib).
        var sum = 0.0
        for j in rows { sum += y[j * block] + y[j * block + d + 1] }
        let mean = sum / (2 * count)
        var squares = 0.0
        for j in rows {
            let a = y[j * block] - mean, b = y[j * block + d + 1] - mean
            squares += a * a + b * b
        }
        let variance = squares / (2 * count)
        guard variance > 0, variance.isFinite else {
            return ([Double](repeating: .nan, count: d), [Double](repeating: .nan, count: d))
        }
        var first = [Double](repeating: 0, count: d)
        var total = [Double](repeating: 0, count: d)
        for j in rows {
            let base = j * block
            let fA = y[base], fB = y[base + d + 1]
            for i in 0..<d {
                let fAB = y[base + 1 + i]
                first[i] += fB * (fAB - fA)
                total[i] += (fA - fAB) * (fA - fAB)
            }
        }
        for i in 0..<d {
            first[i] = first[i] / count / variance
            total[i] = total[i] / count / 2 / variance
        }
        return (first, total)
    }

    /// The 2.5% and 97.5% percentiles of the finite values (NaN when there are none).
    private static func percentileInterval(_ draws: [Double]) -> (low: Double, high: Double) {
        let sorted = draws.filter { $0.isFinite }.sorted()
        guard !sorted.isEmpty else { return (.nan, .nan) }
        return sorted.withUnsafeBufferPointer { buffer in
            (gsl_stats_quantile_from_sorted_data(buffer.baseAddress, 1, buffer.count, 0.025),
             gsl_stats_quantile_from_sorted_data(buffer.baseAddress, 1, buffer.count, 0.975))
        }
    }
}
