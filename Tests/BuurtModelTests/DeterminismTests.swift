import XCTest
import BuurtCore
@testable import BuurtModel

final class DeterminismTests: XCTestCase {
    /// 12,000 residents: six chunks, above the threshold where phases use threads.
    func csv(seed: Int, threads: Int, ticks: Int = 40) -> String {
        var s = Scenario.baseline()
        s.values[.residents] = 12_000
        s.values[.ticks] = Double(ticks)
        s.values[.seed] = Double(seed)
        s.events = [ScheduledEvent(tick: 20, lever: .annualBudget, value: 20_000)]
        let sim = Simulation(scenario: s, threads: threads)
        XCTAssertGreaterThan(sim.world.chunkCount, 2)
        try? sim.run()
        return RunOutput.timeseriesCSV(sim.recorder) + RunOutput.summaryCSV(seed: seed, sim.recorder)
    }

    /// Asking memory ahead (`World+Prefetch.swift`, on by itself only in towns of a quarter of a
    /// million) changes no number: a district run with every prefetch on equals the plain run, bit
    /// for bit, over weeks with initiatives recruiting, operating and ties changing.
    func testPrefetchingChangesNothing() {
        var s = Scenario.baseline()
        s.values[.residents] = 5_000
        s.values[.ticks] = 60
        func run(prefetch: Bool) -> (String, [[UInt32]]) {
            let sim = Simulation(scenario: s, threads: 2)
            XCTAssertFalse(sim.world.prefetchesMembers)
            sim.world.prefetchesMembers = prefetch
            sim.world.meetPrefetches = prefetch
            try? sim.run()
            let w = sim.world, slots = w.residentCount * w.tieCapacity
            XCTAssertGreaterThan(w.live.count, 5, "initiatives ran, so recruit and operate walked members")
            return (RunOutput.timeseriesCSV(sim.recorder),
                    [(0..<w.residentCount).map { w.rExperience[$0].bitPattern }, (0..<w.residentCount).map { UInt32(bitPattern: w.rLastActive[$0]) },
                     (0..<slots).map { UInt32(bitPattern: w.tTarget[$0]) }, (0..<slots).map { w.tTrust[$0].bitPattern }])
        }
        let plain = run(prefetch: false), ahead = run(prefetch: true)
        XCTAssertEqual(plain.0, ahead.0)
        XCTAssertEqual(plain.1, ahead.1)
    }

    func testSameSeedSameBytesForAnyThreadCount() {
        let one = csv(seed: 7, threads: 1)
        XCTAssertEqual(one, csv(seed: 7, threads: 2))
        XCTAssertEqual(one, csv(seed: 7, threads: 4))
        XCTAssertEqual(one, csv(seed: 7, threads: 1), "repeat")
    }

    /// The chunk size is a performance knob only: residents draw from their own counter-based
    /// streams (Philox at (tick, resident)), so a whole run's state is bit-identical for chunks of
    /// 2,048, 500 or 97 residents, on one thread or two.
    func testChunkSizeDoesNotChangeTheRun() {
        var s = Scenario.baseline()
        s.values[.residents] = 6_000
        func state(chunk: Int, threads: Int) -> [[UInt32]] {
            let w = World(levers: s.values, threads: threads, chunkSize: chunk)
            for t in 1...30 { w.tick = t; w.meet() }
            let n = w.residentCount, slots = n * w.tieCapacity
            return [(0..<n).map { w.rTrustCommunity[$0].bitPattern }, (0..<n).map { w.rTrustInstitutions[$0].bitPattern },
                    (0..<slots).map { UInt32(bitPattern: w.tTarget[$0]) }, (0..<slots).map { w.tTrust[$0].bitPattern },
                    (0..<slots).map { w.tReciprocity[$0].bitPattern }]
        }
        let reference = state(chunk: World.residentsPerChunk, threads: 1)
        XCTAssertEqual(reference, state(chunk: 500, threads: 2))
        XCTAssertEqual(reference, state(chunk: 97, threads: 1))
    }

    func testDifferentSeedDifferentOutput() {
        XCTAssertNotEqual(csv(seed: 7, threads: 2, ticks: 10), csv(seed: 8, threads: 2, ticks: 10))
    }

    func testEveryScenarioRunsAFewTicks() throws {
        let dir = repoRoot + "/Models"
        for f in try FileManager.default.contentsOfDirectory(atPath: dir).filter({ $0.hasSuffix(".yaml") }).sorted() {
            var s = try Scenario.load(path: dir + "/" + f)
            s.values[.ticks] = f == "city.yaml" ? 2 : 12
            let sim = Simulation(scenario: s, threads: 2)
            try sim.run()
            XCTAssertEqual(sim.tick, s.values.int(.ticks), f)
            XCTAssertEqual(sim.recorder.rows.count, sim.tick + 1, f)
            for row in sim.recorder.rows { for v in row { XCTAssertTrue(v.isFinite, f) } }
        }
    }
}

final class ForkTests: XCTestCase {
    func smallScenario() -> Scenario {
        var s = Scenario.baseline()
        s.values[.residents] = 9000
        s.values[.ticks] = 60
        return s
    }

    func testForkTracksTheOriginalExactly() {
        let sim = Simulation(scenario: smallScenario(), threads: 2)
        for _ in 0..<15 { sim.step() }
        let fork = sim.fork()
        for _ in 0..<25 { sim.step(); fork.step() }
        XCTAssertEqual(sim.recorder.rows, fork.recorder.rows)
        fork.setLever(.friction, 1)
        for _ in 0..<5 { sim.step(); fork.step() }
        XCTAssertNotEqual(sim.recorder.rows.last, fork.recorder.rows.last, "a changed branch diverges")
    }

    func testLeverChangesReplayAsEvents() throws {
        let live = Simulation(scenario: smallScenario(), threads: 1)
        for _ in 0..<10 { live.step() }
        live.setLever(.annualBudget, 20_000, note: "cut")
        for _ in 0..<10 { live.step() }
        live.setLever(.coreShare, 0.8)
        try live.run()
        let replayed = try Scenario.parse(live.replayableScenario.yaml(), file: "export.yaml")
        XCTAssertEqual(replayed.events.count, 2)
        let again = Simulation(scenario: replayed, threads: 2)
        try again.run()
        XCTAssertEqual(live.recorder.rows, again.recorder.rows)
    }
}
