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

    /// The default output folder `Results/NAME` of a scenario or experiment without `--out`. The
    /// name must then be one plain folder name (not empty, `.` or `..`, no `/`, no NUL byte, at most
    /// 255 bytes); otherwise exit 2 naming the file and the key `name`, since a name such as
    /// `../elsewhere` would write outside `Results/`.
    public static func defaultFolder(name: String, file: String?) throws -> String {
        let allowed = "a plain folder name (no '/', not '.' or '..', at most 255 bytes), or give --out"
        var why: String? = nil
        if name.isEmpty { why = "is empty" }
        else if name.contains("\0") { why = "holds a NUL byte" }
        else if name.contains("/") { why = "holds a '/'" }
        else if name == "." || name == ".." { why = "is '\(name)'" }
        else if name.utf8.count > 255 { why = "is \(name.utf8.count) bytes long" }
        if let why {
            throw BuurtError.input("the name \(why), and without --out it names the output folder Results/<name>",
                                   file: file, key: "name", allowed: allowed)
        }
        return try resolve("Results/" + name)
    }

    /// An output file named on the command line (a chart, a report): refused (exit 2) when empty,
    /// naming a folder (`.`, `x/`, an existing folder) or holding a NUL byte, and when it names an
    /// existing file that Buurt did not write: a file is replaced only when it is empty or
    /// recognisably one of Buurt's own charts or reports (`OwnedFiles`). A symbolic link, a pipe or
    /// a device is refused too: writing the file would replace the link, or block.
    public static func checkFile(_ text: String, flag: String = "--out") throws -> String {
        let allowed = "a file name, e.g. Results/chart.svg"
        guard !text.isEmpty else { throw BuurtError.input("the output file is empty", key: flag, allowed: allowed) }
        guard !text.contains("\0") else { throw BuurtError.input("the path holds a NUL byte", key: flag, allowed: allowed) }
        let name = PathText.name(text)
        var st = stat()
        if text.hasSuffix("/") || name == "." || name == ".." || (stat(text, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR) {
            throw BuurtError.input("names a folder, not a file", file: text, key: flag, allowed: allowed)
        }
        try checkReplaceableFile(text, flag: flag, allowed: allowed) { OwnedFiles.isChart($0) || OwnedFiles.isReport($0) }
        return text
    }

    /// Refuses (exit 2) an existing `path` that is not a regular file, or that is a non-empty file
    /// `ours` does not recognise as Buurt's own; an absent path is fine.
    public static func checkReplaceableFile(_ path: String, flag: String = "--out", allowed: String = "a new file name",
                                            ours: (String) -> Bool) throws {
        var st = stat()
        guard lstat(path, &st) == 0 else { return }
        switch st.st_mode & S_IFMT {
        case S_IFREG:
            if st.st_size == 0 || ours(path) { return }
            throw BuurtError.input("the file exists and Buurt did not write it (it is not one of Buurt's charts or reports); "
                                   + "Buurt replaces only its own files", file: path, key: flag,
                                   allowed: allowed + ", or move the file away first")
        case S_IFLNK:
            throw BuurtError.input("is a symbolic link; Buurt does not replace links", file: path, key: flag,
                                   allowed: "the file the link points to, or another name")
        case S_IFDIR:
            throw BuurtError.input("names a folder, not a file", file: path, key: flag, allowed: allowed)
        default:
            throw BuurtError.input("is not a regular file (a pipe, a socket or a device)", file: path, key: flag, allowed: allowed)
        }
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

    /// The real place of `path`, whether or not it exists: its deepest existing ancestor with
    /// symbolic links resolved, followed by the rest. Two names of one folder (through a link)
    /// give the same real path, so a lock keyed on it holds whatever name a command was given.
    public static func real(_ path: String) -> String {
        var head = absoluteForm(path)
        var rest: [String] = []
        while head != "/" {
            if let r = realpath(head, nil) {
                defer { free(r) }
                let base = String(cString: r)
                return rest.isEmpty ? base : (base == "/" ? "" : base) + "/" + rest.reversed().joined(separator: "/")
            }
            let (parent, name) = split(head)
            rest.append(name)
            head = parent
        }
        return "/" + rest.reversed().joined(separator: "/")
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
        /// For each of `files` that is a folder: which of its files (by path) Buurt wrote. A folder
        /// with no rule here, or anything in a folder that its rule does not recognise (a user's
        /// script in `network/`, notes in `plots/`, a folder inside), is foreign.
        public var folders: [String: @Sendable (String) -> Bool]

        public init(command: String, marker: String, files: Set<String>, recognise: @escaping @Sendable (Data) -> Bool,
                    folders: [String: @Sendable (String) -> Bool] = Ownership.buurtFolders) {
            self.command = command; self.marker = marker; self.files = files; self.recognise = recognise
            self.folders = folders
        }

        /// The folders Buurt writes inside its outputs: `network/` (snapshots of `run`) and
        /// `plots/` (charts of `plot`).
        public static let buurtFolders: [String: @Sendable (String) -> Bool] = [
            "network": { OwnedFiles.isNetworkFile($0) },
            "plots": { OwnedFiles.isPlotFile($0) },
        ]

        /// The names in `folder` that are not this command's output, shown as `name`, `name/` for
        /// a folder, or `network/file` for a foreign file inside an owned folder.
        public func foreign(in folder: String) -> [String] {
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
            var lost: [String] = []
            for name in names {
                let path = folder + "/" + name
                var st = stat()
                guard lstat(path, &st) == 0 else { continue }
                let kind = st.st_mode & S_IFMT
                guard files.contains(name) else { lost.append(kind == S_IFDIR ? name + "/" : name); continue }
                switch kind {
                case S_IFREG: continue
                case S_IFDIR:
                    guard let rule = folders[name] else { lost.append(name + "/"); continue }
                    let inner = ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted()
                    for f in inner where !rule(path + "/" + f) {
                        var fs = stat()
                        let isDir = lstat(path + "/" + f, &fs) == 0 && (fs.st_mode & S_IFMT) == S_IFDIR
                        lost.append(name + "/" + f + (isDir ? "/" : ""))
                    }
                default: lost.append(name)
                }
            }
            return lost
        }

        /// Removes from `folder` only what `foreign(in:)` accepts as this command's output, then the
        /// folder itself when nothing else is left. Returns whether the folder is gone.
        @discardableResult
        public func removeOwned(in folder: String) -> Bool {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
            for name in names where files.contains(name) {
                let path = folder + "/" + name
                var st = stat()
                guard lstat(path, &st) == 0 else { continue }
                switch st.st_mode & S_IFMT {
                case S_IFREG: unlink(path)
                case S_IFDIR:
                    guard let rule = folders[name] else { continue }
                    OutputFolder.removeOwned(in: path, where: rule)
                default: continue
                }
            }
            return rmdir(folder) == 0
        }
    }

    /// Removes the files in `folder` that `rule` recognises (all judged before any is removed: a
    /// chart's PNG is recognised by the chart beside it), then the folder if it is empty.
    public static func removeOwned(in folder: String, where rule: (String) -> Bool) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        let ours = names.filter { rule(folder + "/" + $0) }
        for f in ours { unlink(folder + "/" + f) }
        rmdir(folder)
    }

    /// Refuses (exit 2) to replace a folder that holds anything but `owner`'s own output; an absent
    /// or empty folder is fine. Inside an owned folder such as `network/` or `plots/` only the
    /// files Buurt writes there count as its output.
    public static func checkReplaceable(_ folder: String, by owner: Ownership, flag: String = "--out", shownAs: String? = nil) throws {
        let shown = shownAs ?? folder
        var st = stat()
        guard stat(folder, &st) == 0 else { return }
        guard (st.st_mode & S_IFMT) == S_IFDIR else {
            throw BuurtError.input("the output path exists and is not a folder", file: shown, key: flag)
        }
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
        if names.isEmpty { return }
        let foreign = owner.foreign(in: folder)
        let markerData = try? FileOps.readInput(folder + "/" + owner.marker, limit: 64 << 20)
        let recognised = markerData.map(owner.recognise) ?? false
        if recognised && foreign.isEmpty { return }
        let lost = recognised ? foreign : names.map { name -> String in
            var isDir: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: folder + "/" + name, isDirectory: &isDir)
            return isDir.boolValue ? name + "/" : name
        }
        let listed = lost.prefix(6).joined(separator: ", ") + (lost.count > 6 ? " and \(lost.count - 6) more" : "")
        let why = recognised ? "holds files that are not \(owner.command)'s output"
                             : "is not the output of an earlier \(owner.command) (no \(owner.marker) of its own)"
        throw BuurtError.input("the folder \(why); replacing it would lose: \(listed)", file: shown, key: flag,
                               allowed: "an empty or new folder, or a folder of an earlier \(owner.command)")
    }
}
