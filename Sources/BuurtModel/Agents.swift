/// The agents that are few (intermediaries, civil servants, funders, initiatives) are plain value
/// types in arrays; residents, who are many, are struct-of-arrays columns in `World`.

public enum Role: UInt8, Sendable { case passive = 0, volunteer, initiator, intermediary }
public enum Group: UInt8, Sendable, CaseIterable {
    case established = 0, newcomer, underrepresented

    /// The groups' starting distributions, declared as data: `table` is the single source of them.
    public static let columns = ["propensity_a", "propensity_b", "trust_institutions_a", "trust_institutions_b"]
    public static let columnMeaning = [
        "participation propensity ~ Beta(a, b)",
        "(its second shape)",
        "initial trust in institutions ~ Beta(a, b); its mean a/(a+b) is the prior that trust fades back to (7.1)",
        "(its second shape)",
    ]
    public static let table: [KindRow] = [
        KindRow(name: "established", values: [2, 18, 4, 4],
                source: "De Wit & Hoolwerf (2015): propensity mean 0.10; 001_c8cb483a49676a29.txt point 3 (the same established residents come); trust an assumption"),
        KindRow(name: "newcomer", values: [1.5, 18.5, 4, 4],
                source: "assumption (mean propensity 0.075)"),
        KindRow(name: "underrepresented", values: [1, 24, 3, 5],
                source: "001_c8cb483a49676a29.txt point 3 (groups that are not heard); De Wit & Hoolwerf (2015); values an assumption (mean propensity 0.04, trust 0.375)"),
    ]
    var propensityShape: (Double, Double) { (Group.table[Int(rawValue)].values[0], Group.table[Int(rawValue)].values[1]) }
    var trustInstitutionsShape: (Double, Double) { (Group.table[Int(rawValue)].values[2], Group.table[Int(rawValue)].values[3]) }
    /// The prior institutional trust fades back to: the mean of the initial distribution.
    var institutionalPrior: Float { let (a, b) = trustInstitutionsShape; return Float(a / (a + b)) }
}

/// The municipality's four departments, declared as data: the themes each serves (civil servant k
/// belongs to department k mod 4).
public enum Department {
    public static let columns = ["themes"]
    public static let columnMeaning = ["themes served (bit mask over health, housing, education, cohesion, safety, green)"]
    public static let table: [KindRow] = [
        KindRow(name: "social", values: [0b001001], source: "001_c8cb483a49676a29.txt point 2 ('the municipality is the municipality': departments); split an assumption"),
        KindRow(name: "housing", values: [0b010010], source: "assumption"),
        KindRow(name: "education", values: [0b001100], source: "assumption"),
        KindRow(name: "public_space", values: [0b110000], source: "assumption"),
    ]
    static func themes(_ d: Int) -> UInt8 { UInt8(table[d].values[0]) }
}

/// The life cycle of an initiative.
public enum Phase: UInt8, Sendable, CaseIterable {
    case forming, seeking, active, selfSustaining, stranded, ended
    public var name: String {
        ["forming", "seeking_funds", "active", "self_sustaining", "stranded", "ended"][Int(rawValue)]
    }
    public var isLive: Bool { self != .stranded && self != .ended }
}

/// One row of a structural table: a kind's name, its values by column, and where they come from.
public struct KindRow: Sendable {
    public let name: String
    public let values: [Double]
    public let source: String
}

/// The four kinds of smart urban intermediary (SmartUrbI, `000_4adb60b35140c4ed.txt`), declared
/// as data: `table` is the single source of their shares, reach, drain and caseload.
public enum IntermediaryKind: Int, Sendable, CaseIterable {
    case communityLeader, institutionalProfessional, politician, socialEntrepreneur

    public static let columns = ["share", "reach", "drain", "caseload"]
    public static let columnMeaning = [
        "share among new intermediaries",
        "reach into institutions (a case's gain from this intermediary)",
        "energy drain per case relative to behaviour.case_demand",
        "cases held at once",
    ]
    public static let table: [KindRow] = [
        KindRow(name: "community_leader", values: [0.4, 0.6, 1.3, 3],
                source: "000_4adb60b35140c4ed.txt (SmartUrbI kinds); unpaid leaders carry most: assumption"),
        KindRow(name: "institutional_professional", values: [0.3, 1.0, 0.8, 5],
                source: "000_4adb60b35140c4ed.txt; values an assumption"),
        KindRow(name: "politician", values: [0.1, 1.2, 1.0, 2],
                source: "000_4adb60b35140c4ed.txt; values an assumption"),
        KindRow(name: "social_entrepreneur", values: [0.2, 0.8, 1.1, 4],
                source: "000_4adb60b35140c4ed.txt; values an assumption"),
    ]
    public var name: String { IntermediaryKind.table[rawValue].name }
    static let shares: [Double] = table.map { $0.values[0] }
    var reach: Double { IntermediaryKind.table[rawValue].values[1] }
    var drain: Double { IntermediaryKind.table[rawValue].values[2] }
    var caseload: Int { Int(IntermediaryKind.table[rawValue].values[3]) }
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

/// The three kinds of funder, declared as data: `table` is the single source of their factors.
public enum FunderKind: Int, Sendable, CaseIterable {
    case municipal, foundation, crowdfunding

    public static let columns = ["application", "delay", "reporting", "grant", "friction_weight", "themes"]
    public static let columnMeaning = [
        "factor on funding.application_hours",
        "factor on funding.decision_weeks",
        "factor on funding.reporting_hours",
        "factor on funding.grant_size",
        "share of bureaucracy.friction that applies (the municipality's own bureaucracy in full)",
        "themes funded without an earmark (bit mask over health, housing, education, cohesion, safety, green; 63 = all)",
    ]
    public static let table: [KindRow] = [
        KindRow(name: "municipal_scheme", values: [1.0, 1.0, 1.0, 1.0, 1.0, 0b111111],
                source: "001_c8cb483a49676a29.txt point 6 (systems are not ready); the reference kind"),
        KindRow(name: "private_foundation", values: [0.8, 0.75, 0.5, 1.0, 0.5, 0b101101],
                source: "000_4adb60b35140c4ed.txt (funders: fewer conditions); values an assumption"),
        KindRow(name: "crowdfunding", values: [1.5, 0.25, 0.2, 0.5, 0.2, 0b111111],
                source: "assumption (quick, small, little reporting; a campaign costs effort)"),
    ]
    public var name: String { FunderKind.table[rawValue].name }
    var applicationFactor: Double { FunderKind.table[rawValue].values[0] }
    var delayFactor: Double { FunderKind.table[rawValue].values[1] }
    var reportingFactor: Double { FunderKind.table[rawValue].values[2] }
    var grantFactor: Double { FunderKind.table[rawValue].values[3] }
    /// Whether friction (the municipality's own bureaucracy) applies in full.
    var frictionWeight: Double { FunderKind.table[rawValue].values[4] }
    /// Themes each kind funds when no earmark is set (bit mask over `Lever.themes`).
    var themes: UInt8 { UInt8(FunderKind.table[rawValue].values[5]) }
}

public struct Funder: Sendable {
    public var kind: FunderKind
    public var budget: Double
    /// What is left this budget year for pilot grants (`funding.pilot_share` of the budget), apart
    /// from `budget`.
    public var pilotBudget: Double = 0
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
    /// Recognised by the municipality as a partner (`government.recognition`), money or not.
    public var recognised: Bool = false
    /// On a pilot grant, or applying for one (`funding.pilot_share`).
    public var pilot: Bool = false
    /// How thoroughly the municipality checked the plan for groups it leaves out before funding it
    /// (`government.inclusion_check` at the award): that share of its later conflicts is avoided.
    public var inclusionChecked: Double = 0
    public var lastGrantEnd: Int32 = -10_000
    public var grants: Int = 0
    public var firstFunded: Int32 = -1
    public var endedAt: Int32 = -1
}
