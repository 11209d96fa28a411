import BuurtCore
import BuurtModel

/// One future of the session: a simulation with a name, running beside the others.
public final class Branch {
    /// Shown on the page and used in messages: "A" for the original, then "B", "C", ...
    public let name: String
    /// The branch it was forked from, and at which tick (nil for the original).
    public let parent: String?
    public let forkedAt: Int?
    public let simulation: Simulation
    /// The last tick already sent to clients in a broadcast (-1: nothing yet).
    var broadcastTick = -1
    /// Lever values and the number of markers as last broadcast (nil: not yet sent), so that an
    /// update carries only what changed.
    var broadcastLevers: [Double]?
    var broadcastMarkers = 0
    /// A marker on every chart: a lever changed here (or the branch was forked here).
    public struct Marker: Sendable, Equatable {
        public var tick: Int
        /// What changed, in full ("funding.annual_budget → 20000 euro per funder-year").
        public var text: String
        /// The same, short enough for a label on a chart ("annual budget → 20000").
        public var short: String
        /// What made it: "set" (the host), "vote" (the audience's proposal), "fork".
        public var kind: String = "set"
        /// The lever and its new value (for the page to word in its own language), or for a fork
        /// the branches ("A → B").
        public var lever: String = ""
        public var value: Double = 0
        /// Votes the proposal had (kind "vote").
        public var votes: Int = 0
    }
    public private(set) var markers: [Marker] = []

    init(name: String, simulation: Simulation, parent: String? = nil, forkedAt: Int? = nil, markers: [Marker] = []) {
        self.name = name; self.simulation = simulation; self.parent = parent; self.forkedAt = forkedAt
        self.markers = markers
    }

    /// A deep copy of this branch as it is now, under a new name.
    func fork(as newName: String) -> Branch {
        let copy = Branch(name: newName, simulation: simulation.fork(), parent: name,
                          forkedAt: simulation.tick, markers: markers)
        copy.markers.append(Marker(tick: simulation.tick, text: "fork \(name) → \(newName)", short: "fork \(name) → \(newName)",
                                   kind: "fork", lever: "\(name) → \(newName)"))
        return copy
    }

    /// Sets a lever from now on and marks the charts where it took effect.
    func set(_ lever: Lever, _ value: Double, note: String, votes: Int? = nil) {
        let spec = lever.spec
        let text = spec.name + " → " + spec.format(value) + (spec.unit.isEmpty || spec.unit == "choice" || spec.unit == "bool" ? "" : " " + spec.unit)
        simulation.setLever(lever, value, note: note.isEmpty ? "live change in branch \(name)" : note)
        let short = String(spec.name.drop { $0 != "." }.dropFirst()).replacingOccurrences(of: "_", with: " ")
            + " → " + spec.format(value)
        markers.append(Marker(tick: simulation.tick, text: text, short: short, kind: votes == nil ? "set" : "vote",
                              lever: spec.name, value: value, votes: votes ?? 0))
    }

    var isFinished: Bool { simulation.isFinished }

    /// The scenario that replays this branch: the base scenario plus its lever changes as events.
    public var exportScenario: Scenario {
        var s = simulation.replayableScenario
        s.name = "\(s.name)-\(name)"
        return s
    }

    public var exportYAML: String {
        let header = """
            # Exported by `buurt serve`: branch \(name) at week \(simulation.tick)\(parent.map { ", forked from \($0) at week \(forkedAt ?? 0)" } ?? "").
            # The base scenario plus every lever change made live, as events at the ticks they took effect.
            # `buurt run` on this file reproduces the branch's numbers exactly.

            """
        return exportScenario.yaml(header: header)
    }

    public var exportCSV: String { RunOutput.timeseriesCSV(simulation.recorder) }
}
