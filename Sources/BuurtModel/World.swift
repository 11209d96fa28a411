import BuurtCore

/// The whole state of one simulated district or city.
///
/// Residents are struct-of-arrays columns (32-bit indices, 16-bit neighbourhood, 8-bit group and
/// role, 32-bit floats for trust) with a fixed-capacity tie list each, so a million residents fit
/// in a few hundred bytes apiece. Residents of a neighbourhood are contiguous.
public final class World {
    public internal(set) var levers: LeverValues
    public let residentCount: Int
    public let neighbourhoodCount: Int
    /// Tie slots per resident.
    public let tieCapacity: Int
    /// Residents of neighbourhood n are `nhStart[n] ..< nhStart[n+1]`.
    public let nhStart: [Int]
    /// Unmet need per neighbourhood and theme, as the established residents and newcomers feel it
    /// (the need ideas start from): index `n * 6 + theme`.
    public var need: [Double]
    /// The same, as the under-represented group feels it (SF10: who shows up decides).
    public var needUnder: [Double]
    /// Share of each neighbourhood's residents in each group: index `n * 3 + group`.
    public internal(set) var nhGroupShare: [Double] = []

    // Resident columns.
    public let rNh: Column<UInt16>
    public let rGroup: Column<UInt8>
    public let rRole: Column<UInt8>
    public let rPropensity: Column<Float>
    public let rFreeHours: Column<Float>
    public let rTrustCommunity: Column<Float>
    public internal(set) var rTrustInstitutions: Column<Float>
    /// Last week's institutional trust: the column meet read (its residents' own starting values
    /// and their neighbours' trust) while it wrote this week's into the other; the two then swap
    /// (`meet`), so no copy is made.
    var rTrustInstitutionsPrev: Column<Float>
    public let rExperience: Column<Float>
    public let rInitiative: Column<Int32>
    public let rLastActive: Column<Int32>
    /// 1 once the resident has taken part in an initiative (a member at some time), for the trust
    /// of participants against non-participants.
    public let rTookPart: Column<UInt8>
    public let rDegree: Column<UInt8>
    /// Tie slots: `i * tieCapacity + k` for k < degree[i].
    public let tTarget: Column<Int32>
    public let tTrust: Column<Float>
    /// Reciprocity balance of the tie: what i gave j minus what j gave i, in encounters.
    public let tReciprocity: Column<Float>
    /// The tie rows' handles, where ties are looked up, added and removed (`TieRows`).
    let ties: TieRows

    public var intermediaries: [Intermediary] = []
    /// Index into `intermediaries` by resident, for residents in the intermediary role.
    public var intermediaryOf: [Int32: Int] = [:]
    public var servants: [CivilServant] = []
    public var funders: [Funder] = []
    public var initiatives: [Initiative] = []
    /// Ids of initiatives that are live (not stranded or ended), in creation order.
    public var live: [Int32] = []

    public internal(set) var tick: Int = 0
    public var counters = Counters()
    public internal(set) var tieCount = 0
    public internal(set) var bridgingCount = 0
    /// Bridging ties at the start, for `bridging_tie_growth`.
    public internal(set) var initialBridgingCount = 0
    /// Budget multiplier from austerity, applied at each year start.
    var austerityFactor: Double = 1
    /// Changes of `funding.annual_budget` (old, new) made since the last `budgetShock()`, in order.
    var budgetChanges: [(old: Double, new: Double)] = []
    /// The budget before a programme cut (`austerity.programme_cut_week`), restored after it.
    var savedBudget: Double? = nil

    // Random streams: the parallel phase (meet) draws per resident and week from `meetKey`
    // (`AgentStream`, independent of the chunking); each sequential phase has its own stream.
    public let chunkSize: Int
    public let chunkCount: Int
    let meetKey: UInt64
    var streams: [RandomStream]
    public var threads: Int
    /// Whether meet runs its encounters in vector lanes (`World+MeetLanes.swift`: 16, AVX-512; 8,
    /// AVX2) or in the Swift loop (0); the outputs are the same either way, so this is a performance
    /// choice only.
    public var meetLanes: Int
    /// Whether the lanes ask for partners' fields a pair of groups ahead: where those fields do not
    /// fit the caches (about 9 bytes a resident; a quarter of a million residents fill 2 MiB). In a
    /// district the extra work costs more than it saves. A performance choice only.
    public var meetPrefetches: Bool
    /// Whether recruit, operate and meet's tie changes ask for members' fields and tie rows ahead
    /// (`World+Prefetch.swift`): in a town as large (the same threshold), where consecutive
    /// initiatives' members lie megabytes apart and each member's fields are a trip to main memory.
    /// In a district they are in the cache already. A performance choice only.
    public var prefetchesMembers: Bool


    /// From this many residents (262,144) a town's fields no longer fit the caches, and the passes
    /// ask memory ahead (`meetPrefetches`, `prefetchesMembers`).
    public static let largeTown = 1 << 18

    /// Residents per logical chunk; never depends on the thread count.
    public static let residentsPerChunk = 2048
    /// Below this many residents a phase runs on one thread: the work does not pay for threads.
    public static let parallelThreshold = 2 * residentsPerChunk

    enum StreamID: Int, CaseIterable { case spark, recruit, broker, apply, operate, grantEnd, learn, energy, needs, events, consult, conflict }

    /// A world of the levers' district. `chunkSize` (residents per chunk of the parallel phases) is a
    /// performance knob only: every resident draws from its own stream, so results do not depend on it.
    public init(levers: LeverValues, threads: Int = 1, chunkSize: Int = World.residentsPerChunk) {
        self.levers = levers
        trust = TrustRule(levers)
        self.threads = max(1, threads)
        let n = levers.int(.residents)
        residentCount = n
        neighbourhoodCount = levers.int(.neighbourhoods)
        tieCapacity = max(4, min(64, Int((levers[.meanDegree] * 2).rounded(.up))))
        var starts = [Int]()
        for k in 0...neighbourhoodCount { starts.append(k * n / neighbourhoodCount) }
        nhStart = starts
        need = Array(repeating: 0, count: neighbourhoodCount * 6)
        needUnder = Array(repeating: 0, count: neighbourhoodCount * 6)

        rNh = Column(repeating: 0, count: n)
        rGroup = Column(repeating: 0, count: n)
        rRole = Column(repeating: 0, count: n)
        rPropensity = Column(repeating: 0, count: n)
        rFreeHours = Column(repeating: 0, count: n)
        rTrustCommunity = Column(repeating: 0, count: n)
        rTrustInstitutions = Column(repeating: 0, count: n)
        rTrustInstitutionsPrev = Column(repeating: 0, count: n)
        rExperience = Column(repeating: 0, count: n)
        rInitiative = Column(repeating: -1, count: n)
        rLastActive = Column(repeating: -100_000, count: n)
        rTookPart = Column(repeating: 0, count: n)
        rDegree = Column(repeating: 0, count: n)
        tTarget = Column(repeating: -1, count: n * tieCapacity)
        tTrust = Column(repeating: 0, count: n * tieCapacity)
        tReciprocity = Column(repeating: 0, count: n * tieCapacity)
        ties = TieRows(target: tTarget, trust: tTrust, reciprocity: tReciprocity, degree: rDegree, group: rGroup, cap: tieCapacity)

        self.chunkSize = max(1, chunkSize)
        chunkCount = max(1, (n + self.chunkSize - 1) / self.chunkSize)
        let seed = UInt64(levers[.seed])
        meetKey = SeedMixer.mix([seed, 1])
        meetLanes = World.meetLanesFit(residents: n, tieCapacity: tieCapacity)
        meetPrefetches = n >= World.largeTown
        prefetchesMembers = n >= World.largeTown
        streams = StreamID.allCases.map { RandomStream(seed, 2, UInt64($0.rawValue)) }
        populate(RandomStream(seed, 0))
        populateNeedUnder(RandomStream(seed, 3))
        // Room for the initiatives the run will likely start (about spark rate x residents x weeks),
        // twice over: the list then seldom grows by copying, which in a city briefly held two copies
        // of it and set the peak memory. Room not yet used costs address space, not memory.
        let likely = levers[.sparkRate] * Double(n) * levers[.ticks]
        initiatives.reserveCapacity(Int(min(2 * likely + 256, Double(n))))
    }

    /// The copy behind `fork()`.
    init(copying o: World) {
        levers = o.levers; trust = o.trust; threads = o.threads
        residentCount = o.residentCount; neighbourhoodCount = o.neighbourhoodCount; tieCapacity = o.tieCapacity
        nhStart = o.nhStart; need = o.need; needUnder = o.needUnder; nhGroupShare = o.nhGroupShare
        rNh = o.rNh.copy(); rGroup = o.rGroup.copy(); rRole = o.rRole.copy(); rPropensity = o.rPropensity.copy()
        rFreeHours = o.rFreeHours.copy(); rTrustCommunity = o.rTrustCommunity.copy()
        rTrustInstitutions = o.rTrustInstitutions.copy(); rTrustInstitutionsPrev = o.rTrustInstitutionsPrev.copy()
        rExperience = o.rExperience.copy(); rInitiative = o.rInitiative.copy(); rLastActive = o.rLastActive.copy(); rTookPart = o.rTookPart.copy()
        rDegree = o.rDegree.copy(); tTarget = o.tTarget.copy(); tTrust = o.tTrust.copy(); tReciprocity = o.tReciprocity.copy()
        ties = TieRows(target: tTarget, trust: tTrust, reciprocity: tReciprocity, degree: rDegree, group: rGroup, cap: tieCapacity)
        intermediaries = o.intermediaries; intermediaryOf = o.intermediaryOf; servants = o.servants
        funders = o.funders; initiatives = o.initiatives; live = o.live
        tick = o.tick; counters = o.counters; tieCount = o.tieCount; bridgingCount = o.bridgingCount
        initialBridgingCount = o.initialBridgingCount
        austerityFactor = o.austerityFactor
        budgetChanges = o.budgetChanges; savedBudget = o.savedBudget
        chunkSize = o.chunkSize; chunkCount = o.chunkCount
        meetKey = o.meetKey; meetLanes = o.meetLanes; meetPrefetches = o.meetPrefetches; prefetchesMembers = o.prefetchesMembers
        streams = o.streams.map { $0.copy() }
    }

    func stream(_ id: StreamID) -> RandomStream { streams[id.rawValue] }

    /// Threads worth using for a pass over the residents.
    var residentThreads: Int { residentCount >= World.parallelThreshold ? threads : 1 }

    // MARK: Ties

    @inline(__always) func tieSlot(_ i: Int, to j: Int32) -> Int? { ties.slot(i, to: j) }

    /// Adds an undirected tie if both ends have room and it does not exist. Returns whether added.
    @discardableResult
    func addTie(_ i: Int, _ j: Int, trust: Float) -> Bool {
        var tally = TieRows.Tally()
        defer { countTies(tally) }
        return ties.add(i, j, trust: trust, &tally)
    }

    /// Removes the undirected tie between i and j if present.
    func removeTie(_ i: Int, _ j: Int) {
        var tally = TieRows.Tally()
        ties.remove(i, j, &tally)
        countTies(tally)
    }

    /// Adds what tie changes made to the tie counts.
    func countTies(_ tally: TieRows.Tally) {
        tieCount += tally.ties
        bridgingCount += tally.bridging
    }

    // MARK: Trust

    /// The one trust rule (`TrustRule`), rebuilt whenever a lever changes.
    public internal(set) var trust: TrustRule

    /// A good (or bad) experience with institutions, scaled by `weight`.
    @inline(__always) func institutionalExperience(_ r: Int, good: Bool, weight: Float = 1) {
        rTrustInstitutions[r] = trust.update(rTrustInstitutions[r], good: good, weight: weight)
    }

    @inline(__always) func communityExperience(_ r: Int, good: Bool, weight: Float = 1) {
        rTrustCommunity[r] = trust.update(rTrustCommunity[r], good: good, weight: weight)
    }

    /// An experience on the tie in slot s (this end's trust).
    @inline(__always) func tieExperience(_ s: Int, good: Bool, weight: Float = 1) {
        tTrust[s] = trust.update(tTrust[s], good: good, weight: weight)
    }

    // MARK: Derived quantities

    func neighbourhood(of r: Int) -> Int { Int(rNh[r]) }
    func residents(in nh: Int) -> Range<Int> { nhStart[nh]..<nhStart[nh + 1] }
    /// Share of neighbourhood nh's residents in group g.
    func groupShare(_ nh: Int, _ g: UInt8) -> Double { nhGroupShare[nh * Group.allCases.count + Int(g)] }

    /// Effective friction for a case: key persons (open civil servants) take part of it away.
    func friction(servant: Int32, funder: FunderKind) -> Double {
        var f = levers[.friction] * funder.frictionWeight
        if servant >= 0 { f *= 1 - levers[.keyPersonFrictionCut] * keyness(Int(servant)) }
        return f
    }

    /// How much a civil servant acts as a key person (0 closed, 1 fully open).
    func keyness(_ s: Int) -> Double {
        let o = isKeyPerson(s) ? max(servants[s].openness, levers[.keyPersonOpennessFloor]) : servants[s].openness
        let offset = levers[.opennessKeyOffset]
        return max(0, (o - offset) / (1 - offset))
    }

    func isKeyPerson(_ s: Int) -> Bool { servants[s].keyDraw < levers[.openShare] }

    /// Hours a resident gives a week to an initiative.
    @inline(__always) func hoursGiven(_ r: Int) -> Double {
        min(Double(rFreeHours[r]), levers[.volunteerHours])
    }

    public var activeIntermediaryCount: Int { intermediaries.reduce(0) { $0 + ($1.active ? 1 : 0) } }

    /// Approximate bytes of state per resident (all columns and tie slots; agents that are few
    /// and initiatives are counted in the process's peak memory, not here).
    public var bytesPerResident: Double {
        let columns = rNh.bytes + rGroup.bytes + rRole.bytes + rPropensity.bytes + rFreeHours.bytes
            + rTrustCommunity.bytes + rTrustInstitutions.bytes + rTrustInstitutionsPrev.bytes + rExperience.bytes
            + rInitiative.bytes + rLastActive.bytes + rTookPart.bytes + rDegree.bytes + tTarget.bytes + tTrust.bytes + tReciprocity.bytes
        return Double(columns) / Double(max(1, residentCount))
    }
}

/// Running totals and this week's tallies.
public struct Counters: Sendable {
    public var strandedTotal = 0
    public var sustained = 0
    public var strandingsAfterGrantEnd = 0
    public var burnouts = 0
    public var successions = 0
    public var refusedHours = 0.0
    public var applications = 0
    public var grants = 0
    public var funded = 0
    public var contacted = 0
    public var spentTotal = 0.0
    public var impactTotal = 0.0
    /// Share of the last consultation's attendees (all neighbourhoods) from the under-represented group.
    public var consultationShareUnder = 0.0
    /// Pilot grants awarded (also counted in `grants`).
    public var pilots = 0
    /// Bad institutional experiences from conflicting interests (SF11).
    public var conflicts = 0
    // This week.
    public var newThisWeek = 0
    public var strandingsThisWeek = 0
    public var spentThisWeek = 0.0
    public var hoursThisWeek = 0.0

    mutating func startWeek() {
        newThisWeek = 0; strandingsThisWeek = 0; spentThisWeek = 0; hoursThisWeek = 0
    }
}
