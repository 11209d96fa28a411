import CGSL

/// One explicit sequential stream of random numbers: Philox4x32-10 (Random123) owned by one process
/// or phase.
///
/// The generator is counter-based (see `CGSL/shim.h`): a stream is a 64-bit key (mixed from the seed
/// and the stream's purpose) and a block counter. The draws of the hot loops (`bits`, `uniform`,
/// `index`, `chance`) run inline on the stream's state; the distributions (`beta`, `gamma`, ...) go
/// through GSL, which sees the same state as a `gsl_rng` of type `philox4x32-10`, so both take their
/// numbers from one sequence. A stream is used by one worker at a time; the per-agent draws of the
/// parallel phases use `AgentStream` instead.
public final class RandomStream {
    @usableFromInline let rng: UnsafeMutablePointer<gsl_rng>
    @usableFromInline let state: UnsafeMutablePointer<cgsl_philox_state>

    /// A stream under a 64-bit key, at block 0.
    public init(seed: UInt64) {
        cgsl_disable_abort()
        rng = gsl_rng_alloc(cgsl_rng_philox())
        state = cgsl_philox_of(rng)
        cgsl_philox_init(state, seed, 0, 0)
    }

    /// A stream derived from several integers (seed, phase, chunk, ...).
    public convenience init(_ parts: UInt64...) { self.init(seed: SeedMixer.mix(parts)) }

    private init(copying other: RandomStream) {
        rng = gsl_rng_clone(other.rng)
        state = cgsl_philox_of(rng)
    }

    deinit { gsl_rng_free(rng) }

    /// An independent copy in exactly the same state (used to fork a running simulation).
    public func copy() -> RandomStream { RandomStream(copying: self) }

    /// 32 random bits, to be split into two 16-bit draws where a coarse probability will do.
    @inlinable public func bits() -> UInt32 { cgsl_philox_next(state) }
    /// Uniform on [0, 1) (32-bit resolution).
    @inlinable public func uniform() -> Double { cgsl_philox_uniform(state) }
    /// Uniform integer in 0..<n (n > 0), exactly uniform (Lemire's method).
    @inlinable public func index(_ n: Int) -> Int {
        n <= 1 ? 0 : Int(cgsl_philox_below(state, UInt32(truncatingIfNeeded: n)))
    }
    @inlinable public func chance(_ p: Double) -> Bool { cgsl_philox_uniform(state) < p }
    /// GSL's own path (through the generator's function pointers), to check the inline one against.
    func referenceBits() -> UInt32 { UInt32(truncatingIfNeeded: gsl_rng_get(rng)) }
    func referenceUniform() -> Double { gsl_rng_uniform(rng) }

    public func beta(_ a: Double, _ b: Double) -> Double { gsl_ran_beta(rng, a, b) }
    public func gamma(shape: Double, scale: Double) -> Double { gsl_ran_gamma(rng, shape, scale) }
    public func poisson(_ mu: Double) -> Int { mu <= 0 ? 0 : Int(gsl_ran_poisson(rng, mu)) }
    public func binomial(_ p: Double, _ n: Int) -> Int {
        if n <= 0 || p <= 0 { return 0 }
        if p >= 1 { return n }
        return Int(gsl_ran_binomial(rng, p, UInt32(clamping: n)))
    }
    public func gaussian(_ sigma: Double) -> Double { gsl_ran_gaussian_ziggurat(rng, sigma) }
    /// A whole number near `x`: floor(x) plus one with probability frac(x). No draw when x is whole.
    @inlinable public func stochasticRound(_ x: Double) -> Int {
        let f = x.rounded(.down)
        if f == x { return Int(f) }
        return Int(f) + (cgsl_philox_uniform(state) < x - f ? 1 : 0)
    }
}

/// The draws of one agent in one week of a parallel phase: Philox4x32-10 at counter
/// (block, tick, agent, purpose) under the run's key, so an agent's numbers do not depend on which
/// chunk or thread handles it (the chunk size is a pure performance knob). A value on the stack:
/// nothing is shared between workers.
@frozen public struct AgentStream {
    @usableFromInline var state = cgsl_philox_state()

    /// The counter of the stream's block 0: (purpose << 32, tick << 32 | agent); block k adds k to
    /// the first word. The one place this layout is written (the C kernel `buurt_meet.c` takes it
    /// from here).
    @inlinable public static func counter(tick: Int, agent: Int, purpose: UInt32) -> (UInt64, UInt64) {
        (UInt64(purpose) << 32, UInt64(UInt32(truncatingIfNeeded: tick)) << 32 | UInt64(UInt32(truncatingIfNeeded: agent)))
    }

    @inlinable public init(key: UInt64, tick: Int, agent: Int, purpose: UInt32) {
        let c = AgentStream.counter(tick: tick, agent: agent, purpose: purpose)
        cgsl_philox_init(&state, key, c.0, c.1)
    }

    /// The same stream, its first block taken from `FirstBlocks` (computed for many agents at once).
    @inlinable public init(key: UInt64, tick: Int, agent: Int, purpose: UInt32, firstBlock: (UInt64, UInt64)) {
        let c = AgentStream.counter(tick: tick, agent: agent, purpose: purpose)
        cgsl_philox_init_at(&state, key, c.0, c.1, firstBlock.0, firstBlock.1)
    }

    /// The first blocks of the streams of agents `first ..< first + count` (count <= `FirstBlocks.capacity`)
    /// for one week and purpose, into `out` (two words per agent). One branch-free loop, so the
    /// processor overlaps the blocks; each agent's stream then starts with
    /// `init(key:tick:agent:purpose:firstBlock:)` and gives exactly the numbers it would have given.
    @inlinable public static func firstBlocks(key: UInt64, tick: Int, first: Int, count: Int, purpose: UInt32,
                                              into out: UnsafeMutablePointer<UInt64>) {
        let c = AgentStream.counter(tick: tick, agent: first, purpose: purpose)
        cgsl_philox_first_blocks(key, c.0, c.1, Int32(count), out)
    }

    /// 32 random bits.
    @inlinable public mutating func bits() -> UInt32 { cgsl_philox_next(&state) }
    /// Uniform on [0, 1) (32-bit resolution).
    @inlinable public mutating func uniform() -> Double { cgsl_philox_uniform(&state) }
    @inlinable public mutating func chance(_ p: Double) -> Bool { cgsl_philox_uniform(&state) < p }
    /// Uniform integer in 0..<n (n > 0), exactly uniform (Lemire's method).
    @inlinable public mutating func index(_ n: Int) -> Int {
        n <= 1 ? 0 : Int(cgsl_philox_below(&state, UInt32(truncatingIfNeeded: n)))
    }
    /// A whole number near `x`: floor(x) plus one with probability frac(x). No draw when x is whole.
    @inlinable public mutating func stochasticRound(_ x: Double) -> Int {
        let f = x.rounded(.down)
        if f == x { return Int(f) }
        return Int(f) + (cgsl_philox_uniform(&state) < x - f ? 1 : 0)
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
