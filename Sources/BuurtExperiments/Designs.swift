import BuurtCore
import CGSL
import Foundation

/// Experimental designs: sets of points in the unit hypercube, one row per point.
///
/// Every design is a pure function of its arguments. The random designs (`lhs`, `morris`) draw
/// only from the `RandomStream` they are given, so the same seed always gives the same design;
/// the quasi-random designs (`sobol`, `saltelli`) are GSL's Sobol sequence, randomised (scrambled)
/// from a stream when one is given, as experiments always do. Map unit values to
/// lever ranges with `scale(_:min:max:log:)`.
public enum Designs {
    /// Largest dimension GSL's Sobol generator supports.
    public static let sobolMaxDimensions = 40

    /// All combinations of factor level indices (full factorial), the last factor varying fastest.
    ///
    /// Row `k` holds one level index per factor, each in `0..<levels[f]`; there are
    /// `levels.reduce(1, *)` rows. No factors (`levels == []`) gives one empty row (a single run
    /// of the baseline); any factor with fewer than one level gives no rows.
    ///
    /// - Complexity: O(rows × factors).
    public static func grid(levels: [Int]) -> [[Int]] {
        if levels.contains(where: { $0 < 1 }) { return [] }
        var rows: [[Int]] = [[]]
        for count in levels {
            var next: [[Int]] = []
            next.reserveCapacity(rows.count * count)
            for row in rows {
                for level in 0..<count { next.append(row + [level]) }
            }
            rows = next
        }
        return rows
    }

    /// A Latin hypercube of `n` points in `[0, 1)^d`.
    ///
    /// Each dimension is cut into `n` equal bins and holds exactly one point per bin, at a uniform
    /// random position inside it; the bins are matched across dimensions by an independent
    /// random permutation per dimension. Draws `d × 2n - d` numbers from `rng`, dimension by
    /// dimension (first the permutation, then the positions). Returns no rows when `n < 1` or
    /// `d < 1`.
    ///
    /// - Complexity: O(n × d).
    public static func lhs(samples n: Int, dimensions d: Int, rng: RandomStream) -> [[Double]] {
        guard n >= 1, d >= 1 else { return [] }
        var points = [[Double]](repeating: [Double](repeating: 0, count: d), count: n)
        var bins = Array(0..<n)
        for dim in 0..<d {
            for i in 0..<n { bins[i] = i }
            // Fisher-Yates: bins[i] is the bin that point i takes in this dimension.
            for i in stride(from: n - 1, to: 0, by: -1) {
                bins.swapAt(i, rng.index(i + 1))
            }
            for i in 0..<n {
                points[i][dim] = (Double(bins[i]) + rng.uniform()) / Double(n)
            }
        }
        return points
    }

    /// The first `n` points of GSL's `d`-dimensional Sobol sequence (Antonov-Saleev/Bratley-Fox),
    /// deterministic, or randomised from `scramble`.
    ///
    /// Unscrambled (`scramble == nil`), GSL skips the all-zero origin: the first point is
    /// `(0.5, 0.5, ...)`, then for two dimensions `(0.75, 0.25)`, `(0.25, 0.75)`, `(0.375, 0.375)`,
    /// `(0.875, 0.875)`, ... Values lie in `(0, 1)`.
    ///
    /// Scrambled (randomised quasi-Monte Carlo): the origin is put back as the first point, so
    /// the first `2^m` points form a digital net, and every dimension gets Matoušek's (1998)
    /// random linear scramble and a random digital shift: each point's 30 bits `x` become
    /// `L x + e (mod 2)` with `L` a random lower-triangular bit matrix with unit diagonal and `e`
    /// a random bit vector, both drawn from `scramble` (`30 × 31` draws per dimension, dimension
    /// by dimension), and the result is put at the centre of its cell of width `2^-30`. Every
    /// scrambled point is uniform on `(0, 1)^d`, the net's balance is kept, and two streams give
    /// two independent replicates of the design (so estimates from two seeds can be compared).
    /// Balance properties are best when `n` is a power of two.
    ///
    /// - Throws: `BuurtError.input` when `d` is outside `1...40` or `n < 1`;
    ///   `BuurtError.runtime` if GSL cannot allocate or extend the sequence (beyond 2^30 points).
    /// - Complexity: O(n × d × 30).
    public static func sobol(samples n: Int, dimensions d: Int, scramble: RandomStream? = nil) throws -> [[Double]] {
        guard d >= 1, d <= sobolMaxDimensions else {
            throw BuurtError.input("a Sobol design supports 1 to \(sobolMaxDimensions) dimensions, not \(d)",
                                   key: "design", allowed: "1...\(sobolMaxDimensions) factors for sobol")
        }
        guard n >= 1 else {
            throw BuurtError.input("a Sobol design needs at least 1 sample, not \(n)",
                                   key: "samples", allowed: "an integer >= 1")
        }
        cgsl_disable_abort()
        guard let generator = gsl_qrng_alloc(cgsl_qrng_sobol(), UInt32(d)) else {
            throw BuurtError.runtime("GSL could not allocate a \(d)-dimensional Sobol generator")
        }
        defer { gsl_qrng_free(generator) }
        var points: [[Double]] = []
        points.reserveCapacity(n)
        if scramble != nil { points.append([Double](repeating: 0, count: d)) }
        var point = [Double](repeating: 0, count: d)
        for k in points.count..<n {
            let status = point.withUnsafeMutableBufferPointer { gsl_qrng_get(generator, $0.baseAddress) }
            guard status == 0 else {
                throw BuurtError.runtime("GSL's Sobol sequence stopped at point \(k + 1) (status \(status))")
            }
            points.append(point)
        }
        if let rng = scramble { scrambleDigits(&points, dimensions: d, rng: rng) }
        return points
    }

    /// Bits of GSL's Sobol points (`gsl_qrng_sobol` works on 30-bit integers).
    static let sobolBits = 30

    /// Random linear scramble plus digital shift (Matoušek 1998), in place, per dimension.
    static func scrambleDigits(_ points: inout [[Double]], dimensions d: Int, rng: RandomStream) {
        let bits = sobolBits
        let scale = Double(1 << bits)
        for dim in 0..<d {
            // Column p of L (p = bit position, 0 least significant): bit p set, random bits below.
            var columns = [UInt32](repeating: 0, count: bits)
            for p in 0..<bits {
                let below = UInt32(rng.index(1 << bits)) & ((1 << UInt32(p)) - 1)
                columns[p] = (1 << UInt32(p)) | below
            }
            let shift = UInt32(rng.index(1 << bits))
            for k in points.indices {
                let x = UInt32(points[k][dim] * scale)
                var y = shift
                var rest = x
                while rest != 0 {
                    let p = rest.trailingZeroBitCount
                    y ^= columns[p]
                    rest &= rest - 1
                }
                points[k][dim] = (Double(y) + 0.5) / scale
            }
        }
    }

    /// Saltelli's (2010) sampling scheme for first-order and total Sobol indices (no second order).
    ///
    /// A `2d`-dimensional Sobol sequence of `n` points gives two base matrices: `A` (its first `d`
    /// columns) and `B` (its last `d` columns). The result has `n × (d + 2)` rows in blocks of
    /// `d + 2`, one block per base sample `j`, in SALib's order:
    ///
    ///     A_j, AB_j^(1), ..., AB_j^(d), B_j
    ///
    /// where `AB_j^(i)` is `A_j` with column `i` taken from `B_j`. So row `j*(d+2)` is `A_j`,
    /// row `j*(d+2) + 1 + i` is `AB_j^(i)` (0-based `i`) and row `j*(d+2) + d + 1` is `B_j`.
    /// Feed the model outputs for these rows, in this order, to `Sensitivity.sobol`.
    /// Use a power of two for `n`.
    ///
    /// With `scramble`, the `2d`-dimensional sequence is scrambled (see `sobol`), so `A` and `B`
    /// are independent randomised nets and the estimates from two streams are independent.
    ///
    /// - Throws: `BuurtError.input` when `d` is outside `1...20` (the Sobol sequence needs `2d`
    ///   dimensions) or `n < 1`.
    /// - Complexity: O(n × d²).
    public static func saltelli(samples n: Int, dimensions d: Int, scramble: RandomStream? = nil) throws -> [[Double]] {
        let maxD = sobolMaxDimensions / 2
        guard d >= 1, d <= maxD else {
            throw BuurtError.input("a Saltelli design supports 1 to \(maxD) dimensions, not \(d)",
                                   key: "design", allowed: "1...\(maxD) factors for saltelli")
        }
        let base = try sobol(samples: n, dimensions: 2 * d, scramble: scramble)
        var rows: [[Double]] = []
        rows.reserveCapacity(n * (d + 2))
        for point in base {
            let a = Array(point[0..<d])
            let b = Array(point[d..<(2 * d)])
            rows.append(a)
            for i in 0..<d {
                var ab = a
                ab[i] = b[i]
                rows.append(ab)
            }
            rows.append(b)
        }
        return rows
    }

    /// Morris (1991) elementary-effects design: `r` one-at-a-time trajectories on a `p`-level grid.
    ///
    /// Each trajectory has `d + 1` points (rows `t*(d+1) ..< (t+1)*(d+1)` for trajectory `t`).
    /// It starts from a random grid point, then changes the factors one at a time, in a random
    /// order, each by `+delta` or `-delta` with `delta = p / (2(p - 1))`, so every step changes
    /// exactly one coordinate and every factor changes exactly once. Values lie in `[0, 1]` on
    /// the grid `{0, 1/(p-1), ..., 1}`; `p` should be even (with odd `p`, `delta` is not a whole
    /// number of grid steps, so one end of each move lies off the grid, though still in `[0, 1]`).
    /// Returns no rows when `r < 1`, `d < 1` or `p < 2`.
    ///
    /// - Complexity: O(r × d²).
    public static func morris(trajectories r: Int, dimensions d: Int, levels p: Int,
                              rng: RandomStream) -> [[Double]] {
        guard r >= 1, d >= 1, p >= 2 else { return [] }
        let step = 1.0 / Double(p - 1)
        let delta = Double(p) / (2.0 * Double(p - 1))
        let baseLevels = p / 2           // base levels k with k/(p-1) + delta <= 1
        let evenShift = p % 2 == 0 ? p / 2 : nil   // delta in whole grid steps
        // The value of factor level k, moved up by delta or not (exact on the grid for even p).
        func value(_ k: Int, up: Bool) -> Double {
            guard up else { return Double(k) * step }
            if let shift = evenShift { return Double(k + shift) * step }
            return Swift.min(1.0, Double(k) * step + delta)
        }
        var rows: [[Double]] = []
        rows.reserveCapacity(r * (d + 1))
        var order = Array(0..<d)
        for _ in 0..<r {
            let base = (0..<d).map { _ in rng.index(baseLevels) }
            let upward = (0..<d).map { _ in rng.index(2) == 0 }
            for i in 0..<d { order[i] = i }
            for i in stride(from: d - 1, to: 0, by: -1) { order.swapAt(i, rng.index(i + 1)) }
            // An upward factor starts at its base level and ends delta higher; a downward one
            // starts delta higher and ends at its base level.
            var point = (0..<d).map { value(base[$0], up: !upward[$0]) }
            rows.append(point)
            for factor in order {
                point[factor] = value(base[factor], up: upward[factor])
                rows.append(point)
            }
        }
        return rows
    }

    /// Maps a unit value `u` to `[min, max]`, linearly or evenly in log space.
    ///
    /// Linear: `min + u (max - min)`. Log: `exp(ln min + u (ln max - ln min))`, which needs
    /// `min > 0` and `max > 0`; otherwise the result is NaN so the caller can report the lever.
    /// `u` is not clamped.
    public static func scale(_ u: Double, min: Double, max: Double, log: Bool) -> Double {
        guard log else { return min + u * (max - min) }
        guard min > 0, max > 0 else { return .nan }
        // exp(ln min + u (ln max - ln min)), written without `log`, which the parameter shadows.
        return min * pow(max / min, u)
    }
}
