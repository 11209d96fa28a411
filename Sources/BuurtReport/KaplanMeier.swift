import Foundation
import BuurtCore
import CGSL

/// The Kaplan-Meier estimator of a survival function from right-censored durations, with
/// Greenwood's variance and a 95% interval on the log(-log) scale (Kalbfleisch & Prentice),
/// which stays inside [0, 1].
///
/// At a time with both events and censorings, the censored cases count as still at risk at that
/// time (the usual convention).
public enum KaplanMeier {
    public struct Step: Equatable {
        /// Time of the step (0 for the start).
        public var time: Double
        /// Estimated share surviving past `time`.
        public var survival: Double
        public var low: Double
        public var high: Double
        /// Cases at risk just before `time`, and events at `time`.
        public var atRisk: Int
        public var events: Int
    }

    /// The curve: a first step at time 0 with survival 1, then one step per distinct event time.
    /// - Parameters:
    ///   - durations: time to the event, or to censoring.
    ///   - observed: true where the event happened, false where the case was censored.
    /// - Complexity: O(n log n).
    public static func estimate(durations: [Double], observed: [Bool], level: Double = 0.95) -> [Step] {
        precondition(durations.count == observed.count)
        let z = level == 0.95 ? 1.959963984540054 : normalQuantile(1 - (1 - level) / 2)
        let order = durations.indices.filter { durations[$0].isFinite }.sorted { durations[$0] < durations[$1] }
        var steps = [Step(time: 0, survival: 1, low: 1, high: 1, atRisk: order.count, events: 0)]
        var atRisk = order.count
        var s = 1.0, greenwood = 0.0
        var k = 0
        while k < order.count {
            let t = durations[order[k]]
            var events = 0, leaving = 0
            while k < order.count && durations[order[k]] == t {
                if observed[order[k]] { events += 1 }
                leaving += 1
                k += 1
            }
            if events > 0 {
                s *= 1 - Double(events) / Double(atRisk)
                var low = s, high = s
                if atRisk > events {
                    greenwood += Double(events) / (Double(atRisk) * Double(atRisk - events))
                    if s > 0 && s < 1 {
                        let logS = Foundation.log(s)
                        let se = (greenwood / (logS * logS)).squareRoot()
                        low = pow(s, exp(z * se))
                        high = pow(s, exp(-z * se))
                    }
                } else {
                    low = 0; high = 0   // everyone left at risk had the event
                }
                steps.append(Step(time: t, survival: s, low: low, high: high, atRisk: atRisk, events: events))
            }
            atRisk -= leaving
        }
        return steps
    }

    /// The survival of a curve at time `t` (the last step at or before it).
    public static func survival(_ steps: [Step], at t: Double) -> Double {
        var lo = 0, hi = steps.count - 1
        guard hi >= 0 else { return .nan }
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if steps[mid].time <= t { lo = mid } else { hi = mid - 1 }
        }
        return steps[lo].survival
    }

    /// A 95% band that treats each cluster (a run) as the unit: cases of one run share its
    /// funders, budget and neighbourhood, so they are not independent as Greenwood's formula
    /// assumes. Resamples whole clusters with replacement `rounds` times (drawing from `rng`) and
    /// re-estimates the curve; the band at each of `times` is the estimate from all cases ± t(0.975,
    /// k − 1) × the bootstrap standard error × sqrt(k / (k − 1)), for k clusters, clipped to [0, 1].
    /// With the few runs a sweep has, the percentiles of the bootstrap run narrow (about 85%
    /// coverage over 8 clusters); the t quantile and the small-sample factor bring the coverage
    /// close to 95% (IntervalTests checks it by simulation). NaN bands with fewer than two clusters.
    ///
    /// - Complexity: O(rounds × n log n).
    public static func clusterBand(durations: [Double], observed: [Bool], clusters: [Int], at times: [Double],
                                   rounds: Int = 200, rng: RandomStream) -> [(low: Double, high: Double)] {
        var members: [Int: [Int]] = [:]
        for (i, c) in clusters.enumerated() { members[c, default: []].append(i) }
        let ids = members.keys.sorted()
        guard ids.count >= 2, rounds > 0 else { return times.map { _ in (.nan, .nan) } }
        var draws = [[Double]](repeating: [], count: times.count)
        for _ in 0..<rounds {
            var d: [Double] = [], o: [Bool] = []
            for _ in ids.indices {
                for i in members[ids[rng.index(ids.count)]]! { d.append(durations[i]); o.append(observed[i]) }
            }
            let steps = estimate(durations: d, observed: o)
            for (k, t) in times.enumerated() { draws[k].append(survival(steps, at: t)) }
        }
        let all = estimate(durations: durations, observed: observed)
        let k = Double(ids.count)
        let factor = gsl_cdf_tdist_Pinv(0.975, k - 1) * (k / (k - 1)).squareRoot()
        return zip(times, draws).map { t, xs in
            let finite = xs.filter(\.isFinite)
            let point = survival(all, at: t)
            guard finite.count >= 2, point.isFinite else { return (.nan, .nan) }
            let half = factor * Statistics.sd(finite)
            return (Swift.max(0, point - half), Swift.min(1, point + half))
        }
    }

    /// Median survival time: the first time the curve reaches 0.5 or below (nil if it never does).
    public static func median(_ steps: [Step]) -> Double? {
        steps.first { $0.survival <= 0.5 }?.time
    }

    /// Standard normal quantile (Acklam's rational approximation; relative error below 1.2e-9).
    static func normalQuantile(_ p: Double) -> Double {
        let a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.3577518672690, -30.66479806614716, 2.506628277459239]
        let b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572]
        let c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783]
        let d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416]
        let q = Swift.min(Swift.max(p, 1e-300), 1 - 1e-16)
        if q < 0.02425 {
            let r = (-2 * Foundation.log(q)).squareRoot()
            return (((((c[0] * r + c[1]) * r + c[2]) * r + c[3]) * r + c[4]) * r + c[5]) / ((((d[0] * r + d[1]) * r + d[2]) * r + d[3]) * r + 1)
        }
        if q > 1 - 0.02425 { return -normalQuantile(1 - q) }
        let r = q - 0.5, r2 = r * r
        return (((((a[0] * r2 + a[1]) * r2 + a[2]) * r2 + a[3]) * r2 + a[4]) * r2 + a[5]) * r
            / (((((b[0] * r2 + b[1]) * r2 + b[2]) * r2 + b[3]) * r2 + b[4]) * r2 + 1)
    }
}
