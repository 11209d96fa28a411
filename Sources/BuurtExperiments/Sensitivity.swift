import BuurtCore
import CGSL

/// First-order and total Sobol indices of one factor, each with a 95% bootstrap interval.
///
/// Intervals are bootstrap percentile intervals (2.5% and 97.5%); they are NaN when no
/// bootstrap was asked for. Point estimates are NaN when the output has no variance.
///
/// `rank` is the factor's place by total index (1: the largest; factors with equal ST share the
/// place); `rankLow ... rankHigh` is the 95% bootstrap percentile interval of that place over the
/// same resamples (Hall & Miller 2009): two factors whose rank intervals overlap are not ordered by
/// these runs.
public struct SobolIndex: Equatable, Sendable {
    public var first: Double, firstLow: Double, firstHigh: Double
    public var total: Double, totalLow: Double, totalHigh: Double
    public var rank: Double, rankLow: Double, rankHigh: Double

    public init(first: Double, firstLow: Double, firstHigh: Double,
                total: Double, totalLow: Double, totalHigh: Double,
                rank: Double = .nan, rankLow: Double = .nan, rankHigh: Double = .nan) {
        self.first = first; self.firstLow = firstLow; self.firstHigh = firstHigh
        self.total = total; self.totalLow = totalLow; self.totalHigh = totalHigh
        self.rank = rank; self.rankLow = rankLow; self.rankHigh = rankHigh
    }

    static let unknown = SobolIndex(first: .nan, firstLow: .nan, firstHigh: .nan,
                                    total: .nan, totalLow: .nan, totalHigh: .nan)

    /// The rank and its interval as text: "3" when the interval is that one place, "2-6" otherwise,
    /// "" when unknown.
    public var rankText: String {
        guard rankLow.isFinite, rankHigh.isFinite else { return rank.isFinite ? String(Int(rank)) : "" }
        return rankLow == rankHigh ? String(Int(rankLow)) : "\(Int(rankLow))-\(Int(rankHigh))"
    }
}

/// Morris measures of one factor: mu* with its 95% bootstrap interval, mu, sigma, the number
/// of elementary effects they rest on, and `noise`: the mu* a factor with no effect would get from
/// replicate noise alone (NaN when the noise of the steps is not known).
public struct MorrisIndex: Equatable, Sendable {
    public var muStar: Double, muStarLow: Double, muStarHigh: Double
    public var mu: Double, sigma: Double
    public var effects: Int
    public var noise: Double = .nan
    static let unknown = MorrisIndex(muStar: .nan, muStarLow: .nan, muStarHigh: .nan, mu: .nan, sigma: .nan, effects: 0)
}

/// The first-order estimators `Sensitivity.sobol` offers (see docs/ANALYSIS.md for the comparison).
///
/// With `V` the variance of all `f(A)` and `f(B)`, over the `N` base samples:
/// - `saltelli2010`: `S_i = mean(f(B) (f(AB_i) - f(A))) / V` (outputs centred on their grand mean);
/// - `jansen1999`: `S_i = 1 - mean((f(B) - f(AB_i))^2) / (2 V)`;
/// - `janon2014`: `S_i = (mean(f(B) f(AB_i)) - m_i^2) / (mean((f(B)^2 + f(AB_i)^2) / 2) - m_i^2)`, with
///   `m_i = mean((f(B) + f(AB_i)) / 2)`: each index centred on the mean of its own pair of columns
///   (Janon et al. 2014; "Sobol-Saltelli" centred form), asymptotically efficient.
public enum FirstOrderEstimator: String, CaseIterable, Sendable {
    case saltelli2010, jansen1999, janon2014
    /// The estimator `buurt analyze` uses (the comparison in docs/ANALYSIS.md).
    public static let standard = FirstOrderEstimator.saltelli2010
    /// The suffix of its column in sensitivity.csv (`S1_jansen`, `S1_janon`).
    public var columnSuffix: String {
        switch self {
        case .saltelli2010: return "saltelli"
        case .jansen1999: return "jansen"
        case .janon2014: return "janon"
        }
    }
    /// The reference, for subtitles and docs.
    public var citation: String {
        switch self {
        case .saltelli2010: return "Saltelli et al. (2010)"
        case .jansen1999: return "Jansen (1999)"
        case .janon2014: return "Janon et al. (2014)"
        }
    }
}

/// Global sensitivity analysis of model outputs over the designs made by `Designs`.
public enum Sensitivity {
    /// The fewest base samples (Sobol) or elementary effects (Morris) from which `buurt analyze`
    /// gives a bootstrap interval: below it a percentile interval rests on a handful of distinct
    /// resamples (with one, it has width zero), so the intervals, ranks and noise flags are left
    /// empty and a note says why.
    public static let minimumForInterval = 8

    /// Sobol first-order and total indices from outputs over a `Designs.saltelli` design.
    ///
    /// `y` holds one output per design row, in the design's order (blocks of `d + 2` per base
    /// sample: `A_j, AB_j^(1..d), B_j`), so `y.count == n × (d + 2)`. Estimators, with
    /// `V` the (population) variance of all `f(A)` and `f(B)` together:
    /// - first order: `estimator` (`FirstOrderEstimator`; by default Saltelli et al. 2010);
    /// - total (Jansen 1999): `ST_i = mean((f(A) - f(AB_i))^2) / 2 / V`.
    /// `rows` limits the estimate to the first `rows` base samples (the convergence check at N/2).
    ///
    /// The intervals resample the `n` base samples (whole blocks) with replacement `bootstrap`
    /// times, drawing `bootstrap × n` indices from `rng`, and take the 2.5% and 97.5% percentiles.
    /// Estimates are not clamped to `[0, 1]`: small negative first-order values mean "about zero".
    /// When `y.count` does not match `n × (d + 2)` (or `n < 1`) every index is NaN; `d < 1`
    /// gives no indices.
    ///
    /// - Complexity: O((bootstrap + 1) × n × d) time, O(bootstrap × d) extra memory.
    public static func sobol(y: [Double], samples n: Int, dimensions d: Int, bootstrap: Int = 200,
                             rng: RandomStream, estimator: FirstOrderEstimator = .standard,
                             rows used: Int? = nil) -> [SobolIndex] {
        guard d >= 1 else { return [] }
        guard n >= 1, y.count == n * (d + 2) else {
            return [SobolIndex](repeating: .unknown, count: d)
        }
        let block = d + 2
        let all = Array(0..<Swift.min(n, Swift.max(1, used ?? n)))
        let n = all.count
        // Centre the outputs first: the estimators are unchanged in expectation by a shift, but an
        // output with a large mean and a small variance (a trust level, say) otherwise gives wildly
        // unstable first-order estimates.
        let centre = y.reduce(0, +) / Double(y.count)
        let y = y.map { $0 - centre }
        let estimate = estimates(y: y, block: block, d: d, rows: all, estimator: estimator)

        let rounds = Swift.max(0, bootstrap)
        var firstDraws = [[Double]](repeating: [], count: d)
        var totalDraws = [[Double]](repeating: [], count: d)
        var rankDraws = [[Double]](repeating: [], count: d)
        var rows = all
        for _ in 0..<rounds {
            for j in 0..<n { rows[j] = rng.index(n) }
            let resampled = estimates(y: y, block: block, d: d, rows: rows, estimator: estimator)
            let places = ranks(resampled.total)
            for i in 0..<d {
                firstDraws[i].append(resampled.first[i])
                totalDraws[i].append(resampled.total[i])
                rankDraws[i].append(places[i])
            }
        }
        let places = ranks(estimate.total)
        return (0..<d).map { i in
            let firstCI = percentileInterval(firstDraws[i])
            let totalCI = percentileInterval(totalDraws[i])
            let rankCI = percentileInterval(rankDraws[i])
            return SobolIndex(first: estimate.first[i], firstLow: firstCI.low, firstHigh: firstCI.high,
                              total: estimate.total[i], totalLow: totalCI.low, totalHigh: totalCI.high,
                              rank: places[i], rankLow: rankCI.low.rounded(.down), rankHigh: rankCI.high.rounded(.up))
        }
    }

    /// Each value's place from the top: 1 plus the number of values strictly larger (equal values
    /// share a place). NaN values (no variance) have no place (NaN); finite ones rank before them.
    static func ranks(_ values: [Double]) -> [Double] {
        values.map { v in
            guard v.isFinite else { return .nan }
            return Double(1 + values.filter { $0.isFinite && $0 > v }.count)
        }
    }

    /// Morris elementary effects per factor from outputs over a `Designs.morris` design.
    ///
    /// `points` are the design rows and `y` one output per row, both `r × (d + 1)` long, one
    /// trajectory after another. Each step of a trajectory changes one coordinate by `dx`; its
    /// elementary effect is `(y_next - y_prev) / dx`, attributed to the coordinate that changed
    /// most (a step that changes nothing is skipped). Effects are per unit of the *unit* design
    /// space: divide by the factor's range to get per-unit-of-lever effects.
    ///
    /// A categorical factor (`categories[i]` holds each row's category index) has no unit: its
    /// effect is the output change of switching category, `(y_next - y_prev) × sign(change of
    /// index)`, and a step that leaves the category unchanged is skipped.
    ///
    /// Per factor: `muStar` is the mean absolute effect (the ranking measure, Campolongo et al.
    /// 2007) with a 95% bootstrap percentile interval over the factor's effects (`bootstrap`
    /// resamples drawn from `rng`; NaN without), `mu` the mean and `sigma` the sample standard
    /// deviation (NaN with fewer than two effects). When the shapes do not match, every entry is
    /// NaN; `d < 1` gives no entries.
    ///
    /// - Complexity: O(r × d² + bootstrap × r × d).
    ///
    /// `stepNoise[k]`, when given, is the variance of the replicate noise in `y[k + 1] - y[k]` (the
    /// outputs are means over replicates); a factor's `noise` is then about the mu* a factor without
    /// effect would get: `sqrt(2/pi)` (the mean absolute value of a standard normal) times the root
    /// of the mean over its steps of `stepNoise[k] / dx^2` (a categorical factor: of `stepNoise[k]`).
    /// The variances are averaged before the root, since the root of one step's estimate from a few
    /// replicates is biased low (by a fifth with two); where the noise differs between steps this
    /// errs high, on the side of not clearing it. NaN when any of its steps' noise is not finite.
    public static func morris(y: [Double], points: [[Double]], trajectories r: Int, dimensions d: Int,
                              categories: [[Int]?]? = nil, bootstrap: Int = 0,
                              rng: RandomStream? = nil, stepNoise: [Double]? = nil) -> [MorrisIndex] {
        guard d >= 1 else { return [] }
        let unknown = [MorrisIndex](repeating: .unknown, count: d)
        let length = d + 1
        guard r >= 1, y.count == r * length, points.count == r * length,
              points.allSatisfy({ $0.count == d }) else { return unknown }
        let categories = categories ?? [[Int]?](repeating: nil, count: d)
        guard categories.count == d, categories.allSatisfy({ $0 == nil || $0!.count == y.count }) else { return unknown }
        var effects = [[Double]](repeating: [], count: d)
        var noise = [Double](repeating: 0, count: d)
        let halfNormal = (2 / Double.pi).squareRoot()
        func noiseOf(_ k: Int) -> Double {
            guard let stepNoise, stepNoise.indices.contains(k), stepNoise[k] >= 0 else { return .nan }
            return stepNoise[k]
        }
        for t in 0..<r {
            for k in (t * length)..<((t + 1) * length - 1) {
                let before = points[k], after = points[k + 1]
                var factor = -1, change = 0.0
                for i in 0..<d where abs(after[i] - before[i]) > abs(change) {
                    factor = i
                    change = after[i] - before[i]
                }
                guard factor >= 0 else { continue }
                if let c = categories[factor] {
                    let step = c[k + 1] - c[k]
                    guard step != 0 else { continue }
                    effects[factor].append((y[k + 1] - y[k]) * (step > 0 ? 1 : -1))
                    noise[factor] += noiseOf(k)
                } else {
                    effects[factor].append((y[k + 1] - y[k]) / change)
                    noise[factor] += noiseOf(k) / (change * change)
                }
            }
        }
        return zip(effects, noise).map { ee, noise in
            guard !ee.isEmpty else { return .unknown }
            let absolute = ee.map { abs($0) }
            var draws: [Double] = []
            if let rng, bootstrap > 0 {
                for _ in 0..<bootstrap {
                    var s = 0.0
                    for _ in absolute.indices { s += absolute[rng.index(absolute.count)] }
                    draws.append(s / Double(absolute.count))
                }
            }
            let ci = percentileInterval(draws)
            return MorrisIndex(muStar: Statistics.mean(absolute), muStarLow: ci.low, muStarHigh: ci.high,
                               mu: Statistics.mean(ee), sigma: Statistics.sd(ee), effects: ee.count,
                               noise: halfNormal * (noise / Double(ee.count)).squareRoot())
        }
    }

    /// The sum of the first-order indices (`estimator`) with its 95% bootstrap percentile interval,
    /// resampling the base samples as `sobol` does (`bootstrap` resamples drawn from `rng`). True
    /// indices sum to at most 1; an estimate over 1 says little unless its interval is over 1 too.
    /// NaN where `sobol` gives NaN; the interval NaN without resamples.
    public static func firstOrderSum(y: [Double], samples n: Int, dimensions d: Int, bootstrap: Int,
                                     rng: RandomStream, estimator: FirstOrderEstimator = .standard)
        -> (sum: Double, low: Double, high: Double) {
        guard d >= 1, n >= 1, y.count == n * (d + 2) else { return (.nan, .nan, .nan) }
        let centre = y.reduce(0, +) / Double(y.count)
        let y = y.map { $0 - centre }
        let all = Array(0..<n)
        let sum = estimates(y: y, block: d + 2, d: d, rows: all, estimator: estimator).first.reduce(0, +)
        var draws: [Double] = []
        var rows = all
        for _ in 0..<Swift.max(0, bootstrap) {
            for j in 0..<n { rows[j] = rng.index(n) }
            draws.append(estimates(y: y, block: d + 2, d: d, rows: rows, estimator: estimator).first.reduce(0, +))
        }
        let ci = percentileInterval(draws)
        return (sum, ci.low, ci.high)
    }

    /// The variance of all `f(A)` and `f(B)` (population variance), the `V` of the estimators.
    public static func abVariance(y: [Double], samples n: Int, dimensions d: Int) -> Double {
        let block = d + 2
        guard n >= 1, y.count == n * block else { return .nan }
        var values: [Double] = []
        for j in 0..<n { values.append(y[j * block]); values.append(y[j * block + d + 1]) }
        let mean = values.reduce(0, +) / Double(values.count)
        return values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count)
    }

    /// First-order and total estimates over the given base rows (indices into the blocks).
    private static func estimates(y: [Double], block: Int, d: Int, rows: [Int],
                                  estimator: FirstOrderEstimator) -> (first: [Double], total: [Double]) {
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
        let nan = [Double](repeating: .nan, count: d)
        // Relative to the outputs' size, so that rounding noise in a constant output is no variance.
        let scale = rows.map { abs(y[$0 * block]) + abs(y[$0 * block + d + 1]) }.max() ?? 0
        guard variance > 1e-24 * Swift.max(1, scale * scale), variance.isFinite else { return (nan, nan) }
        var first = [Double](repeating: 0, count: d)
        var total = [Double](repeating: 0, count: d)
        // Janon: per-index sums of fB fAB, (fB + fAB) / 2 and (fB^2 + fAB^2) / 2.
        var cross = [Double](repeating: 0, count: d), pairMean = cross, pairSquares = cross
        for j in rows {
            let base = j * block
            let fA = y[base], fB = y[base + d + 1]
            for i in 0..<d {
                let fAB = y[base + 1 + i]
                switch estimator {
                case .saltelli2010: first[i] += fB * (fAB - fA)
                case .jansen1999: first[i] += (fB - fAB) * (fB - fAB)
                case .janon2014:
                    cross[i] += fB * fAB
                    pairMean[i] += (fB + fAB) / 2
                    pairSquares[i] += (fB * fB + fAB * fAB) / 2
                }
                total[i] += (fA - fAB) * (fA - fAB)
            }
        }
        for i in 0..<d {
            switch estimator {
            case .saltelli2010: first[i] = first[i] / count / variance
            case .jansen1999: first[i] = 1 - first[i] / count / 2 / variance
            case .janon2014:
                let m = pairMean[i] / count
                let denominator = pairSquares[i] / count - m * m
                first[i] = denominator > 0 ? (cross[i] / count - m * m) / denominator : .nan
            }
            total[i] = total[i] / count / 2 / variance
        }
        return (first, total)
    }

    /// The 2.5% and 97.5% percentiles of the finite values (NaN when there are none).
    static func percentileInterval(_ draws: [Double]) -> (low: Double, high: Double) {
        let sorted = draws.filter { $0.isFinite }.sorted()
        guard !sorted.isEmpty else { return (.nan, .nan) }
        return sorted.withUnsafeBufferPointer { buffer in
            (gsl_stats_quantile_from_sorted_data(buffer.baseAddress, 1, buffer.count, 0.025),
             gsl_stats_quantile_from_sorted_data(buffer.baseAddress, 1, buffer.count, 0.975))
        }
    }
}
