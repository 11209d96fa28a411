/// Path arithmetic on plain strings.
///
/// Foundation's `NSString` path methods (`deletingLastPathComponent` and friends) trap on some
/// inputs on Linux (a one-character path such as `x` or `.`), so Buurt never calls them.
public enum PathText {
    /// The folder part ("." for a bare name, "/" for a name at the root).
    public static func parent(_ path: String) -> String {
        var p = Substring(path)
        while p.count > 1, p.hasSuffix("/") { p = p.dropLast() }
        guard let slash = p.lastIndex(of: "/") else { return "." }
        let head = p[..<slash]
        return head.isEmpty ? "/" : String(head)
    }

    /// The last component, without trailing slashes.
    public static func name(_ path: String) -> String {
        var p = Substring(path)
        while p.count > 1, p.hasSuffix("/") { p = p.dropLast() }
        guard let slash = p.lastIndex(of: "/") else { return String(p) }
        return String(p[p.index(after: slash)...])
    }

    /// The last component without its extension (`runs.csv` gives `runs`; `.hidden` stays).
    public static func stem(_ path: String) -> String {
        let n = name(path)
        guard let dot = n.lastIndex(of: "."), dot != n.startIndex else { return n }
        return String(n[..<dot])
    }

    /// The path without its extension.
    public static func droppingExtension(_ path: String) -> String {
        let n = name(path), s = stem(path)
        return String(path.dropLast(n.count - s.count))
    }

    /// `base/child` (child as is when absolute).
    public static func join(_ base: String, _ child: String) -> String {
        if child.hasPrefix("/") || base.isEmpty { return child }
        return base.hasSuffix("/") ? base + child : base + "/" + child
    }
}
