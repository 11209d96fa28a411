/// The one trust update of the model: every experience (an encounter, a broker's contact, working
/// together, a refusal, rivalry, a stranding, the budget shock) moves a trust value through
/// `update`, so the choice between the linear rule and Beta reputation is made here alone
/// (`behaviour.trust_model`).
///
/// - linear: good T + a w (1 - T); bad T - min(1, b w) T, with a = `behaviour.trust_gain` and
///   b = min(1, a x `behaviour.trust_asymmetry`).
/// - beta: the Beta reputation system (Josang & Ismail 2002) at its stationary evidence memory N
///   (`behaviour.trust_memory`): trust is the expected value of a Beta distribution that stands for
///   N experiences; good evidence of weight w gives T (N) + w over N + w, bad evidence counts
///   (b / a) w (the same asymmetry) and gives T N over N + (b / a) w. Heavy experiences saturate
///   instead of scaling linearly. Forgetting (drift to the prior, `behaviour.trust_forgetting`) is
///   the same in both.
public struct TrustRule: Sendable {
    public enum Model: Int, Sendable { case linear = 0, beta }
    public let model: Model
    public let gain: Float
    public let loss: Float
    let memory: Float
    let asymmetry: Float

    public init(_ levers: LeverValues) {
        model = Model(rawValue: levers.int(.trustModel)) ?? .linear
        gain = Float(levers[.trustGain])
        loss = Float(min(1, levers[.trustGain] * levers[.trustAsymmetry]))
        memory = Float(levers[.trustMemory])
        asymmetry = Float(levers[.trustAsymmetry])
    }

    /// The trust value after one experience of the given weight (1: an ordinary encounter).
    @inline(__always) public func update(_ t: Float, good: Bool, weight: Float = 1) -> Float {
        switch model {
        case .linear: return Linear(self).update(t, good: good, weight: weight)
        case .beta: return Beta(self).update(t, good: good, weight: weight)
        }
    }

    /// The two models as types of their own, so a hot loop (meet) can be compiled once per model
    /// (generic over `Variant`) with no switch per update. `update` above uses the same two.
    protocol Variant: Sendable {
        func update(_ t: Float, good: Bool, weight: Float) -> Float
    }

    /// linear: good T + a w (1 - T); bad T - min(1, b w) T.
    struct Linear: Variant {
        let gain: Float, loss: Float
        @inline(__always) init(_ r: TrustRule) { gain = r.gain; loss = r.loss }
        /// Both outcomes are computed and one is chosen, so the hot loop does not branch on `good`
        /// (a coin flip the processor cannot predict); the value is the same as with a branch.
        @inline(__always) func update(_ t: Float, good: Bool, weight: Float) -> Float {
            let up = t + gain * weight * (1 - t)
            let down = t - min(1, loss * weight) * t
            return good ? up : down
        }
    }

    /// beta: the expected value of a Beta distribution standing for `memory` experiences.
    struct Beta: Variant {
        let memory: Float, asymmetry: Float
        @inline(__always) init(_ r: TrustRule) { memory = r.memory; asymmetry = r.asymmetry }
        @inline(__always) func update(_ t: Float, good: Bool, weight: Float) -> Float {
            if good { return t + weight * (1 - t) / (memory + weight) }
            let w = asymmetry * weight
            return t - w * t / (memory + w)
        }
    }
}
