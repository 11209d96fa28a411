import Foundation

/// Builds SVG markup one element at a time: attribute and text values are escaped for XML, and
/// every coordinate goes through `num`, which never writes NaN or infinity.
///
/// The document is plain SVG 1.1 with inline presentation attributes (no CSS, no fonts, no
/// images), so it renders the same in browsers, `rsvg-convert` and Inkscape, and can be inlined
/// in an HTML page.
public struct SVGWriter {
    public let width: Double
    public let height: Double
    public private(set) var body = ""
    private var depth = 1

    public init(width: Double, height: Double) {
        self.width = width
        self.height = height
    }

    /// Text escaped for an XML attribute or element (`& < > " '`).
    public static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.count)
        for c in s.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default:
                // Control characters other than tab and newline are not allowed in XML 1.0.
                if c.value < 0x20 && c != "\t" && c != "\n" { out += " " } else { out.unicodeScalars.append(c) }
            }
        }
        return out
    }

    /// A coordinate with at most two decimals; non-finite values become 0 (callers skip them
    /// before they get here, this is the last guard) and huge ones are clamped.
    public static func num(_ v: Double) -> String {
        guard v.isFinite else { return "0" }
        let c = Swift.min(Swift.max(v, -1e7), 1e7)
        var s = String(format: "%.2f", c)
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
        return s == "-0" ? "0" : s
    }

    static func attributes(_ attrs: [(String, String)]) -> String {
        attrs.map { " \($0.0)=\"\(escape($0.1))\"" }.joined()
    }

    private mutating func emit(_ line: String) {
        body += String(repeating: "  ", count: depth) + line + "\n"
    }

    public mutating func open(_ tag: String, _ attrs: [(String, String)] = []) {
        emit("<\(tag)\(SVGWriter.attributes(attrs))>")
        depth += 1
    }

    public mutating func close(_ tag: String) {
        depth = Swift.max(1, depth - 1)
        emit("</\(tag)>")
    }

    /// An element without children, or with escaped text content.
    public mutating func element(_ tag: String, _ attrs: [(String, String)], text: String? = nil) {
        if let text {
            emit("<\(tag)\(SVGWriter.attributes(attrs))>\(SVGWriter.escape(text))</\(tag)>")
        } else {
            emit("<\(tag)\(SVGWriter.attributes(attrs))/>")
        }
    }

    public mutating func rect(x: Double, y: Double, width: Double, height: Double, fill: String,
                              _ extra: [(String, String)] = []) {
        element("rect", [("x", SVGWriter.num(x)), ("y", SVGWriter.num(y)), ("width", SVGWriter.num(Swift.max(0, width))),
                         ("height", SVGWriter.num(Swift.max(0, height))), ("fill", fill)] + extra)
    }

    public mutating func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, stroke: String,
                              width: Double = 1, _ extra: [(String, String)] = []) {
        element("line", [("x1", SVGWriter.num(x1)), ("y1", SVGWriter.num(y1)), ("x2", SVGWriter.num(x2)),
                         ("y2", SVGWriter.num(y2)), ("stroke", stroke), ("stroke-width", SVGWriter.num(width))] + extra)
    }

    public enum Anchor: String { case start, middle, end }

    public mutating func text(_ s: String, x: Double, y: Double, size: Double = 12, anchor: Anchor = .start,
                              bold: Bool = false, fill: String = "#222222", rotate: Double? = nil,
                              _ extra: [(String, String)] = []) {
        var attrs: [(String, String)] = [("x", SVGWriter.num(x)), ("y", SVGWriter.num(y)), ("font-size", SVGWriter.num(size)),
                                         ("text-anchor", anchor.rawValue), ("fill", fill)]
        if bold { attrs.append(("font-weight", "bold")) }
        if let rotate { attrs.append(("transform", "rotate(\(SVGWriter.num(rotate)) \(SVGWriter.num(x)) \(SVGWriter.num(y)))")) }
        element("text", attrs + extra, text: s)
    }

    public mutating func path(_ d: SVGPath, _ attrs: [(String, String)]) {
        guard !d.isEmpty else { return }
        element("path", [("d", d.text)] + attrs)
    }

    /// The whole document: standalone (XML declaration, namespace) for a `.svg` file, or inline
    /// for an HTML page (no namespace URL needed there).
    public func document(standalone: Bool = true, title: String = "") -> String {
        var head = standalone ? "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" : ""
        head += "<svg" + (standalone ? " xmlns=\"http://www.w3.org/2000/svg\"" : "")
        head += " width=\"\(SVGWriter.num(width))\" height=\"\(SVGWriter.num(height))\""
        head += " viewBox=\"0 0 \(SVGWriter.num(width)) \(SVGWriter.num(height))\""
        head += " font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\" role=\"img\">\n"
        if !title.isEmpty { head += "  <title>\(SVGWriter.escape(title))</title>\n" }
        return head + "  <rect x=\"0\" y=\"0\" width=\"\(SVGWriter.num(width))\" height=\"\(SVGWriter.num(height))\" fill=\"#ffffff\"/>\n"
            + body + "</svg>\n"
    }
}

/// Path data built from points; a non-finite point breaks the line instead of reaching the file.
public struct SVGPath {
    public private(set) var text = ""
    private var penDown = false

    public init() {}
    public var isEmpty: Bool { text.isEmpty }

    /// Continues the line to (x, y), or starts a new piece after a gap.
    public mutating func to(_ x: Double, _ y: Double) {
        guard x.isFinite, y.isFinite else { penDown = false; return }
        text += (text.isEmpty ? "" : " ") + (penDown ? "L" : "M") + SVGWriter.num(x) + "," + SVGWriter.num(y)
        penDown = true
    }

    public mutating func move(_ x: Double, _ y: Double) {
        penDown = false
        to(x, y)
    }

    public mutating func closePath() {
        if penDown { text += " Z" }
        penDown = false
    }
}
