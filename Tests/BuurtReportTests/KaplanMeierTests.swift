import XCTest
@testable import BuurtReport

final class KaplanMeierTests: XCTestCase {
    /// Durations 1, 2, 2+, 3, 4+, 5 (+ censored). By hand:
    /// t=1: 6 at risk, 1 event: S = 5/6. t=2: 5 at risk (the case censored at 2 counts), 1 event:
    /// S = 5/6 * 4/5 = 2/3. t=3: 3 at risk, 1 event: S = 2/3 * 2/3 = 4/9. t=4: censored, no step.
    /// t=5: 1 at risk, 1 event: S = 0.
    func testHandComputedCurve() {
        let steps = KaplanMeier.estimate(durations: [2, 1, 3, 2, 5, 4], observed: [true, true, true, false, true, false])
        XCTAssertEqual(steps.map(\.time), [0, 1, 2, 3, 5])
        let expected = [1, 5.0 / 6, 2.0 / 3, 4.0 / 9, 0]
        for (s, e) in zip(steps, expected) { XCTAssertEqual(s.survival, e, accuracy: 1e-12) }
        XCTAssertEqual(steps.map(\.atRisk), [6, 6, 5, 3, 1])
        XCTAssertEqual(steps.map(\.events), [0, 1, 1, 1, 1])
        // Greenwood at t=1: var = S^2 * 1/(6*5); log-log interval by hand.
        let s = 5.0 / 6, g = 1.0 / 30
        let se = (g / (log(s) * log(s))).squareRoot()
        XCTAssertEqual(steps[1].low, pow(s, exp(1.959963984540054 * se)), accuracy: 1e-12)
        XCTAssertEqual(steps[1].high, pow(s, exp(-1.959963984540054 * se)), accuracy: 1e-12)
        XCTAssertEqual(steps.last!.low, 0); XCTAssertEqual(steps.last!.high, 0)
        for st in steps {
            XCTAssertLessThanOrEqual(st.low, st.survival + 1e-12)
            XCTAssertGreaterThanOrEqual(st.high, st.survival - 1e-12)
            XCTAssertTrue((0...1).contains(st.low) && (0...1).contains(st.high))
        }
        XCTAssertEqual(KaplanMeier.median(steps), 3)
    }

    func testAllCensoredAndEmpty() {
        let steps = KaplanMeier.estimate(durations: [4, 9, 9], observed: [false, false, false])
        XCTAssertEqual(steps.count, 1)
        XCTAssertEqual(steps[0].survival, 1)
        XCTAssertNil(KaplanMeier.median(steps))
        XCTAssertEqual(KaplanMeier.estimate(durations: [], observed: []).count, 1)
    }

    func testWithoutCensoringItIsTheEmpiricalSurvival() {
        let d: [Double] = [3, 1, 4, 1, 5, 9, 2, 6]
        let steps = KaplanMeier.estimate(durations: d, observed: d.map { _ in true })
        for st in steps.dropFirst() {
            let surviving = Double(d.filter { $0 > st.time }.count) / Double(d.count)
            XCTAssertEqual(st.survival, surviving, accuracy: 1e-12, "t=\(st.time)")
        }
    }

    func testNormalQuantile() {
        XCTAssertEqual(KaplanMeier.normalQuantile(0.975), 1.959963984540054, accuracy: 1e-8)
        XCTAssertEqual(KaplanMeier.normalQuantile(0.5), 0, accuracy: 1e-12)
        XCTAssertEqual(KaplanMeier.normalQuantile(0.001), -3.090232306167813, accuracy: 1e-7)
    }
}
