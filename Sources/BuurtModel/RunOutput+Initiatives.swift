import BuurtCore

extension RunOutput {
    /// `initiatives.csv`: one row per initiative ever started, for survival analysis. `ended_tick` is
    /// empty for an initiative still live at the end of the run (censored); `status` is its phase
    /// then (forming, seeking_funds, active, self_sustaining, stranded, ended).
    public static let initiativesHeader = ["run_id", "initiative_id", "theme", "neighbourhood", "born_tick",
                                           "first_funded_tick", "last_grant_end_tick", "ended_tick", "status", "grants", "joint",
                                           "maturity", "impact"]

    public static func initiativesRows(runID: Int, world: World) -> String {
        var out = ""
        for ini in world.initiatives {
            out += [String(runID), String(ini.id), Lever.themes[ini.theme], String(ini.nh), String(ini.born),
                    ini.firstFunded >= 0 ? String(ini.firstFunded) : "", ini.lastGrantEnd >= 0 ? String(ini.lastGrantEnd) : "",
                    ini.endedAt >= 0 ? String(ini.endedAt) : "",
                    ini.phase.name, String(ini.grants), ini.joint ? "true" : "false",
                    NumberFormat.text(ini.maturity), NumberFormat.text(ini.impact)].joined(separator: ",") + "\n"
        }
        return out
    }
}
