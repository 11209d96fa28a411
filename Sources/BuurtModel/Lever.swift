import BuurtCore

/// Every lever of the model, declared once: its dotted name, kind, default, range, unit and
/// description live in `spec` and nowhere else. YAML, `--set`, validation, `buurt params`, CSV
/// headers, the data dictionary and the live page all read `Lever.registry`.
public enum Lever: Int, CaseIterable, Sendable {
    // Funding
    case grantSize, annualBudget, coreShare, termWeeks, mode, earmark, earmarkStrictness, useItOrLoseIt
    case applicationHours, decisionWeeks, reportingHours, roundsPerYear, qualityBar
    // Bureaucracy, succession, government, infrastructure, capacity building, austerity
    case friction, delayFactor
    case successionPlanning, mentoringWeeks, tieTransfer
    case openShare, outreachHours, learningRate
    case meetingPlaces
    case peerSupport
    case budgetCutPerYear, programmeCutWeek, programmeCutWeeks
    // Population and network (structural)
    case residents, neighbourhoods, intermediaries, civilServants, funders
    case newcomerShare, underrepresentedShare
    case meanDegree, homophily
    // Behaviour (the uncertain parameters)
    case trustGain, trustAsymmetry, trustForgetting, encountersPerWeek, goodEncounterShare
    case burnoutThreshold, recoveryRate, caseDemand, sparkRate, emergenceRate
    case maturationRate, volunteerHours
    // Economics and simulation
    case shadowWage
    case ticks, seed

    public static let themes = ["health", "housing", "education", "cohesion", "safety", "green"]
    public static let modes = ["competitive", "collaborative"]

    public var spec: LeverSpec {
        switch self {
        case .grantSize:
            return LeverSpec("funding.grant_size", default: 10_000, min: 500, max: 500_000, unit: "euro",
                             "Size of one grant (before sharing in joint applications).")
        case .annualBudget:
            return LeverSpec("funding.annual_budget", default: 100_000, min: 0, max: 100_000_000, unit: "euro per funder-year",
                             "Budget each funder can grant in a budget year (52 weeks).")
        case .coreShare:
            return LeverSpec("funding.core_share", default: 0.1, min: 0, max: 1, unit: "share",
                             "Share of each grant given as untied core funding; it speeds maturing and carries initiatives past the grant's end.")
        case .termWeeks:
            return LeverSpec("funding.term_weeks", .integer, default: 52, min: 4, max: 520, unit: "weeks",
                             "Length of a grant.")
        case .mode:
            return .choice("funding.mode", Lever.modes, default: "competitive",
                           "Competitive rounds rank and refuse; collaborative funding favours and shares joint applications.")
        case .earmark:
            return .choice("funding.earmark", ["none"] + Lever.themes, default: "none",
                           "Theme that all funders' budgets are earmarked for ('none': each funder's own themes).")
        case .earmarkStrictness:
            return LeverSpec("funding.earmark_strictness", default: 0.5, min: 0, max: 1, unit: "probability",
                             "Chance that an application outside the earmarks is refused rather than sent back for redesign.")
        case .useItOrLoseIt:
            return .flag("funding.use_it_or_lose_it", default: true,
                         "Unspent budget is lost at year end and grant money must be spent by year end.")
        case .applicationHours:
            return LeverSpec("funding.application_hours", default: 24, min: 0, max: 1000, unit: "hours",
                             "Volunteer hours to write one application, before friction.")
        case .decisionWeeks:
            return LeverSpec("funding.decision_weeks", .integer, default: 8, min: 0, max: 260, unit: "weeks",
                             "Weeks from application to decision, before friction.")
        case .reportingHours:
            return LeverSpec("funding.reporting_hours", default: 4, min: 0, max: 40, unit: "hours per week",
                             "Reporting a funded initiative owes each week, before friction.")
        case .roundsPerYear:
            return LeverSpec("funding.rounds_per_year", .integer, default: 4, min: 1, max: 52, unit: "rounds per year",
                             "Decision rounds each funder holds in a budget year.")
        case .qualityBar:
            return LeverSpec("funding.quality_bar", default: 0.4, min: 0, max: 1, unit: "score",
                             "Lowest application score a funder funds, whatever its budget (scores: experience, size, intermediary support, a civil servant, minus formalities, plus noise).")
        case .friction:
            return LeverSpec("bureaucracy.friction", default: 0.5, min: 0, max: 1, unit: "index",
                             "Bureaucratic friction: multiplies application hours (1+f), decision delay (1+k f) and reporting (1+f).")
        case .delayFactor:
            return LeverSpec("bureaucracy.delay_factor", default: 1, min: 0, max: 10, unit: "factor",
                             "k: how strongly friction lengthens decisions.")
        case .successionPlanning:
            return LeverSpec("succession.planning", default: 0.2, min: 0, max: 1, unit: "share",
                             "Share of intermediaries who mentor a successor.")
        case .mentoringWeeks:
            return LeverSpec("succession.mentoring_weeks", .integer, default: 52, min: 1, max: 520, unit: "weeks",
                             "Weeks of mentoring before a successor is ready.")
        case .tieTransfer:
            return LeverSpec("succession.tie_transfer", default: 0.7, min: 0, max: 1, unit: "share",
                             "Share of an intermediary's institutional ties a successor takes over.")
        case .openShare:
            return LeverSpec("government.open_share", default: 0.2, min: 0, max: 1, unit: "share",
                             "Share of civil servants designated as open 'key persons'.")
        case .outreachHours:
            return LeverSpec("government.outreach_hours", default: 2, min: 0, max: 200, unit: "hours per week per neighbourhood",
                             "Outreach by key persons and intermediaries, aimed at the under-represented group.")
        case .learningRate:
            return LeverSpec("government.learning_rate", default: 0.05, min: 0, max: 1, unit: "per event",
                             "How far a civil servant's openness moves after a collaboration succeeds or fails.")
        case .meetingPlaces:
            return LeverSpec("infrastructure.meeting_places", default: 2, min: 0, max: 50, unit: "per neighbourhood",
                             "Community centres, libraries, city labs: raise chance meetings and new (bridging) ties.")
        case .peerSupport:
            return LeverSpec("capacity_building.peer_support", default: 0.3, min: 0, max: 1, unit: "index",
                             "Learning networks and peer support: cushion intermediaries' energy, speed mentoring and new intermediaries.")
        case .budgetCutPerYear:
            return LeverSpec("austerity.budget_cut_per_year", default: 0, min: 0, max: 1, unit: "share per year",
                             "Yearly cut of every funder's budget; also speeds the rise of unmet need.")
        case .programmeCutWeek:
            return LeverSpec("austerity.programme_cut_week", .integer, default: 0, min: 0, max: 100_000, unit: "week",
                             "Week at which every funder's budget is cut to nothing (0: no cut); a shock for SF6.")
        case .programmeCutWeeks:
            return LeverSpec("austerity.programme_cut_weeks", .integer, default: 52, min: 1, max: 100_000, unit: "weeks",
                             "How long a programme cut lasts before the budget is restored.")
        case .residents:
            return LeverSpec("population.residents", .integer, default: 10_000, min: 10, max: 5_000_000, unit: "residents",
                             structural: true, "Residents in the district or city.")
        case .neighbourhoods:
            return LeverSpec("population.neighbourhoods", .integer, default: 4, min: 1, max: 10_000, unit: "neighbourhoods",
                             structural: true, "Neighbourhoods the residents live in (equal sizes).")
        case .intermediaries:
            return LeverSpec("population.intermediaries", .integer, default: 40, min: 0, max: 1_000_000, unit: "intermediaries",
                             structural: true, "Intermediaries (SUIs) at the start.")
        case .civilServants:
            return LeverSpec("population.civil_servants", .integer, default: 30, min: 1, max: 1_000_000, unit: "civil servants",
                             structural: true, "Civil servants dealing with initiatives.")
        case .funders:
            return LeverSpec("population.funders", .integer, default: 3, min: 1, max: 300, unit: "funders",
                             structural: true, "Funders, in turn a municipal scheme, a private foundation and a crowdfunding platform.")
        case .newcomerShare:
            return LeverSpec("population.newcomer_share", default: 0.25, min: 0, max: 1, unit: "share",
                             structural: true, "Share of residents who are newcomers.")
        case .underrepresentedShare:
            return LeverSpec("population.underrepresented_share", default: 0.15, min: 0, max: 1, unit: "share",
                             structural: true, "Share of residents in the under-represented group (lower propensity to take part).")
        case .meanDegree:
            return LeverSpec("network.mean_degree", default: 8, min: 0, max: 30, unit: "ties",
                             structural: true, "Mean number of social ties per resident at the start.")
        case .homophily:
            return LeverSpec("network.homophily", default: 0.7, min: 0, max: 1, unit: "index",
                             "Reluctance to tie across groups: a tie between groups forms with (1 - homophily) the chance of one within.")
        case .trustGain:
            return LeverSpec("behaviour.trust_gain", default: 0.03, min: 0.001, max: 0.5, unit: "per encounter",
                             "a: a good encounter moves trust T to T + a(1 - T).")
        case .trustAsymmetry:
            return LeverSpec("behaviour.trust_asymmetry", default: 3, min: 1, max: 10, unit: "ratio b/a",
                             "A bad encounter moves T to T - b T with b = ratio * a (trust is lost faster than built).")
        case .trustForgetting:
            return LeverSpec("behaviour.trust_forgetting", default: 0.005, min: 0, max: 0.2, unit: "per week",
                             "Experiences fade: trust drifts back towards the group's prior by this share a week (beta reputation with forgetting).")
        case .encountersPerWeek:
            return LeverSpec("behaviour.encounters_per_week", default: 2, min: 0, max: 20, unit: "per resident-week",
                             "Encounters each resident has in a week.")
        case .goodEncounterShare:
            return LeverSpec("behaviour.good_encounter_share", default: 0.8, min: 0, max: 1, unit: "probability",
                             "Chance an ordinary encounter goes well (higher within an initiative).")
        case .burnoutThreshold:
            return LeverSpec("behaviour.burnout_threshold", default: 0.2, min: 0, max: 1, unit: "energy",
                             "An intermediary whose energy falls below this burns out and leaves the role.")
        case .recoveryRate:
            return LeverSpec("behaviour.recovery_rate", default: 0.05, min: 0, max: 1, unit: "per week",
                             "r: energy recovers by r(1 - E) a week.")
        case .caseDemand:
            return LeverSpec("behaviour.case_demand", default: 0.012, min: 0, max: 0.5, unit: "energy per case-week",
                             "Energy one initiative in an intermediary's caseload takes a week.")
        case .sparkRate:
            return LeverSpec("behaviour.spark_rate", default: 0.0001, min: 0, max: 0.05, unit: "per resident-week",
                             "Base weekly chance that a resident of typical propensity starts an idea.")
        case .emergenceRate:
            return LeverSpec("behaviour.emergence_rate", default: 0.0003, min: 0, max: 0.5, unit: "per initiative-week",
                             "Weekly chance that the experienced initiator of a running initiative steps up as a new intermediary.")
        case .maturationRate:
            return LeverSpec("behaviour.maturation_rate", default: 0.007, min: 0, max: 0.2, unit: "per week",
                             "Base rate at which a funded initiative's business model matures.")
        case .volunteerHours:
            return LeverSpec("behaviour.volunteer_hours", default: 5, min: 0, max: 40, unit: "hours per week",
                             "Most hours a volunteer gives a week, when free hours allow (the mean given is then about 4, as CBS finds).")
        case .shadowWage:
            return LeverSpec("economics.shadow_wage", default: 15, min: 0, max: 200, unit: "euro per hour",
                             "Value of one volunteer hour, for volunteer_value_eur.")
        case .ticks:
            return LeverSpec("simulation.ticks", .integer, default: 520, min: 0, max: 100_000, unit: "weeks",
                             structural: true, "Weeks to simulate (520 = 10 years).")
        case .seed:
            return LeverSpec("simulation.seed", .integer, default: 1, min: 0, max: 9_007_199_254_740_991, unit: "seed",
                             structural: true, "Seed of all random streams.")
        }
    }

    /// The registry every consumer reads; its order is the order of the cases.
    public static let registry = LeverRegistry(Lever.allCases.map(\.spec))
}

/// A full set of lever values, indexed by `Lever`.
public struct LeverValues: Equatable, Sendable {
    public var raw: [Double]
    public init() { raw = Lever.registry.defaults }
    public init(raw: [Double]) { precondition(raw.count == Lever.allCases.count); self.raw = raw }
    @inlinable public subscript(l: Lever) -> Double {
        get { raw[l.rawValue] }
        set { raw[l.rawValue] = newValue }
    }
    public func int(_ l: Lever) -> Int { Int(raw[l.rawValue]) }
    public func flag(_ l: Lever) -> Bool { raw[l.rawValue] != 0 }

    /// Sets a lever by dotted name from text, with validation.
    public mutating func set(_ name: String, text: String) throws {
        let i = try Lever.registry.lookup(name)
        raw[i] = try Lever.registry.specs[i].parse(text)
    }
}
