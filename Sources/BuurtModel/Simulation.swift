import BuurtCore
import Dispatch

/// One run: a world, its scheduled events and the metrics recorded so far.
///
/// `step()` reads like the schedule of MODEL.md: eleven named processes in order.
public final class Simulation {
    public let world: World
    public let scenario: Scenario
    public private(set) var events: [ScheduledEvent]
    /// Metrics of every tick recorded so far, tick 0 (the initial state) first.
    public private(set) var recorder: MetricRecorder
    /// Lever changes made mid-run through `setLever` (not the scenario's own events), in order.
    public private(set) var changes: [ScheduledEvent] = []
    /// The budget before a programme cut (`austerity.programme_cut_week`), restored after it.
    var savedBudget: Double? = nil

    public init(scenario: Scenario, threads: Int = 1, keepRows: Bool = true) {
        self.scenario = scenario
        world = World(levers: scenario.values, threads: threads)
        // Stable by tick: events at the same tick apply in the order written.
        events = scenario.events.enumerated().sorted { ($0.element.tick, $0.offset) < ($1.element.tick, $1.offset) }.map(\.element)
        recorder = MetricRecorder(keepRows: keepRows)
        recorder.record(tick: 0, world.collect())
    }

    init(copying o: Simulation) {
        scenario = o.scenario
        world = o.world.fork()
        events = o.events
        recorder = o.recorder
        changes = o.changes
        savedBudget = o.savedBudget
        profile = o.profile
    }

    public var tick: Int { world.tick }
    public var ticks: Int { scenario.values.int(.ticks) }
    public var isFinished: Bool { world.tick >= ticks }

    /// Advances one week.
    public func step() {
        world.tick += 1
        applyEvents()
        world.counters.startWeek()
        timed(0) { world.meet() }                  // 1
        timed(1) { world.spark() }                 // 2
        timed(2) { world.recruit() }               // 3
        timed(3) { world.broker() }                // 4
        timed(4) { world.applyAndDecide() }        // 5
        timed(5) { world.operate() }               // 6
        timed(6) { world.grantEnd() }              // 7
        timed(7) { world.institutionsLearn() }     // 8
        timed(8) { world.intermediaryEnergy() }    // 9
        timed(9) { world.needsDrift() }            // 10
        world.live.removeAll { !world.initiatives[Int($0)].phase.isLive }
        timed(10) { recorder.record(tick: world.tick, world.collect()) }   // 11
    }

    /// Seconds spent in each of the eleven processes, when `profile` is on (for `buurt-bench`).
    public var profile = false
    public private(set) var processSeconds = [Double](repeating: 0, count: 11)
    public static let processNames = ["meet", "spark", "recruit", "broker", "apply_decide", "operate",
                                      "grant_end", "institutions_learn", "energy_succession", "needs_drift", "collect"]

    @inline(__always) private func timed(_ k: Int, _ body: () -> Void) {
        guard profile else { body(); return }
        let t0 = DispatchTime.now().uptimeNanoseconds
        body()
        processSeconds[k] += Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
    }

    /// Runs to the end, polling for Ctrl-C between weeks.
    public func run(progress: ((Int) throws -> Void)? = nil) throws {
        while !isFinished {
            try Interrupt.check()
            step()
            try progress?(world.tick)
        }
    }

    /// Sets a lever now (a change from the live page), with its side effects. It takes effect from
    /// the next tick on and is remembered as an event at that tick, so `replayableScenario`
    /// reproduces this run exactly.
    public func setLever(_ lever: Lever, _ value: Double, note: String = "") {
        world.setLever(lever, value)
        changes.append(ScheduledEvent(tick: world.tick + 1, lever: lever, value: value, note: note))
    }

    /// The base scenario plus every mid-run change as an event at its tick: `buurt run` on it gives
    /// this run's numbers.
    public var replayableScenario: Scenario {
        var s = scenario
        s.events = scenario.events + changes
        return s
    }

    func applyEvents() {
        // The programme cut levers: budget to nothing at the cut week, back after the cut weeks.
        let cutAt = world.levers.int(.programmeCutWeek)
        if cutAt > 0 && world.tick == cutAt {
            savedBudget = world.levers[.annualBudget]
            world.setLever(.annualBudget, 0)
        } else if cutAt > 0 && world.tick == cutAt + world.levers.int(.programmeCutWeeks), let b = savedBudget {
            world.setLever(.annualBudget, b)
            savedBudget = nil
        }
        while let e = events.first, e.tick <= world.tick {
            events.removeFirst()
            world.setLever(e.lever, e.value)
        }
    }
}

extension World {
    /// Changes a lever mid-run. A budget cut scales what funders have left this year and is bad
    /// news for everyone taking part: members of running initiatives lose trust in institutions
    /// and intermediaries lose energy (the shock of SF6).
    public func setLever(_ lever: Lever, _ value: Double) {
        let old = levers[lever]
        levers[lever] = value
        guard lever == .annualBudget else { return }
        for f in funders.indices {
            funders[f].budget = old > 0 ? funders[f].budget * value / old
                                        : value * austerityFactor * Double(52 - weekOfYear) / 52
        }
        if value < 0.8 * old {
            let severity = Float(min(1, (old - value) / max(old, 1)))
            for id in live { for m in initiatives[Int(id)].members {
                institutionalExperience(Int(m), good: false, weight: 2 * severity)
            } }
            for m in intermediaries.indices where intermediaries[m].active { intermediaries[m].shock += 0.1 * Double(severity) }
        }
    }
}

/// Per-tick metric rows and their running summaries: final value, mean over the run and mean
/// over the last year (the last `MetricRecorder.yearTicks` weeks simulated).
public struct MetricRecorder {
    /// Weeks in the `<metric>_lastyear` window.
    public static let yearTicks = 52
    public private(set) var ticks: [Int] = []
    public private(set) var rows: [[Double]] = []
    /// Keep only summaries, not rows (sweeps that do not ask for time series).
    public var keepRows = true
    private var sums = [Double](repeating: 0, count: Metric.allCases.count)
    private var count = 0
    /// The last `yearTicks` simulated rows (ticks >= 1), a ring indexed by `count % yearTicks`.
    private var window: [[Double]] = []
    public private(set) var last = [Double](repeating: 0, count: Metric.allCases.count)

    public init(keepRows: Bool = true) { self.keepRows = keepRows }

    mutating func record(tick: Int, _ values: [Double]) {
        if keepRows { ticks.append(tick); rows.append(values) }
        last = values
        // The means count the weeks simulated, not the initial state.
        guard tick > 0 else { return }
        for k in values.indices { sums[k] += values[k] }
        if window.count < Self.yearTicks { window.append(values) } else { window[count % Self.yearTicks] = values }
        count += 1
    }

    /// Number of summaries per metric (`_final`, `_mean`, `_lastyear`).
    public static let summariesPerMetric = MetricRegistry.summarySuffixes.count

    /// `<metric>_final`, `<metric>_mean`, `<metric>_lastyear` for every metric, in registry order.
    /// Before any week is simulated the means are the initial value.
    public var summary: [Double] {
        var out: [Double] = []
        out.reserveCapacity(last.count * Self.summariesPerMetric)
        for k in last.indices {
            out.append(last[k])
            out.append(count > 0 ? sums[k] / Double(count) : last[k])
            if window.isEmpty {
                out.append(last[k])
            } else {
                var s = 0.0
                for row in window { s += row[k] }
                out.append(s / Double(window.count))
            }
        }
        return out
    }
}
