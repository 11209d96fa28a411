/// The agents that are few (intermediaries, civil servants, funders, initiatives) are plain value
/// types in arrays; residents, who are many, are struct-of-arrays columns in `World`.

public enum Role: UInt8, Sendable { case passive = 0, volunteer, initiator, intermediary }
public enum Group: UInt8, Sendable, CaseIterable { case established = 0, newcomer, underrepresented }

/// The life cycle of an initiative.
public enum Phase: UInt8, Sendable, CaseIterable {
    case forming, seeking, active, selfSustaining, stranded, ended
    public var name: String {
        ["forming", "seeking_funds", "active", "self_sustaining", "stranded", "ended"][Int(rawValue)]
    }
    public var isLive: Bool { self != .stranded && self != .ended }
}

/// The four kinds of smart urban intermediary (SmartUrbI, `000_4adb60b35140c4ed.txt`).
public enum IntermediaryKind: Int, Sendable, CaseIterable {
    case communityLeader, institutionalProfessional, politician, socialEntrepreneur
    public var name: String {
        ["community_leader", "institutional_professional", "politician", "social_entrepreneur"][rawValue]
    }
    /// Share of each kind among new intermediaries.
    static let shares: [Double] = [0.4, 0.3, 0.1, 0.2]
    /// Reach into institutions (how much a case gains from this intermediary).
    var reach: Double { [0.6, 1.0, 1.2, 0.8][rawValue] }
    /// Energy drain per case relative to the base demand (unpaid leaders carry most).
    var drain: Double { [1.3, 0.8, 1.0, 1.1][rawValue] }
    /// Cases held at once.
    var caseload: Int { [3, 5, 2, 4][rawValue] }
}

public struct Intermediary: Sendable {
    public var resident: Int32
    public var kind: IntermediaryKind
    public var nh: Int32
    public var energy: Double
    public var active: Bool
    public var cases: [Int32] = []
    public var mentee: Int32 = -1
    public var mentoring: Double = 0
    /// Fixed uniform draw: this intermediary mentors while `mentorDraw < succession.planning`.
    public var mentorDraw: Double
    /// Institutional ties: civil servant ids and this intermediary's trust in each.
    public var servantTies: [Int32] = []
    public var servantTrust: [Float] = []
    /// Disappointments this week (strandings, refusals of its cases), drained in the energy phase.
    public var shock: Double = 0
    public var since: Int32
}

public struct CivilServant: Sendable {
    /// Bit mask over `Lever.themes` that this servant's department may serve.
    public var themes: UInt8
    public var department: Int
    public var openness: Double
    /// Fixed uniform draw: a designated key person while `keyDraw < government.open_share`.
    public var keyDraw: Double
    public var successes: Int = 0
    public var failures: Int = 0
}

public enum FunderKind: Int, Sendable, CaseIterable {
    case municipal, foundation, crowdfunding
    public var name: String { ["municipal_scheme", "private_foundation", "crowdfunding"][rawValue] }
    var applicationFactor: Double { [1.0, 0.8, 1.5][rawValue] }
    var delayFactor: Double { [1.0, 0.75, 0.25][rawValue] }
    var reportingFactor: Double { [1.0, 0.5, 0.2][rawValue] }
    var grantFactor: Double { [1.0, 1.0, 0.5][rawValue] }
    /// Whether friction (the municipality's own bureaucracy) applies in full.
    var frictionWeight: Double { [1.0, 0.5, 0.2][rawValue] }
    /// Themes each kind funds when no earmark is set (bit mask over `Lever.themes`).
    var themes: UInt8 { [0b111111, 0b101101, 0b111111][rawValue] }
}

public struct Funder: Sendable {
    public var kind: FunderKind
    public var budget: Double
    /// Applications waiting for this funder's next decision round.
    public var pending: [Int32] = []
}

public struct Initiative: Sendable {
    public var id: Int32
    public var theme: Int
    public var nh: Int32
    public var initiator: Int32
    public var members: [Int32]
    public var targetSize: Int
    public var phase: Phase = .forming
    public var born: Int32
    public var formingLeft: Int32
    public var supporter: Int32 = -1
    public var servant: Int32 = -1
    public var writingLeft: Double = 0
    public var writing: Bool = false
    public var hoursThisApplication: Double = 0
    public var funder: Int32 = -1
    public var decisionTick: Int32 = -1
    public var waitUntil: Int32 = 0
    public var attempts: Int = 0
    public var redesigned: Bool = false
    public var cash: Double = 0
    public var weeklySpend: Double = 0
    public var grantWeeksLeft: Int32 = 0
    public var coreFraction: Double = 0
    public var maturity: Double = 0
    public var impact: Double = 0
    public var joint: Bool = false
    public var partner: Int32 = -1
    public var everFunded: Bool = false
    public var everContact: Bool = false
    public var lastGrantEnd: Int32 = -10_000
    public var grants: Int = 0
    public var firstFunded: Int32 = -1
    public var endedAt: Int32 = -1
}
