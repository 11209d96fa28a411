import Foundation

/// An output folder named on the command line, checked before any work is done.
///
/// `resolve` normalises the text (`x/.` is `x`, `a/b/..` is `a`) and refuses what cannot be an
/// output folder: an empty name, `/`, the current folder or one above it (`.`, `./`, `..`), and a
/// path through an existing file. `checkReplaceable` refuses to replace a folder that holds
/// anything but the same command's own earlier output, naming the files that would be lost.
public enum OutputFolder {
    /// The normalised path (relative stays relative), or exit 2 naming the flag.
    public static func resolve(_ text: String, flag: String = "--out") throws -> String {
        guard !text.isEmpty else {
            throw BuurtError.input("the output folder is empty", key: flag, allowed: "a folder path, e.g. Results/my-run")
        }
        guard !text.contains("\0") else { throw BuurtError.input("the path holds a NUL byte", key: flag) }
        let absolute = text.hasPrefix("/")
        var parts: [String] = []
        var ups = 0
        for c in text.split(separator: "/", omittingEmptySubsequences: true).map(String.init) {
            if c == "." { continue }
            if c == ".." {
                if parts.isEmpty { if !absolute { ups += 1 } } else { parts.removeLast() }
                continue
            }
            parts.append(c)
        }
        let path = absolute ? "/" + parts.joined(separator: "/")
            : (Array(repeating: "..", count: ups) + parts).joined(separator: "/")
        let cwd = FileManager.default.currentDirectoryPath
        let full = absoluteForm(path, cwd: cwd)
        if full == "/" || parts.isEmpty {
            throw BuurtError.input("'\(text)' is \(full == "/" ? "the root folder" : "the current folder or one above it"), "
                                   + "which cannot be replaced by results", key: flag,
                                   allowed: "a folder of its own, e.g. Results/my-run")
        }
        if cwd == full || cwd.hasPrefix(full + "/") {
            throw BuurtError.input("'\(text)' holds the current folder, which cannot be replaced by results", key: flag,
                                   allowed: "a folder of its own, e.g. Results/my-run")
        }
        return path
    }

    /// An output file named on the command line (a chart, a report): refused (exit 2) when empty,
    /// naming a folder (`.`, `x/`, an existing folder) or holding a NUL byte.
    public static func checkFile(_ text: String, flag: String = "--out") throws -> String {
        let allowed = "a file name, e.g. Results/chart.svg"
        guard !text.isEmpty else { throw BuurtError.input("the output file is empty", key: flag, allowed: allowed) }
        guard !text.contains("\0") else { throw BuurtError.input("the path holds a NUL byte", key: flag, allowed: allowed) }
        let name = PathText.name(text)
        var st = stat()
        if text.hasSuffix("/") || name == "." || name == ".." || (stat(text, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR) {
            throw BuurtError.input("names a folder, not a file", file: text, key: flag, allowed: allowed)
        }
        return text
    }

    /// The parent folder ("." for a bare name) and the last component of a normalised path.
    /// (Plain string work: Foundation's `deletingLastPathComponent` traps on some inputs.)
    public static func split(_ path: String) -> (parent: String, name: String) {
        guard let slash = path.lastIndex(of: "/") else { return (".", path) }
        let parent = String(path[..<slash])
        return (parent.isEmpty ? "/" : parent, String(path[path.index(after: slash)...]))
    }

    /// `path` made absolute against `cwd` (lexically).
    public static func absoluteForm(_ path: String, cwd: String = FileManager.default.currentDirectoryPath) -> String {
        let joined = path.hasPrefix("/") ? path : cwd + "/" + path
        var parts: [Substring] = []
        for c in joined.split(separator: "/") {
            if c == "." { continue }
            if c == ".." { if !parts.isEmpty { parts.removeLast() }; continue }
            parts.append(c)
        }
        return "/" + parts.joined(separator: "/")
    }

    /// The canonical path of an existing folder (symbolic links resolved), or the lexical
    /// absolute form of one that does not exist yet.
    public static func canonical(_ path: String) -> String {
        if let r = realpath(path, nil) { defer { free(r) }; return String(cString: r) }
        return absoluteForm(path)
    }

    /// What a command may replace: a folder holding only its own earlier output.
    public struct Ownership: Sendable {
        /// The command, for messages (`buurt run`).
        public var command: String
        /// The file whose presence and content mark the folder as this command's output.
        public var marker: String
        /// Top-level files and folders the command (or the analysis of its output) writes.
        public var files: Set<String>
        /// Checks the marker's contents (e.g. `"program": "buurt"` and the kind of result).
        public var recognise: @Sendable (Data) -> Bool

        public init(command: String, marker: String, files: Set<String>, recognise: @escaping @Sendable (Data) -> Bool) {
            self.command = command; self.marker = marker; self.files = files; self.recognise = recognise
        }
    }

    /// Refuses (exit 2) to replace a folder that holds anything but `owner`'s own output; an absent
    /// or empty folder is fine.
    public static func checkReplaceable(_ folder: String, by owner: Ownership, flag: String = "--out") throws {
        var st = stat()
        guard stat(folder, &st) == 0 else { return }
        guard (st.st_mode & S_IFMT) == S_IFDIR else {
            throw BuurtError.input("the output path exists and is not a folder", file: folder, key: flag)
        }
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
        if names.isEmpty { return }
        let foreign = names.filter { !owner.files.contains($0) }
        let markerData = try? FileOps.readInput(folder + "/" + owner.marker, limit: 64 << 20)
        let recognised = markerData.map(owner.recognise) ?? false
        if recognised && foreign.isEmpty { return }
        let lost = (recognised ? foreign : names).map { name -> String in
            var isDir: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: folder + "/" + name, isDirectory: &isDir)
            return isDir.boolValue ? name + "/" : name
        }
        let listed = lost.prefix(6).joined(separator: ", ") + (lost.count > 6 ? " and \(lost.count - 6) more" : "")
        let why = recognised ? "holds files that are not \(owner.command)'s output"
                             : "is not the output of an earlier \(owner.command) (no \(owner.marker) of its own)"
        throw BuurtError.input("the folder \(why); replacing it would lose: \(listed)", file: folder, key: flag,
                               allowed: "an empty or new folder, or a folder of an earlier \(owner.command)")
    }
}
