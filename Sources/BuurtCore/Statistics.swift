import CGSL

/// Summary statistics over replicates, computed with GSL.
public enum Statistics {
    public struct Interval: Equatable {
        public var mean: Double, sd: Double, low: Double, high: Double, n: Int
    }

    public static func mean(_ xs: [Double]) -> Double {
        xs.isEmpty ? .nan : xs.withUnsafeBufferPointer { gsl_stats_mean($0.baseAddress, 1, $0.count) }
    }
    public static func sd(_ xs: [Double]) -> Double {
        xs.count < 2 ? .nan : xs.withUnsafeBufferPointer { gsl_stats_sd($0.baseAddress, 1, $0.count) }
    }
    /// Mean with a Student-t confidence interval (default 95%).
    public static func meanInterval(_ xs: [Double], level: Double = 0.95) -> Interval {
        let n = xs.count
        let m = mean(xs)
        guard n >= 2 else { return Interval(mean: m, sd: .nan, low: .nan, high: .nan, n: n) }
        let s = sd(xs)
        let t = gsl_cdf_tdist_Pinv(1 - (1 - level) / 2, Double(n - 1))
        let half = t * s / Double(n).squareRoot()
        return Interval(mean: m, sd: s, low: m - half, high: m + half, n: n)
    }

    /// The same interval from running totals (count, mean, sample sd), for streamed data.
    public static func meanInterval(n: Int, mean m: Double, sd s: Double, level: Double = 0.95) -> Interval {
        guard n >= 2, s.isFinite else { return Interval(mean: n >= 1 ? m : .nan, sd: .nan, low: .nan, high: .nan, n: n) }
        let t = gsl_cdf_tdist_Pinv(1 - (1 - level) / 2, Double(n - 1))
        let half = t * s / Double(n).squareRoot()
        return Interval(mean: m, sd: s, low: m - half, high: m + half, n: n)
    }

    /// Spearman rank correlation with a two-sided p-value (t approximation with n-2 df).
    public static func spearman(_ x: [Double], _ y: [Double]) -> (rho: Double, p: Double) {
        precondition(x.count == y.count)
        let n = x.count
        guard n >= 3 else { return (.nan, .nan) }
        var work = [Double](repeating: 0, count: 2 * n)
        let rho = x.withUnsafeBufferPointer { xb in
            y.withUnsafeBufferPointer { yb in
                work.withUnsafeMutableBufferPointer { wb in
                    gsl_stats_spearman(xb.baseAddress, 1, yb.baseAddress, 1, n, wb.baseAddress)
                }
            }
        }
        if !rho.isFinite { return (.nan, .nan) }
        if abs(rho) >= 1 { return (rho, 0) }
        let t = rho * (Double(n - 2) / (1 - rho * rho)).squareRoot()
        let p = 2 * gsl_cdf_tdist_Q(abs(t), Double(n - 2))
        return (rho, p)
    }

    /// Welch's two-sample t test: difference of means (a - b), its 95% interval and p-value.
    public static func welch(_ a: [Double], _ b: [Double]) -> (diff: Double, low: Double, high: Double, p: Double) {
        let ma = mean(a), mb = mean(b)
        let va = pow2(sd(a)) / Double(a.count), vb = pow2(sd(b)) / Double(b.count)
        let se = (va + vb).squareRoot()
        let diff = ma - mb
        guard se > 0 else { return (diff, diff, diff, diff == 0 ? 1 : 0) }
        let df = pow2(va + vb) / (pow2(va) / Double(a.count - 1) + pow2(vb) / Double(b.count - 1))
        let t = gsl_cdf_tdist_Pinv(0.975, df)
        let p = 2 * gsl_cdf_tdist_Q(abs(diff / se), df)
        return (diff, diff - t * se, diff + t * se, p)
    }

    /// Two-sided p-value of a t statistic with `df` degrees of freedom.
    public static func tTwoSidedP(_ t: Double, df: Double) -> Double { 2 * gsl_cdf_tdist_Q(abs(t), df) }

    private static func pow2(_ x: Double) -> Double { x * x }
}
