import BuurtCore
import CSupport
import Foundation

/// Process 1, meet, in vector lanes: the same encounters as `MeetFrame.chunk`'s loop, sixteen
/// residents at a time in AVX-512 (`buurt_meet.c`) or eight in AVX2 (`buurt_meet_avx2.c`). The loop
/// stays the reference: each kernel takes the same draws and makes the same float operations in
/// the same order, so every output is byte-identical whichever runs (`MeetKernelTests`), and the
/// loop runs where the processor has neither.
extension World {
    /// The kernels this processor and its operating system run, widest first: 16 (AVX-512 F, BW,
    /// DQ, VL) and 8 (AVX2), or none.
    public static let meetLanesSupported: [Int] = {
        let widest = Int(buurt_meet_lanes_available())
        return [16, 8].filter { $0 <= widest }
    }()

    /// The values the environment variable `BUURT_MEET` may take, for comparisons: `scalar` (the
    /// Swift loop) and `avx2` (eight lanes where sixteen would run); unset or empty, the widest
    /// kernel the processor runs.
    public static let meetChoices = ["scalar", "avx2"]

    /// Refuses a `BUURT_MEET` that is none of `meetChoices` (exit 2), so that a misspelt value
    /// does not silently run another kernel than the one a comparison meant. `buurt` and
    /// `buurt-bench` call it before anything else.
    public static func checkMeetEnvironment() throws {
        guard let v = meetEnvironment, !v.isEmpty, !meetChoices.contains(v) else { return }
        throw BuurtError.input("'\(v)' is not an encounter pass (an environment variable)",
                               key: "BUURT_MEET", allowed: meetChoices.joined(separator: " | ") + ", or unset for the widest the processor runs")
    }

    /// `BUURT_MEET`, read by itself (the whole environment as a dictionary costs more than a small
    /// run's week).
    static var meetEnvironment: String? { getenv("BUURT_MEET").map { String(cString: $0) } }

    /// The kernel meet uses: the widest supported, unless `BUURT_MEET` narrows it. 0 is the loop.
    public static let meetLanesAvailable: Int = {
        switch meetEnvironment {
        case "scalar": return 0
        case "avx2": return meetLanesSupported.contains(8) ? 8 : 0
        default: return meetLanesSupported.first ?? 0
        }
    }()

    /// The kernel this world's meet runs: the available one, where every tie slot's index fits the
    /// kernel's 32-bit lanes; 0 (the loop) otherwise.
    static func meetLanesFit(residents: Int, tieCapacity: Int) -> Int {
        residents * tieCapacity < Int(Int32.max) ? meetLanesAvailable : 0
    }

    /// The name of a kernel width, as `buurt-bench` prints it.
    public static func meetKernelName(_ lanes: Int) -> String {
        switch lanes { case 16: "avx512"; case 8: "avx2"; default: "loop" }
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
        a.lanes = Int32(lanes); a.cap = Int32(cap); a.prefetch = prefetch ? 1 : 0
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
                    let n = buurt_meet_lanes(&a, i, stop, out.baseAddress!)
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
