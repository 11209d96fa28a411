import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import XCTest

/// Parses an SVG (or XHTML) document with Foundation's XMLParser and collects what the structural
/// checks need: whether it is well-formed, elements by class, all text, and every coordinate.
final class SVGInspector: NSObject, XMLParserDelegate {
    private(set) var wellFormed = false
    private(set) var error: String?
    private(set) var elements: [(name: String, attrs: [String: String])] = []
    private(set) var texts: [String] = []
    private var current = ""

    static let coordinateAttributes: Set<String> = ["x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "width", "height"]

    init(_ text: String) {
        super.init()
        let parser = XMLParser(data: Data(text.utf8))
        parser.delegate = self
        wellFormed = parser.parse()
        if !wellFormed { error = parser.parserError.map { "\($0)" } ?? "unknown" }
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        elements.append((name, attributes))
        current = ""
    }
    func parser(_ parser: XMLParser, foundCharacters string: String) { current += string }
    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        let t = current.trimmingCharacters(in: .whitespacesAndNewlines)
        if !t.isEmpty { texts.append(t) }
        current = ""
    }

    /// Elements whose class list holds `cls`.
    func count(class cls: String, element: String? = nil) -> Int {
        elements.filter { e in
            (element == nil || e.name == element) && (e.attrs["class"]?.split(separator: " ").contains(Substring(cls)) ?? false)
        }.count
    }

    func hasText(containing s: String) -> Bool { texts.contains { $0.contains(s) } }

    /// Every number in coordinate attributes and path data; fails on anything not a finite number.
    func checkFiniteCoordinates(file: StaticString = #filePath, line: UInt = #line) {
        var numbers = 0
        for e in elements {
            for (k, v) in e.attrs {
                if SVGInspector.coordinateAttributes.contains(k) {
                    guard let d = Double(v), d.isFinite else { XCTFail("\(e.name) \(k)=\(v)", file: file, line: line); continue }
                    numbers += 1
                }
                if k == "d" || k == "points" {
                    for token in v.split(whereSeparator: { " ,MLZHVmlz".contains($0) }) {
                        guard let d = Double(token), d.isFinite else { XCTFail("path token \(token) in \(v.prefix(80))", file: file, line: line); continue }
                        numbers += 1
                    }
                }
                let lower = v.lowercased()
                if lower.contains("nan") || lower.contains("inf") {
                    XCTFail("\(e.name) \(k)=\(v) holds nan/inf", file: file, line: line)
                }
            }
        }
        XCTAssertGreaterThan(numbers, 10, "a chart has coordinates", file: file, line: line)
    }
}
