import BuurtCore

/// Every outcome metric, declared once; collected each tick, written as CSV columns, summarised
/// as `<name>_final` and `<name>_mean`, and streamed to the live page, all from this list.
public enum Metric: Int, CaseIterable, Sendable {
    case activeInitiatives, selfSustainingInitiatives, sustainedTotal, strandedTotal, newInitiatives, fundedInitiatives
    case meanTrustInstitutions, meanTrustCommunity, trustInstitutionsUnderrepresented
    case activeIntermediaries, burnoutsTotal, successionsTotal
    case volunteers, volunteerHours, grantSpentEur, volunteerValueEur
    case bridgingTieShare, bridgingTiesPerResident, bridgingTieGrowth, meanUnmetNeed, participationRate, participationRateUnderrepresented
    case applicationHoursRefused
    // Beyond the brief's list: what the validation and calibration need.
    case strandings, strandingsAfterGrantEndTotal, applicationsTotal, grantsAwardedTotal
    case grantSpentTotalEur, impactTotal, jointInitiatives, contactedInitiativesTotal
    case meanIntermediaryEnergy, meanOpenness, liveInitiatives
    // Calibration targets (docs/CALIBRATION.md).
    case grantSuccessRate, hoursPerVolunteer, survivalAfterGrant
    // Where the mechanisms act: those who took part against those who did not.
    case trustInstitutionsParticipants, trustInstitutionsNonParticipants
    case meanUnmetNeedUnderrepresented, consultationShareUnderrepresented
    case pilotGrantsTotal, conflictsTotal

    public var spec: MetricSpec {
        switch self {
        case .activeInitiatives: return MetricSpec("active_initiatives", unit: "initiatives", count: true,
            "Initiatives running on a grant this week.")
        case .selfSustainingInitiatives: return MetricSpec("self_sustaining_initiatives", unit: "initiatives", count: true,
            "Initiatives going on without a grant after one ended.")
        case .sustainedTotal: return MetricSpec("sustained_total", unit: "initiatives", count: true,
            "Initiatives that went on without a grant after one ended, so far (cumulative).")
        case .strandedTotal: return MetricSpec("stranded_total", unit: "initiatives", count: true,
            "Initiatives stranded so far (cumulative).")
        case .newInitiatives: return MetricSpec("new_initiatives", unit: "initiatives per week", count: true,
            "Ideas started this week.")
        case .fundedInitiatives: return MetricSpec("funded_initiatives", unit: "initiatives", count: true,
            "Initiatives that have received at least one grant so far (cumulative).")
        case .meanTrustInstitutions: return MetricSpec("mean_trust_institutions", unit: "trust (0-1)", range: "0 .. 1",
            "Mean resident trust in institutions.")
        case .meanTrustCommunity: return MetricSpec("mean_trust_community", unit: "trust (0-1)", range: "0 .. 1",
            "Mean resident trust in the community.")
        case .trustInstitutionsUnderrepresented: return MetricSpec("trust_institutions_underrepresented", unit: "trust (0-1)",
            range: "0 .. 1", "Mean trust in institutions of the under-represented group.")
        case .activeIntermediaries: return MetricSpec("active_intermediaries", unit: "intermediaries", count: true,
            "Residents in the intermediary role.")
        case .burnoutsTotal: return MetricSpec("burnouts_total", unit: "intermediaries", count: true,
            "Intermediaries burnt out so far (cumulative).")
        case .successionsTotal: return MetricSpec("successions_total", unit: "intermediaries", count: true,
            "Intermediaries who left the role (burnout or moving away) and were replaced by the successor they mentored (cumulative).")
        case .volunteers: return MetricSpec("volunteers", unit: "residents", count: true,
            "Residents who are members of a live initiative (forming, seeking funds, active or self-sustaining) this week.")
        case .volunteerHours: return MetricSpec("volunteer_hours", unit: "hours per week", range: ">= 0",
            "Volunteer hours given this week.")
        case .grantSpentEur: return MetricSpec("grant_spent_eur", unit: "euro per week", range: ">= 0",
            "Grant money spent by initiatives this week.")
        case .volunteerValueEur: return MetricSpec("volunteer_value_eur", unit: "euro per week", range: ">= 0",
            "Volunteer hours this week times the shadow wage.")
        case .bridgingTieShare: return MetricSpec("bridging_tie_share", unit: "share", range: "0 .. 1",
            "Share of social ties that join residents of different groups.")
        case .bridgingTiesPerResident: return MetricSpec("bridging_ties_per_resident", unit: "ties per resident", range: ">= 0",
            "Bridging ties (between residents of different groups) per resident: the bridging social capital.")
        case .bridgingTieGrowth: return MetricSpec("bridging_tie_growth", unit: "ties per resident", range: "any",
            "Bridging ties per resident now minus at the start: the bridging social capital built (or lost) in the run.")
        case .meanUnmetNeed: return MetricSpec("mean_unmet_need", unit: "need (0-1)", range: "0 .. 1",
            "Mean unmet need over neighbourhoods and themes, as the established residents and newcomers feel it (the need ideas start from).")
        case .participationRate: return MetricSpec("participation_rate", unit: "share", range: "0 .. 1",
            "Share of residents active in an initiative at some time in the last 52 weeks.")
        case .participationRateUnderrepresented: return MetricSpec("participation_rate_underrepresented", unit: "share",
            range: "0 .. 1", "The same, for the under-represented group.")
        case .applicationHoursRefused: return MetricSpec("application_hours_refused", unit: "hours", range: ">= 0",
            "Hours spent writing applications that were refused (cumulative).")
        case .strandings: return MetricSpec("strandings", unit: "initiatives per week", count: true,
            "Initiatives stranded this week.")
        case .strandingsAfterGrantEndTotal: return MetricSpec("strandings_after_grant_end_total", unit: "initiatives", count: true,
            "Strandings within 8 weeks after a grant ended (cumulative).")
        case .applicationsTotal: return MetricSpec("applications_total", unit: "applications", count: true,
            "Applications decided so far (cumulative).")
        case .grantsAwardedTotal: return MetricSpec("grants_awarded_total", unit: "grants", count: true,
            "Grants awarded so far (cumulative).")
        case .grantSpentTotalEur: return MetricSpec("grant_spent_total_eur", unit: "euro", range: ">= 0",
            "Grant money spent so far (cumulative).")
        case .impactTotal: return MetricSpec("impact_total", unit: "need-points", range: ">= 0",
            "Unmet need removed by initiatives so far, in neighbourhood-theme need units (cumulative).")
        case .jointInitiatives: return MetricSpec("joint_initiatives", unit: "initiatives", count: true,
            "Running initiatives that were funded through a joint application.")
        case .contactedInitiativesTotal: return MetricSpec("contacted_initiatives_total", unit: "initiatives", count: true,
            "Initiatives that reached a civil servant of the right department so far (cumulative).")
        case .meanIntermediaryEnergy: return MetricSpec("mean_intermediary_energy", unit: "energy (0-1)", range: "0 .. 1", zeroWhen: "while no intermediary is active",
            "Mean energy of active intermediaries (0 when there are none).")
        case .meanOpenness: return MetricSpec("mean_openness", unit: "openness (0-1)", range: "0 .. 1",
            "Mean openness of civil servants.")
        case .grantSuccessRate: return MetricSpec("grant_success_rate", unit: "share", range: "0 .. 1", zeroWhen: "before the first decision",
            "Grants awarded over applications decided, so far (0 before the first decision).")
        case .hoursPerVolunteer: return MetricSpec("hours_per_volunteer", unit: "hours per week", range: ">= 0", zeroWhen: "in a week without volunteers",
            "Volunteer hours this week per volunteer (0 in a week without volunteers).")
        case .survivalAfterGrant: return MetricSpec("survival_after_grant", unit: "share", range: "0 .. 1", zeroWhen: "until some initiative's last grant ended two years ago",
            "Of the initiatives whose last grant ended at least two years ago, the share still running two years after it ended (Scheirer 2005; 0 until there is such an initiative, so read it in runs of several years).")
        case .trustInstitutionsParticipants: return MetricSpec("trust_institutions_participants", unit: "trust (0-1)", range: "0 .. 1", zeroWhen: "while nobody has taken part",
            "Mean trust in institutions of residents who have taken part in an initiative or a consultation of the municipality at some time in the run (0 when none has).")
        case .trustInstitutionsNonParticipants: return MetricSpec("trust_institutions_non_participants", unit: "trust (0-1)", range: "0 .. 1", zeroWhen: "once everybody has taken part",
            "Mean trust in institutions of residents who have never taken part in an initiative or a consultation in the run (0 when all have).")
        case .meanUnmetNeedUnderrepresented: return MetricSpec("mean_unmet_need_underrepresented", unit: "need (0-1)", range: "0 .. 1",
            "Mean unmet need over neighbourhoods and themes, as the under-represented group feels it (SF10).")
        case .consultationShareUnderrepresented: return MetricSpec("consultation_share_underrepresented", unit: "share", range: "0 .. 1", zeroWhen: "before the first consultation",
            "Share of the last consultation's attendees from the under-represented group (0 before the first, and without consultation).")
        case .pilotGrantsTotal: return MetricSpec("pilot_grants_total", unit: "grants", count: true,
            "Pilot grants awarded so far (cumulative; also counted in grants_awarded_total) (SF12).")
        case .conflictsTotal: return MetricSpec("conflicts_total", unit: "experiences", count: true,
            "Times a resident lost trust in institutions because a funded initiative went against the interests of a group it leaves out, so far (cumulative) (SF11).")
        case .liveInitiatives: return MetricSpec("live_initiatives", unit: "initiatives", count: true,
            "Initiatives forming, seeking funds, active or self-sustaining.")
        }
    }

    public static let registry = MetricRegistry(Metric.allCases.map(\.spec))
}
