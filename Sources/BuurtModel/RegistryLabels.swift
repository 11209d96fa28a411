import BuurtCore

/// Plain-language English labels for every lever and metric, keyed by the registry name, for chart
/// titles, axes, legends and report headings (the dotted name stays in small type for scripts).
///
/// The registries in `Lever.swift` and `Metric.swift` stay the one list of names: this file only
/// adds a label to names declared there, and a test checks that every declared name has one and
/// that no label names something undeclared.
public enum RegistryLabels {
    public static let levers: [String: String] = [
        "funding.grant_size": "Grant size",
        "funding.annual_budget": "Annual budget per funder",
        "funding.core_share": "Core-funding share of a grant",
        "funding.term_weeks": "Grant term",
        "funding.mode": "Funding mode",
        "funding.earmark": "Earmarked theme",
        "funding.earmark_strictness": "Earmark strictness",
        "funding.use_it_or_lose_it": "Use-it-or-lose-it budget",
        "funding.application_hours": "Hours to write an application",
        "funding.decision_weeks": "Weeks to a funding decision",
        "funding.reporting_hours": "Reporting hours per grant",
        "funding.rounds_per_year": "Funding rounds per year",
        "funding.quality_bar": "Quality bar for a grant",
        "bureaucracy.friction": "Bureaucratic friction",
        "bureaucracy.delay_factor": "Bureaucratic delay factor",
        "succession.planning": "Succession planning",
        "succession.mentoring_weeks": "Mentoring weeks for a successor",
        "succession.tie_transfer": "Ties passed to a successor",
        "government.open_share": "Share of open civil servants",
        "government.outreach_hours": "Outreach hours of civil servants",
        "government.learning_rate": "Learning rate of civil servants",
        "government.recognition": "Recognition without a grant",
        "government.inclusion_check": "Municipality's inclusion check before funding",
        "behaviour.inclusion_check_weeks": "Weeks an inclusion check adds to a decision",
        "behaviour.conflict_rate": "Conflicting interests per initiative-week",
        "behaviour.conflict_neighbours": "Residents one conflict touches",
        "behaviour.conflict_trust_weight": "Trust lost in a conflict",
        "behaviour.pilot_stranding_chance": "Chance a pilot strands at its end",
        "funding.pilot_share": "Share of the budget for pilot grants",
        "funding.pilot_grant": "Pilot grant size",
        "funding.pilot_weeks": "Pilot grant term",
        "funding.pilot_decision_weeks": "Weeks to a pilot decision",
        "funding.pilot_application_share": "Pilot application hours (share of a project's)",
        "funding.pilot_reporting_share": "Pilot reporting (share of a project's)",
        "government.consultation_mode": "How the municipality consults residents",
        "government.consultation_interval": "Weeks between consultations",
        "government.consultation_attendees": "Residents at a consultation",
        "government.evening_reach_underrepresented": "Reach of resident evenings among the under-represented",
        "behaviour.consultation_effort": "Need taken away after a consultation",
        "behaviour.displacement": "Need displaced onto groups not heard",
        "behaviour.recognition_retention": "How much recognition keeps members",
        "behaviour.recognition_trust_weight": "Trust gained from recognition",
        "behaviour.recognition_sustain_bonus": "Recognition's boost to going on after a grant",
        "government.key_person_friction_cut": "Friction a key person takes away",
        "government.key_person_openness_floor": "Least openness of a key person",
        "government.openness_key_offset": "Openness needed to act as a key person",
        "infrastructure.meeting_places": "Meeting places",
        "capacity_building.peer_support": "Peer support",
        "austerity.budget_cut_per_year": "Budget cut per year",
        "austerity.programme_cut_week": "Week the programme is cut",
        "austerity.programme_cut_weeks": "Length of the programme cut",
        "behaviour.needs_drift_rate": "Growth of unmet need",
        "behaviour.austerity_need_factor": "Faster need growth from budget cuts",
        "behaviour.budget_shock_below": "Budget cut that counts as a shock",
        "behaviour.budget_shock_trust_weight": "Trust lost at a budget shock",
        "behaviour.budget_shock_energy": "Energy lost at a budget shock",
        "population.residents": "Residents",
        "population.neighbourhoods": "Neighbourhoods",
        "population.intermediaries": "Intermediaries at the start",
        "population.civil_servants": "Civil servants",
        "population.funders": "Funders",
        "population.newcomer_share": "Share of newcomers",
        "population.underrepresented_share": "Share of the under-represented group",
        "network.mean_degree": "Mean number of ties",
        "network.homophily": "Homophily of ties",
        "behaviour.trust_gain": "Trust gained per good encounter",
        "behaviour.trust_asymmetry": "Trust asymmetry (bad over good)",
        "behaviour.trust_forgetting": "Trust forgetting rate",
        "behaviour.trust_model": "Trust rule",
        "behaviour.trust_memory": "Experiences behind a trust value",
        "behaviour.trust_diffusion": "Trust passed on in a good encounter",
        "behaviour.community_trust_weight": "Weight of an encounter for community trust",
        "behaviour.encounters_per_week": "Encounters per week",
        "behaviour.good_encounter_share": "Share of good encounters",
        "behaviour.random_encounter_base": "Chance of a random encounter",
        "behaviour.random_encounter_per_place": "Random encounters added per meeting place",
        "behaviour.random_encounter_max": "Highest chance of a random encounter",
        "behaviour.same_initiative_good_bonus": "Better encounters within an initiative",
        "behaviour.cross_group_good_penalty": "Worse encounters across groups",
        "behaviour.reciprocity_memory": "Memory of give and take in a tie",
        "behaviour.one_sided_balance": "When a tie counts as one-sided",
        "behaviour.one_sided_penalty": "Weight of a one-sided tie",
        "behaviour.tie_break_trust": "Trust at which a tie breaks",
        "behaviour.tie_drop_chance": "Chance a tie drifts apart",
        "behaviour.new_tie_chance": "Chance a random encounter becomes a tie",
        "behaviour.new_tie_trust": "Trust of a new tie",
        "behaviour.burnout_threshold": "Burnout threshold",
        "behaviour.recovery_rate": "Recovery rate of intermediaries",
        "behaviour.case_demand": "Case demand on intermediaries",
        "behaviour.refusal_shock": "Energy lost at a refusal",
        "behaviour.stranding_shock": "Energy lost at a stranding",
        "behaviour.rest_factor": "Faster recovery without cases",
        "behaviour.energy_noise": "Weekly ups and downs in energy",
        "behaviour.moving_away_rate": "Chance an intermediary moves away",
        "behaviour.spark_rate": "Rate of new ideas",
        "behaviour.spark_intermediary_boost": "More ideas through an intermediary",
        "behaviour.initiative_size_min": "Smallest initiative wanted",
        "behaviour.initiative_size_max": "Largest initiative wanted",
        "behaviour.forming_weeks_min": "Shortest time to form an initiative",
        "behaviour.forming_weeks_max": "Longest time to form an initiative",
        "behaviour.leave_rate": "Chance a member leaves",
        "behaviour.reporting_leave": "Members leaving over reporting",
        "behaviour.waiting_leave": "Members leaving while waiting",
        "behaviour.low_hours_leave": "Members leaving for lack of time",
        "behaviour.low_hours": "Too few free hours",
        "behaviour.invite_factor": "Pull of an invitation",
        "behaviour.active_invite_boost": "Extra pull of an initiative on a grant",
        "behaviour.outreach_contacts_per_hour": "Residents reached per outreach hour",
        "behaviour.outreach_redraws": "Tries to reach the under-represented group",
        "behaviour.outreach_join_factor": "Pull of outreach",
        "behaviour.broker_trust_weight": "Trust built by an intermediary",
        "behaviour.self_search_rate": "Chance an initiative finds a civil servant itself",
        "behaviour.self_search_friction_damping": "Friction's brake on searching alone",
        "behaviour.servants_asked": "Civil servants an intermediary asks",
        "behaviour.supported_writing_factor": "Writing time with an intermediary's help",
        "behaviour.waiting_bad_experience": "Bad experiences while waiting",
        "behaviour.give_up_rate": "Chance an initiative gives up",
        "behaviour.give_up_trust_weight": "Trust lost when an initiative gives up",
        "behaviour.redesign_hours_share": "Hours to adapt an application",
        "behaviour.score_experience_weight": "Score weight of experience",
        "behaviour.score_size_weight": "Score weight of size",
        "behaviour.score_size_full": "Members for a full size score",
        "behaviour.score_intermediary_weight": "Score weight of intermediary support",
        "behaviour.score_servant_weight": "Score weight of a civil servant contact",
        "behaviour.score_crowd_weight": "Score weight of reach in crowdfunding",
        "behaviour.score_crowd_reach": "Ties for a full crowdfunding reach",
        "behaviour.score_formalities": "Score lost to formalities",
        "behaviour.score_formalities_supported": "Formalities loss with an intermediary",
        "behaviour.score_noise": "Chance in a score",
        "behaviour.joint_bonus": "Score bonus for a joint bid",
        "behaviour.joint_share": "Share of a grant per joint partner",
        "behaviour.refusal_wait_weeks": "Weeks to wait after a refusal",
        "behaviour.max_refusals": "Refusals before an initiative ends",
        "behaviour.rivalry_loss_winner": "Rivalry with a funded rival",
        "behaviour.rivalry_loss_other": "Rivalry with another refused applicant",
        "behaviour.rivalry_break_trust": "Trust at which rivalry breaks a tie",
        "behaviour.round_table_trust": "Trust of round-table ties",
        "behaviour.round_table_pairs": "Pairs meeting at a round table",
        "behaviour.member_experience_gain": "Experience gained by members",
        "behaviour.impact_per_hour": "Need removed per volunteer hour",
        "behaviour.adequate_weekly_spend": "Adequate grant spend per week",
        "behaviour.operate_tie_chance": "Ties from working together",
        "behaviour.partner_work_share": "Working with the joint partner",
        "behaviour.operate_tie_trust": "Trust of a tie from working together",
        "behaviour.emergence_rate": "Emergence rate of initiatives",
        "behaviour.emergence_experience": "Experience to become an intermediary",
        "behaviour.mentee_experience_gain": "Experience gained by a successor",
        "behaviour.maturation_rate": "Maturation rate of initiatives",
        "behaviour.self_sustaining_hazard": "Chance a self-sustaining initiative winds down",
        "behaviour.sustain_from": "Maturity below which no initiative goes on",
        "behaviour.sustain_at": "Maturity above which an initiative goes on",
        "behaviour.core_sustain_bonus": "Going on thanks to core funding",
        "behaviour.champion_sustain_bonus": "Going on thanks to an intermediary",
        "behaviour.stranding_chance": "Chance an initiative strands",
        "behaviour.volunteer_hours": "Volunteer hours offered",
        "economics.shadow_wage": "Shadow wage of volunteer hours",
        "simulation.ticks": "Weeks simulated",
        "simulation.seed": "Seed",
    ]

    public static let metrics: [String: String] = [
        "active_initiatives": "Initiatives on a grant",
        "self_sustaining_initiatives": "Self-sustaining initiatives",
        "sustained_total": "Initiatives that went on after a grant (total)",
        "stranded_total": "Stranded initiatives (total)",
        "new_initiatives": "New initiatives per week",
        "funded_initiatives": "Funded initiatives (total)",
        "mean_trust_institutions": "Trust in institutions",
        "mean_trust_community": "Trust in the community",
        "trust_institutions_underrepresented": "Trust in institutions, under-represented group",
        "trust_institutions_participants": "Trust in institutions, residents who took part or were consulted",
        "trust_institutions_non_participants": "Trust in institutions, residents who never took part or were consulted",
        "active_intermediaries": "Active intermediaries",
        "burnouts_total": "Intermediary burnouts (total)",
        "successions_total": "Intermediary successions (total)",
        "volunteers": "Volunteers",
        "volunteer_hours": "Volunteer hours per week",
        "grant_spent_eur": "Grant money spent per week",
        "volunteer_value_eur": "Value of volunteer hours per week",
        "bridging_tie_share": "Share of bridging ties",
        "bridging_ties_per_resident": "Bridging ties per resident",
        "bridging_tie_growth": "Growth of bridging ties per resident",
        "mean_unmet_need": "Unmet need",
        "mean_unmet_need_underrepresented": "Unmet need, under-represented group",
        "consultation_share_underrepresented": "Share of consultation attendees from the under-represented group",
        "participation_rate": "Participation rate",
        "participation_rate_underrepresented": "Participation rate, under-represented group",
        "application_hours_refused": "Hours lost on refused applications (total)",
        "strandings": "Strandings per week",
        "strandings_after_grant_end_total": "Strandings soon after a grant ended (total)",
        "applications_total": "Applications decided (total)",
        "grants_awarded_total": "Grants awarded (total)",
        "pilot_grants_total": "Pilot grants awarded (total)",
        "conflicts_total": "Residents harmed by conflicting interests (total)",
        "grant_spent_total_eur": "Grant money spent (total)",
        "impact_total": "Unmet need removed (total)",
        "joint_initiatives": "Initiatives on a joint grant",
        "contacted_initiatives_total": "Initiatives that reached a civil servant (total)",
        "mean_intermediary_energy": "Energy of intermediaries",
        "mean_openness": "Openness of civil servants",
        "live_initiatives": "Live initiatives",
        "grant_success_rate": "Grant success rate",
        "hours_per_volunteer": "Hours per volunteer per week",
        "survival_after_grant": "Survival two years after a grant",
    ]

    /// The words a summary suffix adds to a metric's label.
    public static func summaryText(_ suffix: String) -> String {
        switch suffix {
        case "_final": return "final value"
        case "_lastyear": return "last year mean"
        case "_mean": return "mean over the run"
        default: return ""
        }
    }

    /// A readable fallback for a name without a label: the last dotted part, spaces for underscores.
    static func fallback(_ name: String) -> String {
        let tail = name.split(separator: ".").last.map(String.init) ?? name
        let words = tail.replacingOccurrences(of: "_", with: " ")
        return words.prefix(1).uppercased() + words.dropFirst()
    }

    /// The label of a lever by registry name.
    public static func lever(_ name: String) -> String { levers[name] ?? fallback(name) }
    /// The label of a metric by registry name.
    public static func metric(_ name: String) -> String { metrics[name] ?? fallback(name) }
    /// The label of a summary column such as `self_sustaining_initiatives_lastyear`
    /// ("Self-sustaining initiatives, last year mean"); a bare metric name gets its label.
    public static func summaryColumn(_ column: String) -> String {
        for suffix in MetricRegistry.summarySuffixes where column.hasSuffix(suffix) {
            let base = String(column.dropLast(suffix.count))
            if Metric.registry.index(of: base) != nil { return metric(base) + ", " + summaryText(suffix) }
        }
        return metric(column)
    }
}

extension Lever {
    /// Plain-language label (`RegistryLabels.levers`).
    public var label: String { RegistryLabels.lever(spec.name) }
}

extension Metric {
    /// Plain-language label (`RegistryLabels.metrics`).
    public var label: String { RegistryLabels.metric(spec.name) }
}
