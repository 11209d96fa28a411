import BuurtCore
import BuurtModel
import Foundation

/// One message from a page, parsed and checked before it reaches the running session.
///
/// Everything a client can send is checked here: JSON shape, message type, lever names, value
/// kinds and ranges, structural levers, text sizes. A message that fails is answered with an
/// error to that client only and never reaches the simulation.
public struct ClientCommand: Equatable, Sendable {
    /// Where a reset takes its scenario from.
    public enum Source: Equatable, Sendable {
        /// The scenario running now, from the start.
        case current
        /// A file of the models folder, by name.
        case named(String)
        /// YAML text the host uploaded.
        case upload(text: String, file: String)
    }

    public enum Action: Equatable, Sendable {
        case play, pause
        case step(Int)
        case reset(Source, overrides: [Lever: Double])
        case speed(Double)
        case set(branch: String, lever: Lever, value: Double, note: String)
        case fork(branch: String)
        case drop(branch: String)
        case export(branch: String)
        /// Send me the full state again (a page that noticed a gap).
        case resync
        /// Answer at once; measures the round trip without touching the run.
        case ping
        /// Audience: propose a lever change for a branch, or vote for a proposal (by its number).
        case propose(branch: String, lever: Lever, value: Double)
        case vote(proposal: Int)
        /// Host: apply a proposal (it becomes a lever change like any other), close the round, or
        /// turn audience voting on or off.
        case apply(proposal: Int)
        case closeVote
        case voting(Bool)
    }

    /// The client's own tag for this request, echoed in the answer.
    public var id: JSON?
    public var action: Action

    /// Message types a viewer may send; all others need the host's token.
    public static let viewerTypes: Set<String> = ["resync", "ping", "propose", "vote"]
    public static let types = ["play", "pause", "step", "reset", "speed", "set", "fork", "drop", "export", "resync", "ping",
                               "propose", "vote", "apply", "closevote", "voting"]

    public var type: String {
        switch action {
        case .play: return "play"
        case .pause: return "pause"
        case .step: return "step"
        case .reset: return "reset"
        case .speed: return "speed"
        case .set: return "set"
        case .fork: return "fork"
        case .drop: return "drop"
        case .export: return "export"
        case .resync: return "resync"
        case .ping: return "ping"
        case .propose: return "propose"
        case .vote: return "vote"
        case .apply: return "apply"
        case .closeVote: return "closevote"
        case .voting: return "voting"
        }
    }

    public var needsHost: Bool { !ClientCommand.viewerTypes.contains(type) }

    /// The error of a refused message, with the request's `id` and type when they could be read.
    public struct Refusal: Error, Equatable, Sendable {
        public var error: BuurtError
        public var id: JSON?
        public var type: String?
        /// A short name of the kind of refusal, for the page to say it in its own language.
        public var code: String?
        /// What the page needs to say it: lever, value, names, limits (see `CodedError`).
        public var params: JSON?
        public init(error: BuurtError, id: JSON? = nil, type: String? = nil, code: String? = nil, params: JSON? = nil) {
            self.error = error; self.id = id; self.type = type; self.code = code; self.params = params
        }
    }

    /// An error the page says in its own language: a code (the page's text `error.<code>`) and its
    /// parameters (`lever`: a lever's dotted name, numbers as numbers, `branches`, `suggest`: lists of
    /// names), besides the English error that other clients read.
    public struct CodedError: Error, Equatable, Sendable {
        public var error: BuurtError
        public var code: String
        public var params: JSON
        public init(_ error: BuurtError, code: String, _ params: [(String, JSON)] = []) {
            self.error = error; self.code = code; self.params = .object(params)
        }
    }

    /// A refusal about a lever's value (`code` with the lever's name: the page adds what it allows).
    static func leverError(_ message: String, _ spec: LeverSpec, code: String, _ more: [(String, JSON)] = []) -> CodedError {
        CodedError(.input(message, key: spec.name, allowed: spec.allowedText), code: code, [("lever", .string(spec.name))] + more)
    }

    /// A field the request lacks or got wrong (`field`: its name in the message).
    static func fieldError(_ message: String, field: String, allowed: String) -> CodedError {
        CodedError(.input(message, key: field, allowed: allowed), code: "field", [("field", .string(field))])
    }

    /// Parses one text message. Throws a `Refusal` that says what was wrong and what is allowed.
    public static func parse(_ text: String) throws -> ClientCommand {
        let root: Input
        do {
            root = try JSONDecoder().decode(Input.self, from: Data(text.utf8))
        } catch {
            throw Refusal(error: .input("not valid JSON", key: "message",
                                        allowed: "one JSON object such as {\"type\": \"play\"}"), code: "json")
        }
        guard case .object(let fields) = root else {
            throw Refusal(error: .input("a message must be a JSON object", key: "message",
                                        allowed: "{\"type\": ..., ...}"), code: "object")
        }
        let id = fields["id"].flatMap(echoable)
        guard case .string(let type)? = fields["type"] else {
            throw Refusal(error: .input("a message needs a 'type'", key: "type", allowed: types.joined(separator: ", ")), id: id,
                          code: "field", params: .object([("field", .string("type"))]))
        }
        do {
            return ClientCommand(id: id, action: try action(type: type, fields))
        } catch let e as CodedError {
            throw Refusal(error: e.error, id: id, type: types.contains(type) ? type : nil, code: e.code, params: e.params)
        } catch let e as BuurtError {
            throw Refusal(error: e, id: id, type: types.contains(type) ? type : nil)
        }
    }

    static func action(type: String, _ f: [String: Input]) throws -> Action {
        switch type {
        case "play": return .play
        case "pause": return .pause
        case "resync": return .resync
        case "ping": return .ping
        case "step":
            guard let c = f["count"] else { return .step(1) }
            guard case .number(let n) = c, n == n.rounded(), n >= 1, n <= 520 else {
                throw CodedError(.input("'count' must be a whole number of ticks", key: "count", allowed: "1 to 520"),
                                 code: "count", [("min", .int(1)), ("max", .int(520))])
            }
            return .step(Int(n))
        case "speed":
            guard case .number(let v)? = f["value"], v.isFinite, v >= 0, v <= 1000 else {
                throw CodedError(.input("'value' must be ticks per second", key: "value",
                                        allowed: "a number from 0 (as fast as possible) to 1000"),
                                 code: "speed", [("min", .int(0)), ("max", .int(1000))])
            }
            return .speed(v)
        case "set", "propose":
            let branch = try branchName(f)
            guard case .string(let name)? = f["lever"] else {
                throw fieldError("'\(type)' needs a 'lever' (its dotted name)", field: "lever", allowed: "see `buurt params`")
            }
            let lever = try leverNamed(name)
            if lever.spec.structural {
                throw CodedError(.input("cannot change mid-run: it shapes the population or the run; set it before a reset",
                                        key: name, allowed: Scenario.eventLevers.text),
                                 code: "structural", [("lever", .string(lever.spec.name))])
            }
            guard let raw = f["value"] else { throw leverError("'\(type)' needs a 'value'", lever.spec, code: "missing") }
            let v = try value(raw, for: lever)
            if type == "propose" { return .propose(branch: branch, lever: lever, value: v) }
            var note = ""
            if case .string(let n)? = f["note"] { note = String(n.prefix(200)) }
            return .set(branch: branch, lever: lever, value: v, note: note)
        case "vote", "apply":
            guard case .number(let n)? = f["proposal"], n == n.rounded(), n >= 1, n <= 1e9 else {
                throw fieldError("'\(type)' needs a 'proposal' (its number)", field: "proposal", allowed: "a whole number from 1")
            }
            return type == "vote" ? .vote(proposal: Int(n)) : .apply(proposal: Int(n))
        case "closevote": return .closeVote
        case "voting":
            guard case .bool(let on)? = f["on"] else {
                throw fieldError("'voting' needs 'on'", field: "on", allowed: "true or false")
            }
            return .voting(on)
        case "fork": return .fork(branch: try branchName(f))
        case "drop": return .drop(branch: try branchName(f))
        case "export": return .export(branch: try branchName(f))
        case "reset": return try reset(f)
        default:
            let near = Spelling.nearest(type, in: types)
            let hint = near.isEmpty ? "" : "; did you mean \(near.map { "'\($0)'" }.joined(separator: " or "))?"
            throw CodedError(.input("unknown message type" + hint, key: type, allowed: types.joined(separator: ", ")),
                             code: "unknownType", [("name", .string(String(type.prefix(60)))), ("suggest", .array(near.map { .string($0) }))])
        }
    }

    static func reset(_ f: [String: Input]) throws -> Action {
        var source = Source.current
        switch (f["scenario"], f["yaml"]) {
        case (nil, nil): break
        case (.string(let name)?, nil): source = .named(name)
        case (nil, .string(let text)?):
            var file = "upload.yaml"
            if case .string(let given)? = f["file"] {
                let safe = given.unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) || "-_.".unicodeScalars.contains($0) }
                if !safe.isEmpty { file = String(String.UnicodeScalarView(safe).prefix(100)) }
            }
            source = .upload(text: text, file: file)
        default:
            throw CodedError(.input("'reset' takes either 'scenario' (a name) or 'yaml' (the text of a file)",
                                    key: "reset", allowed: "{\"type\": \"reset\", \"scenario\": \"baseline\"} or {\"type\": \"reset\", \"yaml\": \"...\"}"),
                             code: "resetSource")
        }
        var overrides: [Lever: Double] = [:]
        if let s = f["set"] {
            guard case .object(let sets) = s else {
                throw fieldError("'set' must be an object of lever values", field: "set", allowed: "{\"population.residents\": 4000}")
            }
            for (name, raw) in sets {
                let lever = try leverNamed(name)
                overrides[lever] = try value(raw, for: lever)
            }
        }
        return .reset(source, overrides: overrides)
    }

    static func branchName(_ f: [String: Input]) throws -> String {
        guard case .string(let b)? = f["branch"], !b.isEmpty, b.count <= 16 else {
            throw fieldError("needs a 'branch' (its name, as shown on the page)", field: "branch", allowed: "e.g. \"A\"")
        }
        return b
    }

    /// A lever by its dotted name; an unknown name is refused with the nearest names.
    static func leverNamed(_ name: String) throws -> Lever {
        let short = String(name.prefix(200))
        do {
            return Lever(rawValue: try Lever.registry.lookup(short))!
        } catch let e as BuurtError {
            let near = Spelling.nearest(short, in: Lever.registry.specs.map(\.name))
            throw CodedError(e, code: "unknownLever", [("name", .string(String(short.prefix(60)))), ("suggest", .array(near.map { .string($0) }))])
        }
    }

    /// A lever value from a JSON number, a boolean (flags) or an option's name (choices), checked
    /// against the lever's kind and range and rounded to the 6 decimals an exported scenario carries,
    /// so that a replay is exact. A number sent as text ("10000") is refused: JSON has numbers.
    static func value(_ raw: Input, for lever: Lever) throws -> Double {
        let spec = lever.spec
        var v: Double
        switch raw {
        case .number(let n):
            v = n
        case .bool(let b):
            guard case .flag = spec.kind else {
                throw leverError("\(b) is not a value of this lever", spec, code: "value")
            }
            v = b ? 1 : 0
        case .string(let s):
            guard case .choice = spec.kind else {
                throw leverError("send a number, not text", spec, code: "number")
            }
            do { v = try spec.parse(String(s.prefix(100))) } catch let e as BuurtError {
                throw CodedError(e, code: "value", [("lever", .string(spec.name))])
            }
        default:
            throw leverError("expected a value", spec, code: "value")
        }
        guard v.isFinite else { throw leverError("not a finite number", spec, code: "value") }
        if v < spec.min || v > spec.max {
            // Said short: a value such as 1e308 is not spelt out in 309 digits.
            throw leverError("\(shortNumber(v)) is out of range", spec, code: "range",
                             [("value", abs(v) < 1e12 ? .number(v) : .string(shortNumber(v)))])
        }
        if case .real = spec.kind, let rounded = Double(NumberFormat.text(v)) { v = rounded }
        do { return try spec.validate(v) } catch let e as BuurtError {
            throw CodedError(e, code: "value", [("lever", .string(spec.name))])
        }
    }

    /// A number in at most about a dozen characters (exponent form when large or tiny).
    static func shortNumber(_ v: Double) -> String {
        let plain = NumberFormat.text(v)
        return plain.count <= 12 ? plain : String(format: "%.4g", v)
    }

    /// A request tag worth echoing: a short string or a finite number.
    static func echoable(_ input: Input) -> JSON? {
        switch input {
        case .string(let s) where s.count <= 64: return .string(s)
        case .number(let n) where n.isFinite: return .number(n)
        default: return nil
        }
    }

    /// Any JSON value, decoded loosely so that the checks above can say what was wrong.
    enum Input: Decodable, Equatable {
        case null, bool(Bool), number(Double), string(String), array([Input]), object([String: Input])

        init(from decoder: any Decoder) throws {
            if let keyed = try? decoder.container(keyedBy: AnyKey.self) {
                var out: [String: Input] = [:]
                for k in keyed.allKeys { out[k.stringValue] = try keyed.decode(Input.self, forKey: k) }
                self = .object(out)
                return
            }
            if var list = try? decoder.unkeyedContainer() {
                var out: [Input] = []
                while !list.isAtEnd { out.append(try list.decode(Input.self)) }
                self = .array(out)
                return
            }
            let c = try decoder.singleValueContainer()
            if c.decodeNil() { self = .null }
            else if let b = try? c.decode(Bool.self) { self = .bool(b) }
            else if let n = try? c.decode(Double.self) { self = .number(n) }
            else { self = .string(try c.decode(String.self)) }
        }
    }

    struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}
