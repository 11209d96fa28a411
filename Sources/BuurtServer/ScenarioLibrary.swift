import BuurtCore
import BuurtModel
import Foundation

/// The scenarios the page offers: the YAML files directly inside one folder, by name only.
///
/// A name is looked up in a fresh listing of the folder and the file is read from the path the
/// listing gave, so nothing a client sends ever becomes part of a path (no `..`, no `/`).
public struct ScenarioLibrary: Sendable {
    public let folder: String
    /// Largest scenario file read (a scenario is a few kilobytes).
    static let maxFileBytes = 1 << 20

    public init(folder: String) { self.folder = folder }

    /// Scenario names (file names without `.yaml`), sorted; `baseline` is always offered (the
    /// embedded default) even when the folder lacks it.
    public func names() -> [String] {
        var names = Set(files().keys)
        names.insert("baseline")
        return names.sorted()
    }

    /// Name to file path, for the plain files in the folder with a safe name ending in .yaml/.yml.
    func files() -> [String: String] {
        let fm = FileManager.default
        guard let entries = try? fm.contentsOfDirectory(atPath: folder) else { return [:] }
        var out: [String: String] = [:]
        for entry in entries {
            guard let name = ScenarioLibrary.scenarioName(fileName: entry) else { continue }
            let path = (folder as NSString).appendingPathComponent(entry)
            guard let attrs = try? fm.attributesOfItem(atPath: path),
                  attrs[.type] as? FileAttributeType == .typeRegular else { continue }
            if out[name] == nil || entry.hasSuffix(".yaml") { out[name] = path }
        }
        return out
    }

    /// The scenario name of a file name, or nil when it is not an offered scenario file.
    static func scenarioName(fileName: String) -> String? {
        let ext = fileName.hasSuffix(".yaml") ? ".yaml" : fileName.hasSuffix(".yml") ? ".yml" : ""
        guard !ext.isEmpty else { return nil }
        let name = String(fileName.dropLast(ext.count))
        guard let first = name.unicodeScalars.first, CharacterSet.alphanumerics.contains(first),
              name.unicodeScalars.allSatisfy({ CharacterSet.alphanumerics.contains($0) || "-_.".unicodeScalars.contains($0) }),
              name.count <= 100 else { return nil }
        return name
    }

    /// Loads a scenario by name, validated like `buurt run` would.
    public func load(name: String) throws -> Scenario {
        let available = files()
        guard let path = available[name] else {
            if name == "baseline" { return Scenario.baseline() }
            throw BuurtError.input("no such scenario", key: "scenario", allowed: names().joined(separator: ", "))
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        guard size <= ScenarioLibrary.maxFileBytes else {
            throw BuurtError.input(.tooLarge(what: "scenario file", bytes: size, limit: ScenarioLibrary.maxFileBytes), file: path)
        }
        return try Scenario.load(path: path)
    }

    /// Parses YAML text a host uploaded, with the same errors as the command line.
    public static func parseUpload(_ text: String, fileName: String = "upload.yaml") throws -> Scenario {
        var s = try Scenario.parse(text, file: fileName)
        if s.name == "custom" { s.name = "upload" }
        return s
    }
}
