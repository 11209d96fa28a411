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
        "infrastructure.meeting_places": "Meeting places",
        "capacity_building.peer_support": "Peer support",
        "austerity.budget_cut_per_year": "Budget cut per year",
        "austerity.programme_cut_week": "Week the programme is cut",
        "austerity.programme_cut_weeks": "Length of the programme cut",
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
        "behaviour.encounters_per_week": "Encounters per week",
        "behaviour.good_encounter_share": "Share of good encounters",
        "behaviour.burnout_threshold": "Burnout threshold",
        "behaviour.recovery_rate": "Recovery rate of intermediaries",
        "behaviour.case_demand": "Case demand on intermediaries",
        "behaviour.spark_rate": "Rate of new ideas",
        "behaviour.emergence_rate": "Emergence rate of initiatives",
        "behaviour.maturation_rate": "Maturation rate of initiatives",
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
        "participation_rate": "Participation rate",
        "participation_rate_underrepresented": "Participation rate, under-represented group",
        "application_hours_refused": "Hours lost on refused applications (total)",
        "strandings": "Strandings per week",
        "strandings_after_grant_end_total": "Strandings soon after a grant ended (total)",
        "applications_total": "Applications decided (total)",
        "grants_awarded_total": "Grants awarded (total)",
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
