import Foundation
import BuurtCore
import BuurtModel

/// A sealed `experiment.json`: the provenance of a sweep with a checksum over all its fields, so
/// that an edited or damaged provenance file (another seed typed in, a line cut) is recognised.
///
/// The checksum is FNV-1a 64 of a canonical text of the JSON as it reads back (keys sorted, numbers
/// as JSON gives them), so writing and checking see the same values.
public enum Provenance {
    /// The JSON text of `obj` with its `checksum` field added.
    public static func sealed(_ obj: [String: Any]) throws -> String {
        var copy = obj
        copy["checksum"] = nil
        let first = RunOutput.json(copy)
        guard let back = try? JSONSerialization.jsonObject(with: Data(first.utf8)) as? [String: Any] else {
            throw BuurtError.runtime("cannot encode experiment.json")
        }
        copy["checksum"] = checksum(back)
        return RunOutput.json(copy)
    }

    /// The checksum of a provenance object as read (its own `checksum` field left out).
    public static func checksum(_ obj: [String: Any]) -> String {
        var o = obj
        o["checksum"] = nil
        var text = ""
        canonical(o, into: &text)
        return Fingerprint.hex(text)
    }

    /// Whether a provenance object read from disk carries a checksum that matches its fields.
    public static func isIntact(_ obj: [String: Any]) -> Bool {
        guard let c = obj["checksum"] as? String else { return false }
        return c == checksum(obj)
    }

    static func canonical(_ v: Any, into out: inout String) {
        switch v {
        case let d as [String: Any]:
            out += "{"
            for k in d.keys.sorted() { out += "\(k.utf8.count):\(k)="; canonical(d[k]!, into: &out); out += ";" }
            out += "}"
        case let a as [Any]:
            out += "["
            for x in a { canonical(x, into: &out); out += "," }
            out += "]"
        case let s as String: out += "s\(s.utf8.count):\(s)"
        case let n as NSNumber: out += "n\(n.stringValue)"
        case is NSNull: out += "null"
        default: out += "?\(v)"
        }
    }
}
