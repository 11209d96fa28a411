import BuurtCore
import BuurtModel

/// The live page's texts in English and Dutch, handed to the page in the `hello` message: the page
/// keeps no text of its own beyond its first "connecting" line.
///
/// Dutch comes from `RegistryDutch` (beside the registry); English labels and descriptions of levers
/// and metrics come from the registry's labels (`RegistryLabels`) and descriptions through
/// `englishLabel`/`englishDescription`.
public enum PageText {
    public static let languages = ["nl", "en"]

    /// The English label of a lever ("grant size" for `funding.grant_size`) or a metric.
    public static func englishLabel(lever spec: LeverSpec) -> String { RegistryLabels.lever(spec.name) }
    public static func englishLabel(metric spec: MetricSpec) -> String { RegistryLabels.metric(spec.name) }
    public static func englishDescription(lever spec: LeverSpec) -> String { spec.description }
    public static func englishDescription(metric spec: MetricSpec) -> String { spec.description }

    /// Every text of the page in one language: page strings, levers, metrics, groups, units, options,
    /// scenario notes.
    public static func json(_ lang: String) -> JSON {
        let nl = lang == "nl"
        let page = nl ? RegistryDutch.page : english
        let levers: [(String, JSON)] = Lever.registry.specs.map { spec in
            let d = RegistryDutch.levers[spec.name]
            return (spec.name, .array([.string(nl ? d?.label ?? englishLabel(lever: spec) : englishLabel(lever: spec)),
                                       .string(nl ? d?.description ?? spec.description : englishDescription(lever: spec))]))
        }
        let metrics: [(String, JSON)] = Metric.registry.specs.map { spec in
            let d = RegistryDutch.metrics[spec.name]
            return (spec.name, .array([.string(nl ? d?.label ?? englishLabel(metric: spec) : englishLabel(metric: spec)),
                                       .string(nl ? d?.description ?? spec.description : englishDescription(metric: spec))]))
        }
        let groups = Set(Lever.registry.specs.map(\.group)).sorted().map { g in
            (g, JSON.string(nl ? RegistryDutch.groups[g] ?? g : g.replacingOccurrences(of: "_", with: " ")))
        }
        let units = usedUnits.map { u in (u, JSON.string(nl ? RegistryDutch.units[u] ?? u : u)) }
        let options = usedOptions.map { o in (o, JSON.string(nl ? RegistryDutch.options[o] ?? o : o)) }
        let scenarios: [(String, JSON)] = RegistryDutch.scenarios.keys.sorted().map { name in
            let d = RegistryDutch.scenarios[name]!
            // [description, things to try, the name as the page shows it]
            return (name, .array([.string(nl ? d.description : ""), .string(nl ? d.tryThis : englishTry[name] ?? ""),
                                  .string(nl ? RegistryDutch.scenarioTitles[name] ?? name : name)]))
        }
        return .object([
            ("page", .object(page.keys.sorted().map { ($0, .string(page[$0]!)) })),
            ("levers", .object(levers)), ("metrics", .object(metrics)), ("groups", .object(groups)),
            ("units", .object(units)), ("options", .object(options)), ("scenarios", .object(scenarios)),
        ])
    }

    /// Units that levers, metrics and charts use.
    public static var usedUnits: [String] {
        Set(Lever.registry.specs.map(\.unit) + Metric.registry.specs.map(\.unit) + LeverCatalog.charts.map(\.unit)).sorted()
    }

    /// Options of choice levers.
    public static var usedOptions: [String] {
        var out = Set<String>()
        for spec in Lever.registry.specs { if case .choice(let o) = spec.kind { out.formUnion(o) } }
        return out.sorted()
    }

    /// What to try in each shipped scenario (Dutch in `RegistryDutch.scenarios`).
    public static let englishTry: [String: String] = [
        "baseline": "Turn 'friction' up (0.9) around year 2 and watch active initiatives and burnouts. Fork a branch first to compare.",
        "austerity": "Watch trust in institutions fall within weeks after year 5 and stay low for years. In a fork, raise 'core share' and compare the self-sustaining initiatives.",
        "city": "See that the picture at city scale is that of the district; raise 'meeting places' and watch bridging ties (it runs slower).",
        "earmarked-budget": "Fork, and in the new branch set 'decision weeks' back to 8 and 'earmark' to 'none': how many more initiatives, and how many hours no longer go into refused applications?",
        "maak-je-stad": "Set 'mode' to 'collaborative' in a fork and watch joint initiatives and the grant success rate.",
        "programme-cut": "Watch trust drop at the cut and recover slowly after (trust is lost faster than built). In a branch, raise 'peer support' before week 260.",
    ]

    /// The page's English texts, by the keys of `RegistryDutch.page`.
    public static let english: [String: String] = [
        "title": "Buurt live",
        "connecting": "connecting…", "live": "live", "reconnecting": "reconnecting…",
        "role.host": "HOST", "role.viewer": "VIEWER",
        "week": "week", "year": "year", "weeks": "weeks", "years": "years",
        "residents": "residents", "watching": "watching", "watching1": "watching",
        "scenario": "Scenario", "upload": "Upload YAML", "upload.title": "Upload a scenario YAML file and start it",
        "reset": "Reset", "reset.title": "Start the chosen scenario again from week 0",
        "play": "▶ Play", "pause": "❚❚ Pause", "step": "Step", "step.title": "One week",
        "speed": "Speed", "speed.max": "max", "speed.unit": "weeks/s", "speed.unit1": "week/s",
        "fork": "Fork here", "fork.title": "Copy the selected branch as it is now into a new branch",
        "drop": "Drop branch", "drop.title": "Remove the selected branch",
        "export": "Export", "export.title": "Download the selected branch as a replayable scenario (YAML) and as CSV",
        "levers": "Levers", "levers.title": "Open or close the levers (L)",
        "info": "Info", "info.title": "What this model is and how to read it (I)",
        "zero": "Axes from 0", "zero.title": "Start every y-axis at zero (Z)",
        "lang.title": "Language: Dutch or English",
        "branch": "Branch", "branches": "Branches", "original": "original",
        "forkOf": "fork of {from} at week {week}",
        "network": "Network", "net.established": "established", "net.newcomer": "newcomer",
        "net.under": "under-represented", "net.shapes": "◆ intermediary ■ civil servant ▮ funder",
        "net.trust": "trust", "net.lowHigh": "low → high", "net.residents": "residents",
        "net.columns": "intermediaries → servants → funders", "net.neighbourhood": "neighbourhood {n}",
        "changes": "Changes", "noChanges": "No changes yet.",
        "levers.viewer": "You are watching live; only the host can change the run. To propose a change, use ‘The audience's proposals’.",
        "levers.beforeReset": "Before reset: population, network, run",
        "atReset": "(at reset)", "on": "on", "off": "off",
        "value.title": "Type a value and press Enter",
        "chart.initiatives": "Initiatives", "chart.trust": "Trust in institutions",
        "chart.intermediaries": "Intermediaries", "chart.bridging": "Bridging ties",
        "confirm.reset": "Start the scenario again? Every branch and change is lost.",
        "confirm.drop": "Drop branch {branch}?", "confirm.yes": "Yes", "confirm.no": "No",
        "toast.notConnected": "Not connected yet.", "toast.tooLarge": "That is too large to send (at most {limit} bytes).",
        "toast.fileTooLarge": "The file is too large (at most {limit} bytes).",
        "toast.atReset": "{lever} = {value} takes effect at the next reset.",
        "toast.forked": "Forked {from} at week {week} into branch {branch}.",
        "toast.set": "Branch {branch}: {lever} changed in week {week}.",
        "toast.reset": "Started '{scenario}' ({residents} residents).", "toast.dropped": "Dropped branch {branch}.",
        "toast.exported": "Exported branch {branch} at week {week}: {files}.",
        "toast.badValue": "Not a valid value: {value}", "toast.proposed": "Your proposal is on the screen.",
        "toast.voted": "Your vote is counted.", "toast.applied": "Proposal applied to branch {branch}.",
        "error": "Refused", "error.allowed": "allowed",
        "error.viewer": "Viewers watch the run but cannot change it.",
        "error.json": "the message is not valid JSON",
        "error.object": "a message must be a JSON object",
        "error.field": "the request lacks '{field}' or has it wrong",
        "error.count": "the number of steps must be a whole number from {min} to {max}",
        "error.speed": "the speed must be from {min} to {max} weeks per second (0: as fast as possible)",
        "error.structural": "{lever} cannot change during the run (it shapes the population or the run); set it before starting again",
        "error.missing": "{lever}: no value given",
        "error.unknownType": "unknown kind of message '{name}'",
        "error.resetSource": "start again from a scenario's name or from a file, not both",
        "error.unknownLever": "unknown lever '{name}'",
        "error.value": "{lever}: not a value this lever takes",
        "error.range": "{lever}: {value} is out of range",
        "error.scenario": "there is no scenario '{name}'",
        "error.upload": "{file}:{line}: the file cannot be read as a scenario: {detail}",
        "error.uploadFile": "{file}: the file cannot be read as a scenario: {detail}",
        "error.uploadSize": "the file is too large (at most {limit} bytes)",
        "error.finished": "branch {branch} has finished (week {week}); start again to go on",
        "error.maxBranches": "at most {n} branches run side by side; drop one first",
        "error.onlyBranch": "branch {branch} is the only one and cannot be dropped; start again instead",
        "error.runFinished": "the run has finished (week {week} of {ticks}); start again",
        "error.noBranch": "there is no branch '{name}'",
        "error.maxProposals": "this round already has {n} proposals; vote for one of them",
        "error.proposal": "that proposal is gone (the round may have ended)",
        "error.token": "wrong token: you are watching as a viewer",
        "notice.restarted": "The server was restarted. The previous run (branches, changes and votes) was not kept; this is a new run from the start.",
        "notice.token": "This host link no longer works: the server was probably restarted with a new link. Open the host link the server shows in its terminal; until then you are watching as a viewer.",
        "notice.offline": "No connection to the server. The controls work again as soon as it is back.",
        "notice.close": "Close", "net.columnsShort": "◆ → ■ → ▮",
        "error.tooLarge": "the message is too large ({size} bytes, at most {limit})",
        "error.binary": "binary messages are not understood",
        "error.other": "{message}",
        "error.didYouMean": "did you mean {names}?",
        "error.or": "or",
        "error.branches": "branches",
        "error.numberRange": "a number from {min} to {max}",
        "error.wholeRange": "a whole number from {min} to {max}",
        // Why a scenario file was refused (`BuurtError.Reason`), what was found, what is allowed
        // (`BuurtError.Expected`); the page puts them in error.upload's {detail}.
        "error.reason.noSuchFile": "there is no such file",
        "error.reason.unreadable": "the file cannot be read (the system says: “{system}”)",
        "error.reason.isFolder": "it is a folder, not a file",
        "error.reason.notRegularFile": "it is not a regular file (but a device, pipe or socket)",
        "error.reason.tooLarge": "the file is too large (at most {limit} bytes)",
        "error.reason.notUTF8": "the file is not UTF-8 text",
        "error.reason.nulByte": "the file holds a NUL byte, so it is not YAML text",
        "error.reason.tooDeep": "the YAML nests deeper than {limit} levels",
        "error.reason.syntax": "the YAML is malformed at line {line}, column {column} (the YAML reader says: “{problem}”)",
        "error.reason.malformed": "the YAML is malformed (the YAML reader says: “{problem}”)",
        "error.reason.notMapping": "expected keys with values (key: value) here, but found {found}",
        "error.reason.keyNotText": "a key must be plain text",
        "error.reason.duplicateKey": "this key is given twice",
        "error.reason.notSingleValue": "expected a single value here, but found {found}",
        "error.reason.notList": "expected a list here (lines that start with '- '), but found {found}",
        "error.reason.unknownKey": "unknown key",
        "error.reason.unknownLever": "unknown lever",
        "error.reason.unknownEventKey": "unknown key in an event",
        "error.reason.eventWithoutTick": "an event needs 'at' (the week it happens)",
        "error.reason.eventWithoutSet": "an event needs 'set' with at least one lever",
        "error.reason.structural": "cannot change during the run (it shapes the population or the run)",
        "error.reason.notAllowed": "'{text}' is not allowed here",
        "error.reason.notTrueOrFalse": "'{text}' is not true or false",
        "error.reason.notAnOption": "'{text}' is not one of the options",
        "error.reason.notANumber": "'{text}' is not a number",
        "error.reason.notFinite": "not a finite number",
        "error.reason.notWhole": "{value} is not a whole number",
        "error.reason.flagValue": "{value} is not true or false",
        "error.reason.optionValue": "{value} is not one of the options",
        "error.reason.outOfRange": "{value} is out of range",
        "error.reason.other": "{message}",
        "error.found.value": "'{foundText}'", "error.found.mapping": "a mapping (keys with values)", "error.found.list": "a list",
        "error.expected.text": "text",
        "error.expected.trueOrFalse": "true or false",
        "error.expected.wholeNumber": "a whole number from {min} to {max}",
        "error.expected.leverValue": "{allowed}",
        "error.expected.keys": "one of the keys {keys}",
        "error.expected.keysOrLever": "one of the keys {keys} or a lever's name (buurt params)",
        "error.expected.leverName": "a lever's name (buurt params)",
        "error.expected.liveLever": "a lever that may change during the run (not {not})",
        "error.expected.depth": "at most {depth} levels of lists and mappings",
        "upload.label": "uploaded",
        "error.rate": "Wait a moment: too soon after your last proposal or vote.",
        "error.votingOff": "Voting is off now.", "error.number": "{lever}: send a number, not text",
        "vote": "Vote", "vote.title": "The audience's proposals", "vote.propose": "Propose",
        "vote.lever": "Lever", "vote.value": "New value", "vote.none": "No proposals yet. Viewers can propose a change on their phones.",
        "vote.for": "Vote", "vote.yours": "Your vote", "vote.apply": "Apply", "vote.close": "Close vote",
        "vote.on": "Voting: on", "vote.off": "Voting: off", "vote.votes": "{n} votes", "vote.vote1": "1 vote",
        "vote.closed": "The audience is not voting now.", "vote.note": "audience vote, {n} votes", "vote.note1": "audience vote, 1 vote",
        "info.heading": "About this model",
        "info.what": "Buurt is an agent-based model of a Dutch neighbourhood: residents, intermediaries, civil servants and funders who meet every week. Residents get ideas, form initiatives, apply for grants, and build or lose trust. You pull the levers of policy and funding and see what happens.",
        "info.isnt": "It is for exploring, not forecasting. The numbers say nothing about a real neighbourhood; they show which mechanisms pull against each other and which way an outcome moves when you change something. So compare two branches rather than believe one number.",
        "info.charts": "How to read the charts",
        "info.chart.initiatives": "Initiatives: how many run on a grant (solid) and how many go on without one after it ended (dashed). The latter is what lasts.",
        "info.chart.trust": "Trust in institutions: from 0 (none) to 1 (full), the mean over all residents (solid) and over the under-represented group (dashed). Mind the axis: without 'Axes from 0' it zooms in and small differences look large.",
        "info.chart.intermediaries": "Intermediaries: how many residents act as connectors (solid), and in total how many burnt out (dashed) and how many were replaced by a successor (dotted).",
        "info.chart.bridging": "Bridging ties: the share of social ties between residents of different groups. More means a neighbourhood less divided along groups.",
        "info.branches": "Each branch has its own colour; the line style (solid, dashed, dotted) tells the measure. A dotted vertical line with a number is a change; the number is in the list of changes.",
        "info.network": "The network: a sample of residents per neighbourhood (dots: black established, green newcomer, pink under-represented), beside them the intermediaries (◆), civil servants (■) and funders. Lines run from red (little trust) to blue (much).",
        "info.funders": "The boxes M, F and C are the funders: M the municipal scheme, F a private foundation, C a crowdfunding platform.", "net.funderLetters": "MFC",
        "info.try": "Things to try",
        "info.keys": "Keyboard",
        "info.keylist": "space: play/pause · S: step · F: fork · E: export · L: levers · I: info · Z: axes from 0 · 1-4: pick a branch · Esc: close",
        "info.close": "Close",
        "info.current": "This scenario",
    ]
}
