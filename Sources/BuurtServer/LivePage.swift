/// The live workshop page: an HTML document, its style sheet and its scripts, kept as real files in
/// `Sources/BuurtServer/Page/` and compiled into the binary (`PageAssets`, made by `scripts/embed-page`).
/// It fetches nothing from anywhere but its own server, uses the machine's own fonts, and builds its
/// controls, charts and texts (Dutch or English) from the server's `hello` message.
///
/// Made for a projector at the back of a room: large type, black on white, thick lines, and the
/// Okabe-Ito colour-blind-safe palette; a presenter layout for small beamers and one column on a phone.
public enum LivePage {
    /// One file of the page: what it is called on the server and its media type.
    public struct Asset: Sendable {
        public let path: String
        public let contentType: String
        public let text: String
    }

    /// The page itself (`/`), then its style sheet and scripts by file name.
    public static let assets: [Asset] = PageAssets.files.keys.sorted().map { name in
        let type: String
        if name.hasSuffix(".html") { type = "text/html; charset=utf-8" }
        else if name.hasSuffix(".css") { type = "text/css; charset=utf-8" }
        else { type = "text/javascript; charset=utf-8" }
        return Asset(path: name == "index.html" ? "/" : "/" + name, contentType: type, text: PageAssets.files[name]!)
    }

    /// The HTML document.
    public static var html: String { PageAssets.files["index.html"]! }
}
