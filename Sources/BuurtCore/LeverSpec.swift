/// One declared lever: the single source of its name, default, range, unit and description.
///
/// Values of every kind are held as `Double` (a flag as 0/1, a choice as the index of its option),
/// so that designs, events and the live page treat all levers alike.
public struct LeverSpec: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case real
        case integer
        case flag
        case choice([String])
    }

    public let name: String
    public let kind: Kind
    public let defaultValue: Double
    public let min: Double
    public let max: Double
    public let unit: String
    public let description: String
    /// A structural lever shapes the population and cannot change mid-run (no events, no live edits).
    public let structural: Bool
    /// Where the default comes from: a citation, a seed file (`../shared/seeds/...`), a calibration
    /// (docs/CALIBRATION.md) or 'assumption'.
    public private(set) var source: String = "assumption"
    /// Whether the value is uncertain: such levers are varied by the sensitivity analysis and the
    /// robustness check, within their plausible range.
    public private(set) var uncertain: Bool = false
    /// The plausible range (for uncertain levers; otherwise the allowed range).
    public private(set) var plausibleMin: Double
    public private(set) var plausibleMax: Double

    public init(_ name: String, _ kind: Kind = .real, default defaultValue: Double, min: Double = 0,
                max: Double = 1, unit: String, structural: Bool = false, _ description: String) {
        self.name = name; self.kind = kind; self.defaultValue = defaultValue
        self.min = min; self.max = max; self.unit = unit; self.description = description
        self.structural = structural
        self.plausibleMin = min; self.plausibleMax = max
        if case .choice(let options) = kind {
            precondition(Int(max) == options.count - 1, "choice lever \(name): max must be options.count-1")
        }
    }

    public static func flag(_ name: String, default value: Bool, _ description: String) -> LeverSpec {
        LeverSpec(name, .flag, default: value ? 1 : 0, min: 0, max: 1, unit: "bool", description)
    }
    public static func choice(_ name: String, _ options: [String], default value: String,
                              _ description: String) -> LeverSpec {
        LeverSpec(name, .choice(options), default: Double(options.firstIndex(of: value)!), min: 0,
                  max: Double(options.count - 1), unit: "choice", description)
    }

    /// The same lever with its provenance declared: its source and, for an uncertain value, the
    /// plausible range the sensitivity analysis and robustness check vary it over.
    public func sourced(_ source: String, plausible: ClosedRange<Double>? = nil) -> LeverSpec {
        var s = self
        s.source = source
        if let plausible {
            precondition(plausible.lowerBound >= min && plausible.upperBound <= max,
                         "lever \(name): plausible range outside the allowed range")
            precondition(plausible.contains(defaultValue), "lever \(name): default outside the plausible range")
            s.uncertain = true
            s.plausibleMin = plausible.lowerBound; s.plausibleMax = plausible.upperBound
        }
        return s
    }

    public var plausibleText: String { "\(NumberFormat.text(plausibleMin)) .. \(NumberFormat.text(plausibleMax))" }

    /// The group: the part of the name before the first dot (`funding` for `funding.grant_size`),
    /// found in its bytes (splitting the string by characters cost more than a microsecond a lever).
    public var group: String {
        guard let dot = name.utf8.firstIndex(of: UInt8(ascii: ".")) else { return name }
        return String(name[..<dot])
    }

    /// The allowed values, said the way a user types them.
    public var allowedText: String {
        switch kind {
        case .real: return "a number from \(NumberFormat.text(min)) to \(NumberFormat.text(max))"
        case .integer: return "a whole number from \(NumberFormat.text(min)) to \(NumberFormat.text(max))"
        case .flag: return "true or false"
        case .choice(let options): return options.joined(separator: " | ")
        }
    }

    public var rangeText: String {
        switch kind {
        case .real, .integer: return "\(NumberFormat.text(min)) .. \(NumberFormat.text(max))"
        case .flag: return "true | false"
        case .choice(let options): return options.joined(separator: " | ")
        }
    }

    /// A value the way a user writes it (and the way CSV and YAML carry it).
    public func format(_ value: Double) -> String {
        switch kind {
        case .real, .integer: return NumberFormat.text(value)
        case .flag: return value != 0 ? "true" : "false"
        case .choice(let options):
            let i = Int(value)
            return options.indices.contains(i) ? options[i] : NumberFormat.text(value)
        }
    }

    /// Parses a value written as text (from `--set`, a design list or a page control).
    public func parse(_ text: String) throws -> Double {
        let t = LeverSpec.trimmed(text)
        switch kind {
        case .flag:
            switch t.lowercased() {
            case "true", "yes", "on", "1": return 1
            case "false", "no", "off", "0": return 0
            default: throw BuurtError.input(.notTrueOrFalse(text: t), key: name, expected: .leverValue(self))
            }
        case .choice(let options):
            if let i = options.firstIndex(of: t) { return Double(i) }
            throw BuurtError.input(.notAnOption(text: t), key: name, expected: .leverValue(self))
        case .real, .integer:
            let digits = t.utf8.contains(UInt8(ascii: "_")) ? t.replacingOccurrences(of: "_", with: "") : t
            // A NUL byte would end the C string the number is read from: "5000\09" would be 5000.
            guard !digits.utf8.contains(0), let v = Double(digits), v.isFinite else {
                throw BuurtError.input(.notANumber(text: t), key: name, expected: .leverValue(self))
            }
            return try validate(v)
        }
    }

    /// `text` without the spaces and tabs (Unicode's space separators) at its ends. A value that
    /// starts and ends with another ASCII character, as every value of a scenario file does, is
    /// taken as it is, without Foundation's character sets (their first use cost a tenth of a
    /// millisecond of every run).
    public static func trimmed(_ text: String) -> String {
        if let first = text.utf8.first, let last = text.utf8.last,
           first < 0x80, last < 0x80, first != 0x20, first != 0x09, last != 0x20, last != 0x09 {
            return text
        }
        return text.trimmingCharacters(in: .whitespaces)
    }

    /// Checks a numeric value against kind and range; returns it unchanged when valid.
    @discardableResult
    public func validate(_ v: Double) throws -> Double {
        guard v.isFinite else { throw BuurtError.input(.notFinite, key: name, expected: .leverValue(self)) }
        if case .integer = kind, v.rounded() != v {
            throw BuurtError.input(.notWhole(value: v), key: name, expected: .leverValue(self))
        }
        if case .flag = kind, v != 0, v != 1 {
            throw BuurtError.input(.flagValue(value: v), key: name, expected: .leverValue(self))
        }
        if case .choice = kind, v.rounded() != v {
            throw BuurtError.input(.optionValue(value: v), key: name, expected: .leverValue(self))
        }
        if v < min || v > max {
            throw BuurtError.input(.outOfRange(value: v), key: name, expected: .leverValue(self))
        }
        return v
    }
}

import Foundation
