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
    case trustModel, trustMemory
    // Behaviour: the constants inside the rules, declared (defaults are the values the rules had).
    // 7.1 Meet
    case randomEncounterBase, randomEncounterPerPlace, randomEncounterMax, sameInitiativeGoodBonus
    case crossGroupGoodPenalty, communityTrustWeight, trustDiffusion, reciprocityMemory
    case oneSidedBalance, oneSidedPenalty, tieBreakTrust, tieDropChance, newTieChance, newTieTrust
    // 7.2 Spark
    case sparkIntermediaryBoost, initiativeSizeMin, initiativeSizeMax, formingWeeksMin, formingWeeksMax
    // 7.3 Recruit and outreach
    case leaveRate, reportingLeave, waitingLeave, lowHoursLeave, lowHours, inviteFactor, activeInviteBoost
    case outreachContactsPerHour, outreachRedraws, outreachJoinFactor
    // 7.4 Broker
    case brokerTrustWeight, selfSearchRate, selfSearchFrictionDamping, servantsAsked
    case keyPersonFrictionCut, keyPersonOpennessFloor, opennessKeyOffset
    // 7.5 Apply and decide
    case supportedWritingFactor, waitingBadExperience, giveUpRate, giveUpTrustWeight, redesignHoursShare
    case scoreExperienceWeight, scoreSizeWeight, scoreSizeFull, scoreIntermediaryWeight, scoreServantWeight
    case scoreCrowdWeight, scoreCrowdReach, scoreFormalities, scoreFormalitiesSupported, scoreNoise
    case jointBonus, jointShare, refusalWaitWeeks, maxRefusals, refusalShock, rivalryLossWinner, rivalryLossOther
    case rivalryBreakTrust, roundTableTrust, roundTablePairs
    // 7.6 Operate and 7.7 Grant end
    case memberExperienceGain, impactPerHour, adequateWeeklySpend, selfSustainingHazard, sustainFrom, sustainAt
    case coreSustainBonus, championSustainBonus, strandingChance, operateTieChance, partnerWorkShare, operateTieTrust
    // 7.9 Energy and succession; 7.10 Needs drift; 7.0 Budget shock
    case strandingShock, restFactor, energyNoise, movingAwayRate, emergenceExperience, menteeExperienceGain
    case needsDriftRate, austerityNeedFactor, budgetShockBelow, budgetShockTrustWeight, budgetShockEnergy
    // Recognition and partnership without a grant (SF9)
    case recognition, recognitionRetention, recognitionTrustWeight, recognitionSustainBonus
    // Who shows up decides: consultation of residents (SF10)
    case consultationMode, consultationInterval, consultationAttendees, eveningReachUnderrepresented
    case consultationEffort, displacement
    // Pilot grants: small, fast, not competitive, light paperwork (SF12)
    case pilotShare, pilotGrant, pilotWeeks, pilotDecisionWeeks, pilotApplicationShare, pilotReportingShare, pilotStrandingChance
    // Conflicting interests: joining in is not having your idea adopted (SF11)
    case conflictRate, conflictNeighbours, conflictTrustWeight, inclusionCheck, inclusionCheckWeeks
    // The starting distributions and the initial network (read once, at initialisation)
    case freeHoursShape, freeHoursScale, trustCommunityAlpha, trustCommunityBeta, experienceAlpha, experienceBeta, needMin, needSpread, servantOpennessAlpha, servantOpennessBeta
    case intermediaryExperienceMin, intermediaryExperienceSpread, intermediaryEnergyMin, intermediaryEnergySpread, tieLocality, tieTries, tieTrustMin, tieTrustSpread
    // Behaviour: the remaining constants inside the rules (defaults are the values the rules had)
    case membersPerInvitation, inviteTrustOffset, writingShare, writingMinHours, scoreExperienceFull, scoreEnergyFloor, scoreKeynessFloor, collaborativeRefusalWeight, supportedMaturationGain
    case coreMaturationGain, maturationMoneyFloor, selfSustainingMaturationShare, moneyBoostFloor, selfSustainingBoost, peerSupportCushion, peerSupportCap, peerEmergenceGain, peerMentoringGain
    case emergenceSupportedFactor, newIntermediaryEnergyMin, newIntermediaryEnergySpread, successorEnergy, servantTiesPerReach, servantTieTrust, outreachBaseShare
    // Economics and simulation
    case shadowWage
    case ticks, seed

    public static let themes = ["health", "housing", "education", "cohesion", "safety", "green"]
    public static let modes = ["competitive", "collaborative"]
    public static let trustModels = ["linear", "beta"]
    public static let consultationModes = ["none", "evenings", "lot", "outreach"]

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
                .sourced("assumption")
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
                .sourced("calibration (docs/CALIBRATION.md)")
        case .roundsPerYear:
            return LeverSpec("funding.rounds_per_year", .integer, default: 4, min: 1, max: 52, unit: "rounds per year",
                             "Decision rounds each funder holds in a budget year.")
        case .qualityBar:
            return LeverSpec("funding.quality_bar", default: 0.4, min: 0, max: 1, unit: "score",
                             "Lowest application score a funder funds, whatever its budget (scores: experience, size, intermediary support, a civil servant, minus formalities, plus noise).")
                .sourced("assumption")
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
                .sourced("assumption")
        case .openShare:
            return LeverSpec("government.open_share", default: 0.2, min: 0, max: 1, unit: "share",
                             "Share of civil servants designated as open 'key persons'.")
        case .outreachHours:
            return LeverSpec("government.outreach_hours", default: 2, min: 0, max: 200, unit: "hours per week per neighbourhood",
                             "Outreach by key persons and intermediaries, aimed at the under-represented group.")
                .sourced("calibration (docs/CALIBRATION.md)")
        case .learningRate:
            return LeverSpec("government.learning_rate", default: 0.05, min: 0, max: 1, unit: "per event",
                             "How far a civil servant's openness moves after a collaboration succeeds or fails.")
                .sourced("004_499295810d90f7e4.txt (leapfrog); size an assumption", plausible: 0.02...0.1)
        case .meetingPlaces:
            return LeverSpec("infrastructure.meeting_places", default: 2, min: 0, max: 50, unit: "per neighbourhood",
                             "Community centres, libraries, city labs: raise chance meetings and new (bridging) ties.")
        case .peerSupport:
            return LeverSpec("capacity_building.peer_support", default: 0.3, min: 0, max: 1, unit: "index",
                             "Learning networks and peer support: cushion intermediaries' energy, speed mentoring and new intermediaries.")
                .sourced("000_4adb60b35140c4ed.txt (learning networks)")
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
                .sourced("McPherson et al. 2001 (homophily); size an assumption")
        case .trustGain:
            return LeverSpec("behaviour.trust_gain", default: 0.03, min: 0.001, max: 0.5, unit: "per encounter",
                             "a: a good encounter moves trust T to T + a(1 - T).")
                .sourced("assumption (slow build-up of trust: Slovic 1993)", plausible: 0.01...0.08)
        case .trustAsymmetry:
            return LeverSpec("behaviour.trust_asymmetry", default: 3, min: 1, max: 10, unit: "ratio b/a",
                             "A bad encounter moves T to T - b T with b = ratio * a (trust is lost faster than built).")
                .sourced("Slovic 1993 (trust asymmetry)", plausible: 1.5...5)
        case .trustForgetting:
            return LeverSpec("behaviour.trust_forgetting", default: 0.005, min: 0, max: 0.2, unit: "per week",
                             "Experiences fade: trust drifts back towards the group's prior by this share a week (beta reputation with forgetting).")
                .sourced("Josang & Ismail 2002 (forgetting); size an assumption", plausible: 0.002...0.01)
        case .encountersPerWeek:
            return LeverSpec("behaviour.encounters_per_week", default: 2, min: 0, max: 20, unit: "per resident-week",
                             "Encounters each resident has in a week.")
                .sourced("assumption", plausible: 1...4)
        case .goodEncounterShare:
            return LeverSpec("behaviour.good_encounter_share", default: 0.8, min: 0, max: 1, unit: "probability",
                             "Chance an ordinary encounter goes well (higher within an initiative).")
                .sourced("assumption", plausible: 0.7...0.9)
        case .burnoutThreshold:
            return LeverSpec("behaviour.burnout_threshold", default: 0.2, min: 0, max: 1, unit: "energy",
                             "An intermediary whose energy falls below this burns out and leaves the role.")
                .sourced("Bakker & Demerouti 2007 (JD-R); threshold an assumption", plausible: 0.1...0.3)
        case .recoveryRate:
            return LeverSpec("behaviour.recovery_rate", default: 0.05, min: 0, max: 1, unit: "per week",
                             "r: energy recovers by r(1 - E) a week.")
                .sourced("Bakker & Demerouti 2007 (JD-R); rate an assumption", plausible: 0.03...0.08)
        case .caseDemand:
            return LeverSpec("behaviour.case_demand", default: 0.012, min: 0, max: 0.5, unit: "energy per case-week",
                             "Energy one initiative in an intermediary's caseload takes a week.")
                .sourced("calibration (docs/CALIBRATION.md)", plausible: 0.006...0.018)
        case .sparkRate:
            return LeverSpec("behaviour.spark_rate", default: 0.0001, min: 0, max: 0.05, unit: "per resident-week",
                             "Base weekly chance that a resident of typical propensity starts an idea.")
                .sourced("calibration (docs/CALIBRATION.md); De Wit & Hoolwerf 2015", plausible: 0.00005...0.0002)
        case .emergenceRate:
            return LeverSpec("behaviour.emergence_rate", default: 0.0003, min: 0, max: 0.5, unit: "per initiative-week",
                             "Weekly chance that the experienced initiator of a running initiative steps up as a new intermediary.")
                .sourced("calibration (docs/CALIBRATION.md)", plausible: 0.00015...0.0006)
        case .maturationRate:
            return LeverSpec("behaviour.maturation_rate", default: 0.007, min: 0, max: 0.2, unit: "per week",
                             "Base rate at which a funded initiative's business model matures.")
                .sourced("assumption", plausible: 0.0035...0.014)
        case .volunteerHours:
            return LeverSpec("behaviour.volunteer_hours", default: 5, min: 0, max: 40, unit: "hours per week",
                             "Most hours a volunteer gives a week, when free hours allow (the mean given is then about 4, as CBS finds).")
                .sourced("CBS (a little over 4 hours a week)")
        case .trustModel:
            return LeverSpec.choice("behaviour.trust_model", Lever.trustModels, default: "linear",
                "The one trust rule all experiences go through. linear: good T += a w (1 - T), bad T -= min(1, b w) T. beta: Beta reputation (Josang & Ismail 2002) at its stationary evidence memory N: good evidence of weight w gives T += w (1 - T) / (N + w), bad evidence of weight b/a w gives T -= (b/a) w T / (N + (b/a) w).")
                .sourced("Josang & Ismail 2002 (beta); Slovic 1993 (asymmetry)")
        case .trustMemory:
            return LeverSpec("behaviour.trust_memory", default: 32, min: 1, max: 1000, unit: "experiences",
                             "N of the beta trust model: the evidence a trust value stands for (under forgetting factor lambda it settles near experiences per week / (1 - lambda)); unused by the linear model.")
                .sourced("assumption (1/a - 1 at the default gain, so one good experience moves trust as in the linear model)", plausible: 10...100)
        case .randomEncounterBase:
            return LeverSpec("behaviour.random_encounter_base", default: 0.05, min: 0, max: 1, unit: "probability",
                             "Chance that an encounter is with a random neighbour rather than a tie, without meeting places.")
                .sourced("assumption", plausible: 0.02...0.1)
        case .randomEncounterPerPlace:
            return LeverSpec("behaviour.random_encounter_per_place", default: 0.05, min: 0, max: 1, unit: "probability per place",
                             "How much each meeting place per neighbourhood adds to the chance of a random encounter.")
                .sourced("assumption (meeting places raise chance meetings: 004_499295810d90f7e4.txt)", plausible: 0.02...0.1)
        case .randomEncounterMax:
            return LeverSpec("behaviour.random_encounter_max", default: 0.6, min: 0, max: 1, unit: "probability",
                             "Most that the chance of a random encounter can reach, however many meeting places.")
                .sourced("assumption")
        case .sameInitiativeGoodBonus:
            return LeverSpec("behaviour.same_initiative_good_bonus", default: 0.1, min: 0, max: 1, unit: "probability",
                             "Added to the good-encounter chance when both residents are in the same initiative.")
                .sourced("assumption", plausible: 0.05...0.2)
        case .crossGroupGoodPenalty:
            return LeverSpec("behaviour.cross_group_good_penalty", default: 0.05, min: 0, max: 1, unit: "probability",
                             "Taken from the good-encounter chance when the residents are of different groups.")
                .sourced("assumption (homophily: McPherson et al. 2001)", plausible: 0...0.15)
        case .communityTrustWeight:
            return LeverSpec("behaviour.community_trust_weight", default: 0.5, min: 0, max: 10, unit: "weight",
                             "Weight of an encounter (and of a stranding) as an experience of the community, relative to one of a tie.")
                .sourced("assumption", plausible: 0.25...1)
        case .trustDiffusion:
            return LeverSpec("behaviour.trust_diffusion", default: 0.05, min: 0, max: 1, unit: "share per good encounter",
                             "After a good encounter a resident's institutional trust moves this share towards the other's (last week's).")
                .sourced("assumption", plausible: 0.01...0.1)
        case .reciprocityMemory:
            return LeverSpec("behaviour.reciprocity_memory", default: 0.9375, min: 0, max: 1, unit: "share kept per encounter",
                             "Share of a tie's remembered reciprocity balance kept at each encounter (15/16).")
                .sourced("assumption")
        case .oneSidedBalance:
            return LeverSpec("behaviour.one_sided_balance", default: 8, min: 0, max: 1000, unit: "encounters",
                             "A tie whose remembered reciprocity balance exceeds this is very one-sided and loses trust at each encounter.")
                .sourced("assumption (reciprocity: 004_499295810d90f7e4.txt)", plausible: 4...16)
        case .oneSidedPenalty:
            return LeverSpec("behaviour.one_sided_penalty", default: 0.5, min: 0, max: 10, unit: "weight",
                             "Weight of the bad experience a very one-sided tie gives at each encounter.")
                .sourced("assumption")
        case .tieBreakTrust:
            return LeverSpec("behaviour.tie_break_trust", default: 0.1, min: 0, max: 1, unit: "trust",
                             "A tie whose trust falls below this is broken.")
                .sourced("assumption")
        case .tieDropChance:
            return LeverSpec("behaviour.tie_drop_chance", default: 0.004, min: 0, max: 1, unit: "per encounter",
                             "Chance that a tie drifts apart at an encounter, whatever its trust.")
                .sourced("assumption (tie decay: Burt 2000)", plausible: 0.002...0.008)
        case .newTieChance:
            return LeverSpec("behaviour.new_tie_chance", default: 0.1, min: 0, max: 1, unit: "per good random encounter",
                             "Chance that a good random encounter within the group becomes a tie (across groups: times 1 - homophily).")
                .sourced("assumption", plausible: 0.05...0.2)
        case .newTieTrust:
            return LeverSpec("behaviour.new_tie_trust", default: 0.3, min: 0, max: 1, unit: "trust",
                             "Trust at both ends of a tie formed in a random encounter (one value, no draw).")
                .sourced("assumption")
        case .sparkIntermediaryBoost:
            return LeverSpec("behaviour.spark_intermediary_boost", default: 3, min: 1, max: 100, unit: "factor",
                             "How much a tie to an intermediary multiplies a resident's chance to start an idea.")
                .sourced("002_be3409d8dd1ee853.txt (the connector who starts the wheel); factor an assumption", plausible: 1.5...5)
        case .initiativeSizeMin:
            return LeverSpec("behaviour.initiative_size_min", .integer, default: 3, min: 2, max: 1000, unit: "members",
                             "Fewest members an initiative wants (its target is drawn uniformly from min to max).")
                .sourced("assumption")
        case .initiativeSizeMax:
            return LeverSpec("behaviour.initiative_size_max", .integer, default: 10, min: 2, max: 1000, unit: "members",
                             "Most members an initiative wants.")
                .sourced("assumption")
        case .formingWeeksMin:
            return LeverSpec("behaviour.forming_weeks_min", .integer, default: 4, min: 1, max: 520, unit: "weeks",
                             "Fewest weeks an initiative forms before it seeks funds (drawn uniformly from min to max).")
                .sourced("assumption")
        case .formingWeeksMax:
            return LeverSpec("behaviour.forming_weeks_max", .integer, default: 12, min: 1, max: 520, unit: "weeks",
                             "Most weeks an initiative forms before it seeks funds.")
                .sourced("assumption")
        case .leaveRate:
            return LeverSpec("behaviour.leave_rate", default: 0.004, min: 0, max: 1, unit: "per member-week",
                             "Base weekly chance that a member (not the initiator) leaves an initiative.")
                .sourced("assumption (about 19% a year)", plausible: 0.002...0.008)
        case .reportingLeave:
            return LeverSpec("behaviour.reporting_leave", default: 0.05, min: 0, max: 1, unit: "per member-week at full load",
                             "Added weekly leaving chance when reporting takes all the members' hours (scaled by the load).")
                .sourced("assumption (000_4adb60b35140c4ed.txt: simpler reporting)", plausible: 0.02...0.1)
        case .waitingLeave:
            return LeverSpec("behaviour.waiting_leave", default: 0.02, min: 0, max: 1, unit: "per member-week at friction 1",
                             "Added weekly leaving chance while an initiative writes or waits on a decision, times the effective friction.")
                .sourced("001_c8cb483a49676a29.txt point 6 (systems are not ready); size an assumption", plausible: 0.01...0.04)
        case .lowHoursLeave:
            return LeverSpec("behaviour.low_hours_leave", default: 0.02, min: 0, max: 1, unit: "per member-week",
                             "Added weekly leaving chance for a member with fewer free hours than behaviour.low_hours.")
                .sourced("assumption")
        case .lowHours:
            return LeverSpec("behaviour.low_hours", default: 1, min: 0, max: 40, unit: "hours per week",
                             "Free hours below which a member is more likely to leave.")
                .sourced("assumption")
        case .inviteFactor:
            return LeverSpec("behaviour.invite_factor", default: 3, min: 0, max: 100, unit: "factor",
                             "An invited tie joins with chance min(1, factor x propensity x (behaviour.invite_trust_offset + tie trust)) x min(1, free hours / volunteer hours).")
                .sourced("assumption", plausible: 2...4)
        case .activeInviteBoost:
            return LeverSpec("behaviour.active_invite_boost", default: 1.5, min: 0, max: 10, unit: "factor",
                             "How much more likely an invitation is taken up when the initiative is running on a grant.")
                .sourced("assumption")
        case .outreachContactsPerHour:
            return LeverSpec("behaviour.outreach_contacts_per_hour", default: 2, min: 0, max: 100, unit: "contacts per hour",
                             "Residents reached per outreach hour (times behaviour.outreach_base_share + the share of key persons).")
                .sourced("assumption", plausible: 1...4)
        case .outreachRedraws:
            return LeverSpec("behaviour.outreach_redraws", .integer, default: 4, min: 0, max: 100, unit: "draws",
                             "Outreach redraws a contact up to this many times until it is of the under-represented group.")
                .sourced("assumption")
        case .outreachJoinFactor:
            return LeverSpec("behaviour.outreach_join_factor", default: 2, min: 0, max: 100, unit: "factor",
                             "A free resident reached by outreach joins an open initiative with chance min(1, factor x propensity).")
                .sourced("assumption", plausible: 1...4)
        case .brokerTrustWeight:
            return LeverSpec("behaviour.broker_trust_weight", default: 0.5, min: 0, max: 10, unit: "weight",
                             "Weight of the good institutional experience one member of each case has each week, times the intermediary's reach.")
                .sourced("000_4adb60b35140c4ed.txt (intermediaries build trust); weight an assumption", plausible: 0.25...1)
        case .selfSearchRate:
            return LeverSpec("behaviour.self_search_rate", default: 0.08, min: 0, max: 1, unit: "per initiative-week",
                             "Weekly chance that an initiative without intermediary asks a random civil servant (without friction).")
                .sourced("001_c8cb483a49676a29.txt point 2 ('the municipality is the municipality'); rate an assumption", plausible: 0.04...0.16)
        case .selfSearchFrictionDamping:
            return LeverSpec("behaviour.self_search_friction_damping", default: 0.5, min: 0, max: 1, unit: "share at friction 1",
                             "Share of the self-search chance friction takes away at friction 1.")
                .sourced("assumption")
        case .servantsAsked:
            return LeverSpec("behaviour.servants_asked", .integer, default: 6, min: 0, max: 1000, unit: "servants",
                             "Random civil servants an intermediary asks around (6 draws, then those of the right department), the most open taken.")
                .sourced("assumption")
        case .keyPersonFrictionCut:
            return LeverSpec("government.key_person_friction_cut", default: 0.6, min: 0, max: 1, unit: "share",
                             "Share of the friction a fully open civil servant takes away from a case.")
                .sourced("000_4adb60b35140c4ed.txt (key persons find ways around bureaucracy); share an assumption", plausible: 0.3...0.8)
        case .keyPersonOpennessFloor:
            return LeverSpec("government.key_person_openness_floor", default: 0.75, min: 0, max: 1, unit: "openness",
                             "A designated key person acts with at least this openness.")
                .sourced("assumption")
        case .opennessKeyOffset:
            return LeverSpec("government.openness_key_offset", default: 0.4, min: 0, max: 0.99, unit: "openness",
                             "Openness below which a civil servant acts as no key person at all (keyness = (o - offset) / (1 - offset)).")
                .sourced("assumption")
        case .supportedWritingFactor:
            return LeverSpec("behaviour.supported_writing_factor", default: 0.7, min: 0, max: 1, unit: "factor",
                             "Share of the application hours an initiative with an intermediary needs (first application of a search; not the redesign).")
                .sourced("000_4adb60b35140c4ed.txt (intermediaries know the system); factor an assumption", plausible: 0.5...0.9)
        case .waitingBadExperience:
            return LeverSpec("behaviour.waiting_bad_experience", default: 0.25, min: 0, max: 1, unit: "per member-week at friction 1",
                             "Weekly chance, times the effective friction, that a member of an initiative writing or waiting has a bad institutional experience.")
                .sourced("001_c8cb483a49676a29.txt point 6; size an assumption", plausible: 0.1...0.4)
        case .giveUpRate:
            return LeverSpec("behaviour.give_up_rate", default: 0.02, min: 0, max: 1, unit: "per initiative-week at friction 1",
                             "Weekly chance, times the effective friction, that an initiative writing or waiting gives up.")
                .sourced("001_c8cb483a49676a29.txt point 6; size an assumption", plausible: 0.01...0.04)
        case .giveUpTrustWeight:
            return LeverSpec("behaviour.give_up_trust_weight", default: 0.5, min: 0, max: 10, unit: "weight",
                             "Weight of the bad institutional experience of every member when an initiative gives up.")
                .sourced("assumption")
        case .redesignHoursShare:
            return LeverSpec("behaviour.redesign_hours_share", default: 0.5, min: 0, max: 10, unit: "share of application hours",
                             "Hours of a redesign for an eligible theme, as a share of the application hours (with friction, without the intermediary factor).")
                .sourced("assumption")
        case .scoreExperienceWeight:
            return LeverSpec("behaviour.score_experience_weight", default: 0.25, min: 0, max: 1, unit: "score",
                             "Score weight of the members' mean experience (full at experience 0.5).")
                .sourced("assumption")
        case .scoreSizeWeight:
            return LeverSpec("behaviour.score_size_weight", default: 0.15, min: 0, max: 1, unit: "score",
                             "Score weight of the initiative's size (full at behaviour.score_size_full members).")
                .sourced("assumption")
        case .scoreSizeFull:
            return LeverSpec("behaviour.score_size_full", default: 6, min: 1, max: 1000, unit: "members",
                             "Members at which the size part of the score is full.")
                .sourced("assumption")
        case .scoreIntermediaryWeight:
            return LeverSpec("behaviour.score_intermediary_weight", default: 0.25, min: 0, max: 1, unit: "score",
                             "Score weight of intermediary support (times min(1, reach) and floor + (1 - floor) energy, behaviour.score_energy_floor).")
                .sourced("000_4adb60b35140c4ed.txt (intermediaries improve applications); weight an assumption", plausible: 0.15...0.35)
        case .scoreServantWeight:
            return LeverSpec("behaviour.score_servant_weight", default: 0.15, min: 0, max: 1, unit: "score",
                             "Score weight of a civil servant contact (times floor + (1 - floor) keyness, behaviour.score_keyness_floor).")
                .sourced("assumption")
        case .scoreCrowdWeight:
            return LeverSpec("behaviour.score_crowd_weight", default: 0.1, min: 0, max: 1, unit: "score",
                             "Score weight of the members' reach (ties) in a crowdfunding application.")
                .sourced("assumption")
        case .scoreCrowdReach:
            return LeverSpec("behaviour.score_crowd_reach", default: 60, min: 1, max: 100_000, unit: "ties",
                             "Members' ties at which the crowdfunding reach part is full.")
                .sourced("assumption")
        case .scoreFormalities:
            return LeverSpec("behaviour.score_formalities", default: 0.15, min: 0, max: 1, unit: "score at friction 1",
                             "Score lost to formalities, times the effective friction.")
                .sourced("000_4adb60b35140c4ed.txt (fewer conditions); size an assumption", plausible: 0.05...0.25)
        case .scoreFormalitiesSupported:
            return LeverSpec("behaviour.score_formalities_supported", default: 0.3, min: 0, max: 1, unit: "share",
                             "Share of the formalities loss left with an intermediary's support.")
                .sourced("assumption")
        case .scoreNoise:
            return LeverSpec("behaviour.score_noise", default: 0.15, min: 0, max: 1, unit: "score (sd)",
                             "Standard deviation of the noise on a score, drawn afresh each time an application is scored in a round.")
                .sourced("assumption", plausible: 0.05...0.25)
        case .jointBonus:
            return LeverSpec("behaviour.joint_bonus", default: 0.1, min: 0, max: 1, unit: "score",
                             "Added to the better score of a joint bid in a collaborative round.")
                .sourced("assumption")
        case .jointShare:
            return LeverSpec("behaviour.joint_share", default: 0.75, min: 0, max: 1, unit: "share of a grant",
                             "Each partner of a joint bid gets this share of a grant (the bid costs twice that).")
                .sourced("assumption")
        case .refusalWaitWeeks:
            return LeverSpec("behaviour.refusal_wait_weeks", .integer, default: 4, min: 0, max: 520, unit: "weeks",
                             "Weeks an initiative waits after a refusal before it writes again.")
                .sourced("assumption")
        case .maxRefusals:
            return LeverSpec("behaviour.max_refusals", .integer, default: 3, min: 1, max: 100, unit: "refusals",
                             "Refusals in a row (postponements count) after which an initiative ends.")
                .sourced("assumption")
        case .refusalShock:
            return LeverSpec("behaviour.refusal_shock", default: 0.03, min: 0, max: 1, unit: "energy",
                             "Energy an intermediary loses when a case of theirs is refused.")
                .sourced("assumption")
        case .rivalryLossWinner:
            return LeverSpec("behaviour.rivalry_loss_winner", default: 4, min: 0, max: 100, unit: "weight",
                             "Weight of the bad experience of a refused applicant's tie to a member of a funded rival of the round.")
                .sourced("000_4adb60b35140c4ed.txt (tendering fosters rivalry); weight an assumption", plausible: 2...6)
        case .rivalryLossOther:
            return LeverSpec("behaviour.rivalry_loss_other", default: 2, min: 0, max: 100, unit: "weight",
                             "The same, to a member of another refused applicant of the round.")
                .sourced("000_4adb60b35140c4ed.txt; weight an assumption", plausible: 1...3)
        case .rivalryBreakTrust:
            return LeverSpec("behaviour.rivalry_break_trust", default: 0.25, min: 0, max: 1, unit: "trust",
                             "A tie that falls below this trust through rivalry is broken.")
                .sourced("assumption")
        case .roundTableTrust:
            return LeverSpec("behaviour.round_table_trust", default: 0.5, min: 0, max: 1, unit: "trust",
                             "Trust of the ties formed at a collaborative round table and between joint partners' members.")
                .sourced("assumption")
        case .roundTablePairs:
            return LeverSpec("behaviour.round_table_pairs", .integer, default: 4, min: 0, max: 1000, unit: "pairs",
                             "Random member pairs that meet at a round table for each two applicants of a neighbourhood, besides the initiators.")
                .sourced("004_499295810d90f7e4.txt (where worlds mix); count an assumption")
        case .memberExperienceGain:
            return LeverSpec("behaviour.member_experience_gain", default: 0.005, min: 0, max: 1, unit: "per week",
                             "A member's experience X moves to X + g(1 - X) each week in a live initiative.")
                .sourced("assumption")
        case .impactPerHour:
            return LeverSpec("behaviour.impact_per_hour", default: 0.0001, min: 0, max: 0.1, unit: "need per hour per 1,000 residents",
                             "Need removed per effective volunteer hour, per 1,000 residents of the neighbourhood, in proportion to the need left.")
                .sourced("assumption", plausible: 0.00005...0.0002)
        case .adequateWeeklySpend:
            return LeverSpec("behaviour.adequate_weekly_spend", default: 150, min: 1, max: 1_000_000, unit: "euro per week",
                             "Weekly grant spend at which an initiative is adequately funded (maturing and impact at full speed).")
                .sourced("003_f7c79567f57bb671.txt ('it cannot be done on a volunteer basis'); size an assumption", plausible: 75...300)
        case .selfSustainingHazard:
            return LeverSpec("behaviour.self_sustaining_hazard", default: 0.001, min: 0, max: 1, unit: "per week",
                             "Weekly chance a self-sustaining initiative winds down (about 5% a year).")
                .sourced("Bielefeld 1994 (20% of nonprofits closed over 8 years)", plausible: 0.0005...0.002)
        case .sustainFrom:
            return LeverSpec("behaviour.sustain_from", default: 0.15, min: 0, max: 1, unit: "maturity",
                             "Maturity below which an initiative cannot go on without a grant (on maturity alone).")
                .sourced("calibration (docs/CALIBRATION.md)")
        case .sustainAt:
            return LeverSpec("behaviour.sustain_at", default: 0.6, min: 0, max: 1, unit: "maturity",
                             "Maturity above which an initiative surely goes on without a grant (smoothstep between the two).")
                .sourced("calibration (docs/CALIBRATION.md)")
        case .coreSustainBonus:
            return LeverSpec("behaviour.core_sustain_bonus", default: 0.5, min: 0, max: 10, unit: "per unit core share",
                             "Added to the chance of going on at a grant's end, per unit of core share.")
                .sourced("000_4adb60b35140c4ed.txt (core funding); size an assumption", plausible: 0.25...0.75)
        case .championSustainBonus:
            return LeverSpec("behaviour.champion_sustain_bonus", default: 0.1, min: 0, max: 1, unit: "probability",
                             "Added to the chance of going on at a grant's end with an intermediary (a champion).")
                .sourced("Scheirer 2005 (champions)")
        case .strandingChance:
            return LeverSpec("behaviour.stranding_chance", default: 0.8, min: 0, max: 1, unit: "probability",
                             "Chance that an initiative that cannot go on at a grant's end strands (otherwise it seeks new money).")
                .sourced("002_be3409d8dd1ee853.txt (initiatives strand when the subsidy ends)", plausible: 0.6...0.9)
        case .operateTieChance:
            return LeverSpec("behaviour.operate_tie_chance", default: 0.3, min: 0, max: 1, unit: "per initiative-week",
                             "Weekly chance that two members of a running initiative (active or self-sustaining) work together and tie (or strengthen their tie).")
                .sourced("assumption", plausible: 0.15...0.5)
        case .partnerWorkShare:
            return LeverSpec("behaviour.partner_work_share", default: 0.5, min: 0, max: 1, unit: "probability",
                             "Chance that such a pair in a joint initiative is taken with a member of the partner.")
                .sourced("assumption")
        case .operateTieTrust:
            return LeverSpec("behaviour.operate_tie_trust", default: 0.4, min: 0, max: 1, unit: "trust",
                             "Trust of a tie formed by working together.")
                .sourced("assumption")
        case .strandingShock:
            return LeverSpec("behaviour.stranding_shock", default: 0.15, min: 0, max: 1, unit: "energy",
                             "Energy an intermediary loses when a case of theirs strands.")
                .sourced("assumption", plausible: 0.05...0.25)
        case .restFactor:
            return LeverSpec("behaviour.rest_factor", default: 1.5, min: 0, max: 10, unit: "factor",
                             "How much faster an intermediary without cases recovers energy.")
                .sourced("assumption")
        case .energyNoise:
            return LeverSpec("behaviour.energy_noise", default: 0.02, min: 0, max: 1, unit: "energy (sd)",
                             "Standard deviation of the weekly noise on an intermediary's energy.")
                .sourced("assumption")
        case .movingAwayRate:
            return LeverSpec("behaviour.moving_away_rate", default: 0.0004, min: 0, max: 1, unit: "per week",
                             "Weekly chance an intermediary leaves the role for other reasons than burnout (moving away; about 2% a year).")
                .sourced("assumption", plausible: 0.0002...0.001)
        case .emergenceExperience:
            return LeverSpec("behaviour.emergence_experience", default: 0.3, min: 0, max: 1, unit: "experience",
                             "Experience an initiator needs before stepping up as an intermediary.")
                .sourced("assumption")
        case .menteeExperienceGain:
            return LeverSpec("behaviour.mentee_experience_gain", default: 0.01, min: 0, max: 1, unit: "per week",
                             "A mentee's experience X moves to X + g(1 - X) each week of mentoring.")
                .sourced("assumption")
        case .needsDriftRate:
            return LeverSpec("behaviour.needs_drift_rate", default: 0.003, min: 0, max: 1, unit: "per week",
                             "Unmet need N moves to N + d(1 - N) each week.")
                .sourced("assumption", plausible: 0.0015...0.006)
        case .austerityNeedFactor:
            return LeverSpec("behaviour.austerity_need_factor", default: 3, min: 0, max: 100, unit: "factor",
                             "How much the cumulative budget cut speeds the drift of need: d x (1 + factor x cut).")
                .sourced("assumption")
        case .budgetShockBelow:
            return LeverSpec("behaviour.budget_shock_below", default: 0.8, min: 0, max: 1, unit: "share of the old budget",
                             "A mid-run change of funding.annual_budget to below this share of the old value is a shock (budget_shock process).")
                .sourced("assumption")
        case .budgetShockTrustWeight:
            return LeverSpec("behaviour.budget_shock_trust_weight", default: 2, min: 0, max: 100, unit: "weight",
                             "Weight, times the cut's severity, of the bad institutional experience of members of live initiatives at a budget shock.")
                .sourced("003_f7c79567f57bb671.txt, 004_499295810d90f7e4.txt (the leapfrog breaks); weight an assumption", plausible: 1...4)
        case .budgetShockEnergy:
            return LeverSpec("behaviour.budget_shock_energy", default: 0.1, min: 0, max: 1, unit: "energy",
                             "Energy, times the severity, an active intermediary loses at a budget shock.")
                .sourced("assumption")
        case .recognition:
            return LeverSpec("government.recognition", default: 0, min: 0, max: 1, unit: "per initiative-week",
                             "Weekly chance that the municipality recognises a live initiative in contact with a civil servant and plans with it (a contact person, joint plans, visibility), without a grant (0: never).")
                .sourced("001_c8cb483a49676a29.txt point 1 ('initiatives only want money from us' is a false assumption)")
        case .recognitionRetention:
            return LeverSpec("behaviour.recognition_retention", default: 0.5, min: 0, max: 1, unit: "share",
                             "Share by which recognition lowers a recognised initiative's members' leaving chance and, once self-sustaining, its hazard of winding down.")
                .sourced("001_c8cb483a49676a29.txt point 1; size an assumption", plausible: 0.25...0.75)
        case .recognitionTrustWeight:
            return LeverSpec("behaviour.recognition_trust_weight", default: 0.25, min: 0, max: 10, unit: "weight",
                             "Weight of the weekly good institutional experience of one member of a recognised initiative (the contact person, visibility).")
                .sourced("assumption", plausible: 0.1...0.5)
        case .recognitionSustainBonus:
            return LeverSpec("behaviour.recognition_sustain_bonus", default: 0.1, min: 0, max: 1, unit: "probability",
                             "Added to a recognised initiative's chance of going on at a grant's end (joint plans carry it).")
                .sourced("assumption (cf. a champion, Scheirer 2005)")
        case .consultationMode:
            return .choice("government.consultation_mode", Lever.consultationModes, default: "none",
                           "How the municipality learns a neighbourhood's needs: not at all ('none'), at resident evenings (whoever comes), by drawing residents by lot, or by outreach through intermediaries and key persons that brings the under-represented group in.")
                .sourced("001_c8cb483a49676a29.txt point 3 (resident evenings, drawing by lot)")
        case .consultationInterval:
            return LeverSpec("government.consultation_interval", .integer, default: 52, min: 1, max: 520, unit: "weeks",
                             "Weeks between consultations of each neighbourhood.")
                .sourced("assumption (a yearly round of resident evenings)")
        case .consultationAttendees:
            return LeverSpec("government.consultation_attendees", .integer, default: 12, min: 0, max: 1000, unit: "residents per neighbourhood",
                             "Residents who take part in one consultation of a neighbourhood ('a meagre turnout').")
                .sourced("001_c8cb483a49676a29.txt point 3 ('vaak een magere opkomst'); number an assumption", plausible: 6...30)
        case .eveningReachUnderrepresented:
            return LeverSpec("government.evening_reach_underrepresented", default: 0.2, min: 0, max: 1, unit: "ratio",
                             "How likely a resident of the under-represented group is to come to a resident evening, relative to another resident of the same propensity.")
                .sourced("001_c8cb483a49676a29.txt point 3 (attendees few and not diverse); size an assumption", plausible: 0.1...0.5)
        case .consultationEffort:
            return LeverSpec("behaviour.consultation_effort", default: 0.2, min: 0, max: 1, unit: "share",
                             "Share of the need in the themes attendees voted for that the municipality's action after a consultation takes away (times the theme's vote share), for a group that was fully heard.")
                .sourced("assumption", plausible: 0.1...0.4)
        case .displacement:
            return LeverSpec("behaviour.displacement", default: 0.5, min: 0, max: 1, unit: "share",
                             "For a group that was not heard, the action fights symptoms: this share of what it would have taken away moves onto that group instead (the need is displaced, not removed).")
                .sourced("001_c8cb483a49676a29.txt point 3 (symptoombestrijding: the youths move to another field); size an assumption", plausible: 0.25...0.75)
        case .pilotShare:
            return LeverSpec("funding.pilot_share", default: 0, min: 0, max: 1, unit: "share",
                             "Share of each funder's yearly budget set aside for pilot grants: small and fast, decided first come first served without a ranking or quality bar, with light paperwork; an initiative's first money (0: no pilots).")
                .sourced("000_4adb60b35140c4ed.txt (funding for core costs, projects and pilots; small or experimental projects need support that is easy to reach and not subject to competitive bids)")
        case .pilotGrant:
            return LeverSpec("funding.pilot_grant", default: 2500, min: 100, max: 100_000, unit: "euro",
                             "Size of one pilot grant (the same at every funder).")
                .sourced("assumption (below Maak je Stad's smallest grants of 5,000 euro, 001_c8cb483a49676a29.txt)")
        case .pilotWeeks:
            return LeverSpec("funding.pilot_weeks", .integer, default: 26, min: 1, max: 520, unit: "weeks",
                             "Length of a pilot grant; at its end a pilot goes on on its own, strands (behaviour.pilot_stranding_chance) or applies for a project grant.")
                .sourced("assumption (half a year to test an idea)")
        case .pilotDecisionWeeks:
            return LeverSpec("funding.pilot_decision_weeks", default: 2, min: 0, max: 260, unit: "weeks",
                             "Weeks from a pilot application to its decision, before friction (no decision rounds).")
                .sourced("assumption ('easy to reach', 000_4adb60b35140c4ed.txt)")
        case .pilotApplicationShare:
            return LeverSpec("funding.pilot_application_share", default: 0.25, min: 0, max: 1, unit: "share",
                             "Hours of a pilot application as a share of a project application's.")
                .sourced("assumption (000_4adb60b35140c4ed.txt: make applying easier with fewer conditions)")
        case .pilotReportingShare:
            return LeverSpec("funding.pilot_reporting_share", default: 0.25, min: 0, max: 1, unit: "share",
                             "Weekly reporting a pilot owes as a share of a project grant's.")
                .sourced("assumption (000_4adb60b35140c4ed.txt: simpler reporting)")
        case .pilotStrandingChance:
            return LeverSpec("behaviour.pilot_stranding_chance", default: 0.3, min: 0, max: 1, unit: "probability",
                             "Chance that a pilot that does not go on on its own at its end strands; otherwise it applies for a project grant (a pilot was meant to test the idea and lead to a project; cf. behaviour.stranding_chance after a project grant).")
                .sourced("assumption (000_4adb60b35140c4ed.txt: small bottom-up contributions lead to approaches from which successful projects can grow)", plausible: 0...0.8)
        case .conflictRate:
            return LeverSpec("behaviour.conflict_rate", default: 0, min: 0, max: 1, unit: "per initiative-week",
                             "Weekly chance that a running initiative's work goes against the interests of residents of its neighbourhood ('a brilliant idea of one is a thorn in another's eye'); residents of groups the initiative leaves out then lose trust in the institutions that back it (0: no conflicting interests).")
                .sourced("001_c8cb483a49676a29.txt point 4 (conflicting interests, the NIMBY reaction); rate an assumption")
        case .conflictNeighbours:
            return LeverSpec("behaviour.conflict_neighbours", .integer, default: 5, min: 0, max: 1000, unit: "residents",
                             "Residents of the neighbourhood, drawn at random, whom one conflict touches; each of a group the initiative leaves out is harmed with the chance that the group is not among its members (1 - attendees' share over population share, as in consult).")
                .sourced("assumption")
        case .conflictTrustWeight:
            return LeverSpec("behaviour.conflict_trust_weight", default: 1, min: 0, max: 100, unit: "weight",
                             "Weight of the bad institutional experience of a resident harmed by a conflict.")
                .sourced("assumption")
        case .inclusionCheck:
            return LeverSpec("government.inclusion_check", default: 0, min: 0, max: 1, unit: "share",
                             "Before it funds an initiative the municipality asks who has trouble with it and whether it leaves groups out; the plan is adapted and this share of the initiative's later conflicts is avoided, at a cost of behaviour.inclusion_check_weeks times the share added to the decision (0: no check).")
                .sourced("001_c8cb483a49676a29.txt point 4 ('Wie hebben er last van dat probleem? Sluit het initiatief geen groepen buiten?')")
        case .inclusionCheckWeeks:
            return LeverSpec("behaviour.inclusion_check_weeks", default: 4, min: 0, max: 104, unit: "weeks",
                             "Weeks a full inclusion check adds to a municipal decision (project or pilot).")
                .sourced("assumption")
        case .freeHoursShape:
            return LeverSpec("population.free_hours_shape", default: 2, min: 0.1, max: 100, unit: "shape",
                             structural: true, "Shape of the Gamma distribution of residents' free hours a week.")
                .sourced("assumption (mean 6 hours; the hours given average 3.9, close to CBS's 'a little over 4', docs/CALIBRATION.md)")
        case .freeHoursScale:
            return LeverSpec("population.free_hours_scale", default: 3, min: 0.1, max: 100, unit: "hours per week",
                             structural: true, "Scale of the Gamma distribution of residents' free hours a week.")
                .sourced("assumption (see population.free_hours_shape)")
        case .trustCommunityAlpha:
            return LeverSpec("population.trust_community_alpha", default: 5, min: 0.1, max: 100, unit: "Beta shape a",
                             structural: true, "Initial community trust ~ Beta(a, b); its mean a/(a+b) is also the prior that community trust fades back to (7.1).")
                .sourced("assumption (mean 0.5)")
        case .trustCommunityBeta:
            return LeverSpec("population.trust_community_beta", default: 5, min: 0.1, max: 100, unit: "Beta shape b",
                             structural: true, "Second shape of the initial community trust's Beta distribution.")
                .sourced("assumption (mean 0.5)")
        case .experienceAlpha:
            return LeverSpec("population.experience_alpha", default: 1, min: 0.1, max: 100, unit: "Beta shape a",
                             structural: true, "Initial volunteering experience ~ Beta(a, b).")
                .sourced("assumption (mean 0.1)")
        case .experienceBeta:
            return LeverSpec("population.experience_beta", default: 9, min: 0.1, max: 100, unit: "Beta shape b",
                             structural: true, "Second shape of the initial experience's Beta distribution.")
                .sourced("assumption (mean 0.1)")
        case .needMin:
            return LeverSpec("population.need_min", default: 0.3, min: 0, max: 1, unit: "need",
                             structural: true, "Lowest initial unmet need of a neighbourhood and theme: need ~ U(need_min, need_min + need_spread), for both groups' needs.")
                .sourced("assumption")
        case .needSpread:
            return LeverSpec("population.need_spread", default: 0.4, min: 0, max: 1, unit: "need",
                             structural: true, "Width of the uniform distribution of initial unmet need.")
                .sourced("assumption")
        case .servantOpennessAlpha:
            return LeverSpec("population.servant_openness_alpha", default: 2, min: 0.1, max: 100, unit: "Beta shape a",
                             structural: true, "A civil servant's initial openness ~ Beta(a, b).")
                .sourced("assumption (mean 0.4)")
        case .servantOpennessBeta:
            return LeverSpec("population.servant_openness_beta", default: 3, min: 0.1, max: 100, unit: "Beta shape b",
                             structural: true, "Second shape of the initial openness's Beta distribution.")
                .sourced("assumption (mean 0.4)")
        case .intermediaryExperienceMin:
            return LeverSpec("population.intermediary_experience_min", default: 0.5, min: 0, max: 1, unit: "experience",
                             structural: true, "An initial intermediary's experience ~ U(min, min + spread).")
                .sourced("assumption")
        case .intermediaryExperienceSpread:
            return LeverSpec("population.intermediary_experience_spread", default: 0.5, min: 0, max: 1, unit: "experience",
                             structural: true, "Width of the initial intermediaries' experience distribution.")
                .sourced("assumption")
        case .intermediaryEnergyMin:
            return LeverSpec("population.intermediary_energy_min", default: 0.6, min: 0, max: 1, unit: "energy",
                             structural: true, "An initial intermediary's energy ~ U(min, min + spread).")
                .sourced("assumption")
        case .intermediaryEnergySpread:
            return LeverSpec("population.intermediary_energy_spread", default: 0.4, min: 0, max: 1, unit: "energy",
                             structural: true, "Width of the initial intermediaries' energy distribution.")
                .sourced("assumption")
        case .tieLocality:
            return LeverSpec("network.locality", default: 0.9, min: 0, max: 1, unit: "probability",
                             structural: true, "Chance that a try for an initial tie looks for its partner in the resident's own neighbourhood (else in the whole population).")
                .sourced("assumption")
        case .tieTries:
            return LeverSpec("network.tie_tries", .integer, default: 5, min: 1, max: 1000, unit: "tries",
                             structural: true, "Tries of one attempt to make an initial tie (the attempt ends at the first tie made).")
                .sourced("assumption")
        case .tieTrustMin:
            return LeverSpec("network.tie_trust_min", default: 0.4, min: 0, max: 1, unit: "trust",
                             structural: true, "An initial tie's trust ~ U(min, min + spread), at both ends.")
                .sourced("assumption")
        case .tieTrustSpread:
            return LeverSpec("network.tie_trust_spread", default: 0.4, min: 0, max: 1, unit: "trust",
                             structural: true, "Width of the initial ties' trust distribution.")
                .sourced("assumption")
        case .membersPerInvitation:
            return LeverSpec("behaviour.members_per_invitation", .integer, default: 4, min: 1, max: 1000, unit: "members",
                             "An initiative below its target size sends 1 + members / this (integer division) invitations a week.")
                .sourced("assumption")
        case .inviteTrustOffset:
            return LeverSpec("behaviour.invite_trust_offset", default: 0.5, min: 0, max: 10, unit: "trust",
                             "Added to the inviting tie's trust in the chance to join: invite_factor x propensity x (offset + trust).")
                .sourced("assumption")
        case .writingShare:
            return LeverSpec("behaviour.writing_share", default: 0.5, min: 0, max: 1, unit: "share",
                             "Share of a member's hours a week that goes to writing an application.")
                .sourced("assumption")
        case .writingMinHours:
            return LeverSpec("behaviour.writing_min_hours", default: 0.5, min: 0, max: 40, unit: "hours per week",
                             "Least hours a member writes a week, whatever its free hours.")
                .sourced("assumption")
        case .scoreExperienceFull:
            return LeverSpec("behaviour.score_experience_full", default: 0.5, min: 0.01, max: 1, unit: "experience",
                             "Mean member experience at which an application's experience term is full: min(1, experience / this).")
                .sourced("assumption")
        case .scoreEnergyFloor:
            return LeverSpec("behaviour.score_energy_floor", default: 0.5, min: 0, max: 1, unit: "share",
                             "The intermediary term of a score counts floor + (1 - floor) x the intermediary's energy.")
                .sourced("assumption")
        case .scoreKeynessFloor:
            return LeverSpec("behaviour.score_keyness_floor", default: 0.5, min: 0, max: 1, unit: "share",
                             "The civil servant term of a score counts floor + (1 - floor) x the servant's keyness.")
                .sourced("assumption")
        case .collaborativeRefusalWeight:
            return LeverSpec("behaviour.collaborative_refusal_weight", default: 0.5, min: 0, max: 10, unit: "weight",
                             "Weight of members' bad institutional experience at a refusal in a collaborative round (1 in competitive rounds and for ineligible applications).")
                .sourced("assumption (a shared table softens a refusal)")
        case .supportedMaturationGain:
            return LeverSpec("behaviour.supported_maturation_gain", default: 1, min: 0, max: 10, unit: "factor",
                             "An intermediary's support speeds maturing by (1 + this).")
                .sourced("assumption (Igalla et al. 2019: boundary spanners)")
        case .coreMaturationGain:
            return LeverSpec("behaviour.core_maturation_gain", default: 2, min: 0, max: 10, unit: "factor per unit core share",
                             "Core funding speeds maturing by (1 + this x core share).")
                .sourced("000_4adb60b35140c4ed.txt (core funding for stability); size an assumption")
        case .maturationMoneyFloor:
            return LeverSpec("behaviour.maturation_money_floor", default: 0.3, min: 0, max: 1, unit: "share",
                             "Share of the maturing speed left to an initiative whose grant is far too small: floor + (1 - floor) x adequacy.")
                .sourced("assumption")
        case .selfSustainingMaturationShare:
            return LeverSpec("behaviour.self_sustaining_maturation_share", default: 0.5, min: 0, max: 10, unit: "share",
                             "A self-sustaining initiative matures at this share of behaviour.maturation_rate.")
                .sourced("assumption")
        case .moneyBoostFloor:
            return LeverSpec("behaviour.money_boost_floor", default: 0.5, min: 0, max: 10, unit: "factor",
                             "Impact boost of an active initiative: floor + min(1, weekly spend / adequate weekly spend).")
                .sourced("assumption (money buys materials, space and a coordinator)")
        case .selfSustainingBoost:
            return LeverSpec("behaviour.self_sustaining_boost", default: 0.8, min: 0, max: 10, unit: "factor",
                             "Impact boost of a self-sustaining initiative (no grant money).")
                .sourced("assumption")
        case .peerSupportCushion:
            return LeverSpec("behaviour.peer_support_cushion", default: 0.6, min: 0, max: 1, unit: "share per unit peer support",
                             "Share of an intermediary's case demand that peer support takes away: min(cap, this x capacity_building.peer_support).")
                .sourced("000_4adb60b35140c4ed.txt (learning networks); Bakker & Demerouti (2007) resources; size an assumption")
        case .peerSupportCap:
            return LeverSpec("behaviour.peer_support_cap", default: 0.9, min: 0, max: 1, unit: "share",
                             "Most of the case demand peer support can take away.")
                .sourced("assumption")
        case .peerEmergenceGain:
            return LeverSpec("behaviour.peer_emergence_gain", default: 2, min: 0, max: 100, unit: "factor per unit peer support",
                             "Capacity building speeds the emergence of new intermediaries by (1 + this x peer support).")
                .sourced("000_4adb60b35140c4ed.txt (invest in the next generation of SUIs); size an assumption")
        case .peerMentoringGain:
            return LeverSpec("behaviour.peer_mentoring_gain", default: 1, min: 0, max: 100, unit: "factor per unit peer support",
                             "Capacity building speeds mentoring by (1 + this x peer support).")
                .sourced("assumption")
        case .emergenceSupportedFactor:
            return LeverSpec("behaviour.emergence_supported_factor", default: 1.5, min: 0, max: 100, unit: "factor",
                             "An initiator whose initiative has an intermediary steps up as one this many times as often.")
                .sourced("assumption (learning from the connector, 002_be3409d8dd1ee853.txt)")
        case .newIntermediaryEnergyMin:
            return LeverSpec("behaviour.new_intermediary_energy_min", default: 0.8, min: 0, max: 1, unit: "energy",
                             "A new (emergent) intermediary's energy ~ U(min, min + spread).")
                .sourced("assumption")
        case .newIntermediaryEnergySpread:
            return LeverSpec("behaviour.new_intermediary_energy_spread", default: 0.2, min: 0, max: 1, unit: "energy",
                             "Width of a new intermediary's energy distribution.")
                .sourced("assumption")
        case .successorEnergy:
            return LeverSpec("behaviour.successor_energy", default: 0.8, min: 0, max: 1, unit: "energy",
                             "Energy of a successor taking over.")
                .sourced("assumption")
        case .servantTiesPerReach:
            return LeverSpec("behaviour.servant_ties_per_reach", default: 2, min: 0, max: 100, unit: "ties per unit reach",
                             "A new intermediary draws max(1, round(this x its kind's reach)) civil servants as institutional ties.")
                .sourced("assumption")
        case .servantTieTrust:
            return LeverSpec("behaviour.servant_tie_trust", default: 0.5, min: 0, max: 1, unit: "trust",
                             "A new intermediary's trust in each of its civil servant ties.")
                .sourced("assumption")
        case .outreachBaseShare:
            return LeverSpec("behaviour.outreach_base_share", default: 0.5, min: 0, max: 10, unit: "factor",
                             "Outreach contacts an hour are contacts_per_hour x (this + the share of key persons among civil servants).")
                .sourced("assumption")
        case .shadowWage:
            return LeverSpec("economics.shadow_wage", default: 15, min: 0, max: 200, unit: "euro per hour",
                             "Value of one volunteer hour, for volunteer_value_eur.")
                .sourced("assumption (replacement cost of an hour)")
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
