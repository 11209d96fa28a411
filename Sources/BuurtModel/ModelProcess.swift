/// The processes of one week, in schedule order: the single list `Simulation.step()` runs, the
/// profile times and `buurt-bench` prints, and docs/ODD.md section 3 describes.
public enum ModelProcess: Int, CaseIterable, Sendable {
    case programmeCut, events, budgetShock
    case meet, spark, recruit, broker, applyDecide, operate, conflict, grantEnd, institutionsLearn, energySuccession, consult, needsDrift
    case pruneLive, collect

    public var name: String {
        switch self {
        case .programmeCut: return "programme_cut"
        case .events: return "events"
        case .budgetShock: return "budget_shock"
        case .meet: return "meet"
        case .spark: return "spark"
        case .recruit: return "recruit"
        case .broker: return "broker"
        case .applyDecide: return "apply_decide"
        case .operate: return "operate"
        case .conflict: return "conflict"
        case .grantEnd: return "grant_end"
        case .institutionsLearn: return "institutions_learn"
        case .energySuccession: return "energy_succession"
        case .consult: return "consult"
        case .needsDrift: return "needs_drift"
        case .pruneLive: return "prune_live"
        case .collect: return "collect"
        }
    }

    /// What the process does, in one line (for docs and `buurt-bench`).
    public var summary: String {
        switch self {
        case .programmeCut: return "At austerity.programme_cut_week the budget goes to nothing; it is restored programme_cut_weeks later."
        case .events: return "The scenario's scheduled lever changes due this week (and live changes), in the order written."
        case .budgetShock: return "Each change of funding.annual_budget since last week rescales the funders' budgets; a cut to below behaviour.budget_shock_below of the old budget is bad news for members of live initiatives and intermediaries."
        case .meet: return "Encounters along ties and at random, trust, reciprocity, new and broken ties (7.1)."
        case .spark: return "Residents start ideas (7.2)."
        case .recruit: return "Members leave, initiatives invite ties, outreach (7.3)."
        case .broker: return "Intermediaries take cases and match them to civil servants; initiatives search on their own (7.4)."
        case .applyDecide: return "Writing, decision rounds, awards, refusals, rivalry and round tables; the budget year's end (7.5)."
        case .operate: return "Running initiatives spend, work, lower need, tie and mature (7.6)."
        case .conflict: return "Conflicting interests: a running initiative's work can go against residents of groups it leaves out, who lose trust in institutions (behaviour.conflict_rate; 7.6a)."
        case .grantEnd: return "Ending grants: go on, strand or seek new money (7.7)."
        case .institutionsLearn: return "Civil servants' openness after successes and failures (7.8)."
        case .energySuccession: return "Intermediaries' energy, burnout, moving away, mentoring and succession, emergence (7.9)."
        case .consult: return "The municipality consults residents (government.consultation_mode) and acts on the attendees' priorities (7.9a)."
        case .needsDrift: return "Unmet needs rise (7.10)."
        case .pruneLive: return "Initiatives that stranded or ended this week leave the live list."
        case .collect: return "The week's metrics (7.11)."
        }
    }
}
