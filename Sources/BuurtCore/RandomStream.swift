import CGSL

/// One explicit stream of random numbers: a GSL Mersenne Twister owned by one chunk or phase.
///
/// The draws of the hot loops (`bits`, `uniform`, `index`, `chance`) run GSL's MT19937 step inlined
/// (`cgsl_mt_get` in the CGSL shim) on the generator's own state, so they give exactly GSL's numbers
/// without an indirect call per draw; the distributions (`beta`, `gamma`, ...) go through GSL.
/// A `gsl_rng` is not thread-safe, so every stream is used by one worker at a time. Streams are
/// derived from (seed, purpose, chunk) with `SeedMixer`, never from a global generator.
public final class RandomStream {
    @usableFromInline let rng: UnsafeMutablePointer<gsl_rng>

    public init(seed: UInt64) {
        cgsl_disable_abort()
        rng = gsl_rng_alloc(cgsl_rng_mt19937())
        gsl_rng_set(rng, UInt(truncatingIfNeeded: seed & 0xffff_ffff) ^ UInt(truncatingIfNeeded: seed >> 32))
        precondition(cgsl_mt_layout_ok(rng) != 0, "GSL's mt19937 state has another layout than the inlined step expects")
    }

    /// A stream derived from several integers (seed, phase, chunk, ...).
    public convenience init(_ parts: UInt64...) { self.init(seed: SeedMixer.mix(parts)) }

    private init(copying other: RandomStream) {
        rng = gsl_rng_clone(other.rng)
    }

    deinit { gsl_rng_free(rng) }

    /// An independent copy in exactly the same state (used to fork a running simulation).
    public func copy() -> RandomStream { RandomStream(copying: self) }

    /// 32 random bits, to be split into two 16-bit draws where a coarse probability will do.
    @inlinable public func bits() -> UInt32 { UInt32(truncatingIfNeeded: cgsl_mt_get(rng)) }
    /// Uniform on [0, 1).
    @inlinable public func uniform() -> Double { cgsl_mt_uniform(rng) }
    /// Uniform integer in 0..<n (n > 0).
    @inlinable public func index(_ n: Int) -> Int {
        n <= 1 ? 0 : Int(cgsl_mt_uniform_int(rng, UInt(n)))
    }
    @inlinable public func chance(_ p: Double) -> Bool { cgsl_mt_uniform(rng) < p }
    /// GSL's own path (through the generator's function pointers), to check the inlined step against.
    func referenceBits() -> UInt32 { UInt32(truncatingIfNeeded: gsl_rng_get(rng)) }
    func referenceUniform() -> Double { gsl_rng_uniform(rng) }
    func referenceIndex(_ n: Int) -> Int { n <= 1 ? 0 : Int(gsl_rng_uniform_int(rng, UInt(n))) }

    public func beta(_ a: Double, _ b: Double) -> Double { gsl_ran_beta(rng, a, b) }
    public func gamma(shape: Double, scale: Double) -> Double { gsl_ran_gamma(rng, shape, scale) }
    public func poisson(_ mu: Double) -> Int { mu <= 0 ? 0 : Int(gsl_ran_poisson(rng, mu)) }
    public func binomial(_ p: Double, _ n: Int) -> Int {
        if n <= 0 || p <= 0 { return 0 }
        if p >= 1 { return n }
        return Int(gsl_ran_binomial(rng, p, UInt32(clamping: n)))
    }
    public func gaussian(_ sigma: Double) -> Double { gsl_ran_gaussian_ziggurat(rng, sigma) }
    /// A whole number near `x`: floor(x) plus one with probability frac(x).
    @inlinable public func stochasticRound(_ x: Double) -> Int {
        let f = x.rounded(.down)
        return Int(f) + (cgsl_mt_uniform(rng) < x - f ? 1 : 0)
    }
}

/// Derives independent 64-bit seeds from tuples of integers (SplitMix64 finaliser, chained).
public enum SeedMixer {
    @inlinable public static func splitmix(_ x: UInt64) -> UInt64 {
        var z = x &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    public static func mix(_ parts: [UInt64]) -> UInt64 {
        var h: UInt64 = 0x6A09_E667_F3BC_C908
        for p in parts { h = splitmix(h ^ splitmix(p)) }
        return h
    }
    /// A seed that fits in 53 bits, so that it survives a round trip through JSON, CSV and Double.
    public static func mix53(_ parts: [UInt64]) -> UInt64 { mix(parts) & ((1 << 53) - 1) }
}
