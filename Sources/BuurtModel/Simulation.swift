import BuurtCore
import Dispatch

/// One run: a world, its scheduled events and the metrics recorded so far.
///
/// `step()` reads like the schedule of MODEL.md: the named processes of `ModelProcess` in order.
public final class Simulation {
    public let world: World
    public let scenario: Scenario
    public private(set) var events: [ScheduledEvent]
    /// Metrics of every tick recorded so far, tick 0 (the initial state) first.
    public private(set) var recorder: MetricRecorder
    /// Lever changes made mid-run through `setLever` (not the scenario's own events), in order.
    public private(set) var changes: [ScheduledEvent] = []

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
        profile = o.profile
    }

    public var tick: Int { world.tick }
    public var ticks: Int { scenario.values.int(.ticks) }
    public var isFinished: Bool { world.tick >= ticks }

    /// Advances one week: the processes of `ModelProcess`, in its order.
    public func step() {
        world.tick += 1
        timed(.programmeCut) { world.programmeCut() }
        timed(.events) { applyEvents() }
        timed(.budgetShock) { world.budgetShock() }
        world.counters.startWeek()
        timed(.meet) { world.meet() }                          // 1
        timed(.spark) { world.spark() }                        // 2
        timed(.recruit) { world.recruit() }                    // 3
        timed(.broker) { world.broker() }                      // 4
        timed(.applyDecide) { world.applyAndDecide() }         // 5
        timed(.operate) { world.operate() }                    // 6
        timed(.conflict) { world.conflict() }                  // 6a
        timed(.grantEnd) { world.grantEnd() }                  // 7
        timed(.institutionsLearn) { world.institutionsLearn() } // 8
        timed(.energySuccession) { world.intermediaryEnergy() } // 9
        timed(.consult) { world.consult() }                    // 9a
        timed(.needsDrift) { world.needsDrift() }              // 10
        timed(.pruneLive) { world.pruneLive() }
        timed(.collect) { recorder.record(tick: world.tick, world.collect()) }   // 11
    }

    /// Seconds spent in each process, when `profile` is on (for `buurt-bench`).
    public var profile = false
    public private(set) var processSeconds = [Double](repeating: 0, count: ModelProcess.allCases.count)
    public static var processNames: [String] { ModelProcess.allCases.map(\.name) }

    @inline(__always) private func timed(_ p: ModelProcess, _ body: () -> Void) {
        guard profile else { body(); return }
        let t0 = DispatchTime.now().uptimeNanoseconds
        body()
        processSeconds[p.rawValue] += Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
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

    /// Scheduled lever changes due this week, in the order written. Setting a lever only records it;
    /// what a change sets in motion happens in the processes (`budget_shock`).
    func applyEvents() {
        while let e = events.first, e.tick <= world.tick {
            events.removeFirst()
            world.setLever(e.lever, e.value)
        }
    }
}

extension World {
    /// Changes a lever mid-run. Only the value changes here; a change of `funding.annual_budget` is
    /// queued for the `budget_shock` process.
    public func setLever(_ lever: Lever, _ value: Double) {
        let old = levers[lever]
        levers[lever] = value
        trust = TrustRule(levers)
        if lever == .annualBudget { budgetChanges.append((old, value)) }
    }

    /// Process `programme_cut`: the budget to nothing at `austerity.programme_cut_week`, back after
    /// `austerity.programme_cut_weeks`.
    func programmeCut() {
        let cutAt = levers.int(.programmeCutWeek)
        if cutAt > 0 && tick == cutAt {
            savedBudget = levers[.annualBudget]
            setLever(.annualBudget, 0)
        } else if cutAt > 0 && tick == cutAt + levers.int(.programmeCutWeeks), let b = savedBudget {
            setLever(.annualBudget, b)
            savedBudget = nil
        }
    }

    /// Process `budget_shock`: each budget change since last week, in order, scales what funders
    /// have left this year (project and pilot money alike); a cut to below `behaviour.budget_shock_below` of the old budget is bad news for
    /// everyone taking part: members of live initiatives lose trust in institutions and
    /// intermediaries lose energy (the shock of SF6).
    func budgetShock() {
        for (old, value) in budgetChanges {
            for f in funders.indices {
                if old > 0 {
                    funders[f].budget = funders[f].budget * value / old
                    funders[f].pilotBudget = funders[f].pilotBudget * value / old
                } else {
                    (funders[f].budget, funders[f].pilotBudget) = splitBudget(value * austerityFactor * Double(52 - weekOfYear) / 52)
                }
            }
            if value < levers[.budgetShockBelow] * old {
                let severity = Float(min(1, (old - value) / max(old, 1)))
                let w = Float(levers[.budgetShockTrustWeight])
                for id in live { for m in initiatives[Int(id)].members {
                    institutionalExperience(Int(m), good: false, weight: w * severity)
                } }
                let e = levers[.budgetShockEnergy]
                for m in intermediaries.indices where intermediaries[m].active { intermediaries[m].shock += e * Double(severity) }
            }
        }
        budgetChanges.removeAll()
    }

    /// Process `prune_live`: initiatives that stranded or ended leave the live list.
    func pruneLive() {
        live.removeAll { !initiatives[Int($0)].phase.isLive }
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
