import Foundation
import BuurtCore
import BuurtModel

/// One varied lever of an experiment: an explicit list of values, or a range (optionally on a log
/// scale). A list under a sampling design is treated as categories chosen with equal chance.
public struct Factor: Equatable, Sendable {
    public var lever: Lever
    public var values: [Double]?
    public var min: Double
    public var max: Double
    public var log: Bool

    public var name: String { lever.spec.name }

    /// The value for a unit coordinate u in [0, 1), rounded to the precision CSV carries so a run can
    /// be replayed exactly from the numbers in `runs.csv`.
    public func value(unit u: Double) -> Double {
        if let values {
            return values[Swift.min(values.count - 1, Swift.max(0, Int(u * Double(values.count))))]
        }
        var v = Designs.scale(Swift.min(Swift.max(u, 0), 1), min: min, max: max, log: log)
        switch lever.spec.kind {
        case .integer, .choice, .flag: v = v.rounded()
        case .real: break
        }
        v = Swift.min(Swift.max(v, min), max)
        return Double(NumberFormat.text(v)) ?? v
    }

    /// The unit coordinate of a value of the range (the inverse of the scaling in `value(unit:)`,
    /// before its rounding): where a value actually run lies, which for an integer lever can differ
    /// from the design's coordinate by up to half a step. NaN for a list or an empty range.
    public func unit(of v: Double) -> Double {
        guard values == nil, max > min else { return .nan }
        guard log else { return (v - min) / (max - min) }
        guard min > 0, v > 0 else { return .nan }
        return Foundation.log(v / min) / Foundation.log(max / min)
    }

    /// The grid levels: the list, or `levels` evenly spaced values over the range.
    public func gridValues(levels: Int) -> [Double] {
        if let values { return values }
        if levels == 1 { return [value(unit: 0.5)] }
        var out: [Double] = []
        for k in 0..<levels {
            let v = value(unit: Double(k) / Double(levels - 1))
            if out.last != v { out.append(v) }
        }
        return out
    }
}
