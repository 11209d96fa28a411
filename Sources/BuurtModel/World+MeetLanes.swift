import BuurtCore
import CSupport
import Foundation

/// Process 1, meet, in AVX-512 lanes: the same encounters as `MeetFrame.chunk`'s loop, sixteen
/// residents at a time (`buurt_meet.c`). The loop stays the reference: the kernel takes the same
/// draws and makes the same float operations in the same order, so every output is byte-identical
/// whichever runs (`MeetKernelTests`), and the loop runs where the processor has no AVX-512.
extension World {
    /// Whether this machine runs the kernel: AVX-512 (F, BW, DQ, VL) in the processor and enabled
    /// by the operating system, unless the environment sets `BUURT_MEET=scalar` (for comparisons).
    public static let meetLanesAvailable: Bool =
        buurt_meet_simd_available() == 1 && ProcessInfo.processInfo.environment["BUURT_MEET"] != "scalar"

    /// Whether this world's meet runs in lanes: where the machine can, and where every tie slot's
    /// index fits the kernel's 32-bit lanes.
    static func meetLanesFit(residents: Int, tieCapacity: Int) -> Bool {
        meetLanesAvailable && residents * tieCapacity < Int(Int32.max)
    }
}

extension World.MeetFrame {
    /// One chunk's encounters through the kernel; nil when the kernel does not take the settings
    /// (more than 23 encounters a week; the lever allows 20), and the loop runs instead.
    func laneChunk(_ c: Int, _ p: World.MeetParameters) -> [World.TieChange]? {
        let first = c * chunkSize, end = min(residentCount, (c + 1) * chunkSize)
        guard first < end else { return [] }
        let nFloor = p.encounters.rounded(.down)
        guard nFloor < 24 else { return nil }
        var a = buurt_meet_args()
        a.trust_c = trustC.kernelAddress; a.trust_i = trustI.kernelAddress
        a.trust_i_prev = UnsafePointer(trustIPrev.kernelAddress); a.propensity = UnsafePointer(propensity.kernelAddress)
        a.group = UnsafePointer(group.kernelAddress); a.initiative = UnsafePointer(initiative.kernelAddress)
        a.degree = UnsafePointer(degree.kernelAddress); a.nh_of = UnsafePointer(nhOf.kernelAddress)
        a.target = target.kernelAddress; a.tie_trust = tieTrust.kernelAddress; a.reciprocity = reciprocity.kernelAddress
        // The counter of each resident's stream, as `AgentStream` lays it out (agent 0; the kernel
        // puts each lane's resident in the low 32 bits).
        let counter = AgentStream.counter(tick: tick, agent: 0, purpose: World.meetPurpose)
        a.key = key; a.c0 = counter.0; a.c1_tick = counter.1
        a.cap = Int32(cap); a.prefetch = prefetch ? 1 : 0
        a.n_floor = Int32(nFloor); a.whole = nFloor == p.encounters ? 1 : 0; a.frac = p.encounters - nFloor
        a.good_share = p.goodShare; a.same_bonus = p.sameBonus; a.cross_penalty = p.crossPenalty
        a.p_random16 = p.pRandom16; a.tie_form16 = p.tieForm16; a.tie_form_cross16 = p.tieFormCross16
        a.drop16 = p.drop16; a.drop_chance = p.dropChance
        a.forget = p.forget; a.wc = p.wc; a.diffusion = p.diffusion; a.rec_memory = p.recMemory
        a.one_sided = p.oneSided; a.one_sided_w = p.oneSidedW; a.break_below = p.breakBelow
        a.community_prior = p.communityPrior
        a.institutional_prior = (p.institutionalPrior[0], p.institutionalPrior[1], p.institutionalPrior[2], p.institutionalPrior[3])
        a.beta = trust.model == .beta ? 1 : 0
        a.gain = trust.gain; a.loss = trust.loss; a.memory = trust.memory; a.asymmetry = trust.asymmetry
        // A batch of residents at a time, its tie changes in a buffer on the stack.
        let batch = 256, room = batch * (Int(nFloor) + 1)
        var local: [World.TieChange] = []
        let done: Bool = nhStart.withUnsafeBufferPointer { starts in
            a.nh_start = UnsafeRawPointer(starts.baseAddress!).assumingMemoryBound(to: Int64.self)
            return withUnsafeTemporaryAllocation(of: buurt_tie_change.self, capacity: room) { out in
                var i = first
                while i < end {
                    let stop = min(end, i + batch)
                    let n = buurt_meet_simd(&a, i, stop, out.baseAddress!)
                    if n < 0 { return false }
                    for k in 0..<Int(n) {
                        local.append(World.TieChange(a: out[k].a, b: out[k].b, add: out[k].add != 0))
                    }
                    i = stop
                }
                return true
            }
        }
        return done ? local : nil
    }
}
