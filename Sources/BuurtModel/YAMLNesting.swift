import BuurtCore

/// A scan of a YAML text's nesting depth before it reaches the parser, whose recursion would
/// overflow the stack on a hostile file (`[[[[...` 5,000 deep).
///
/// It counts flow nesting (`[` and `{` outside quotes and comments), block nesting (levels of
/// indentation) and sequence dashes (`- - - x`). It errs on the safe side: a depth it overstates
/// is still far below the limit in any real scenario or experiment (they nest three or four deep).
public enum YAMLNesting {
    /// The deepest nesting any input file may have.
    public static let limit = 64

    public static func check(_ text: String, file: String) throws {
        var flow = 0
        var quote: UInt8? = nil       // inside '...' or "..."
        var blocks: [Int] = []        // indentation of the open block levels
        var line = 1
        let bytes = Array(text.utf8)
        var i = 0
        func refuse() -> BuurtError {
            BuurtError.input(.tooDeep(limit: limit), file: file, line: line, expected: .depth(limit))
        }
        while i < bytes.count {
            // Start of a line: indentation and dashes (block context only).
            var indent = 0
            while i < bytes.count, bytes[i] == 32 { indent += 1; i += 1 }
            var dashes = 0
            if quote == nil, flow == 0 {
                var j = i
                while j + 1 < bytes.count, bytes[j] == 45, bytes[j + 1] == 32 || bytes[j + 1] == 9 {
                    dashes += 1; j += 2
                    while j < bytes.count, bytes[j] == 32 { j += 1 }
                }
                let content = j < bytes.count && bytes[j] != 10 && bytes[j] != 13 && bytes[j] != 35
                if content || dashes > 0 {
                    while let last = blocks.last, last > indent { blocks.removeLast() }
                    if blocks.last != indent { blocks.append(indent) }
                    if blocks.count + dashes + flow > limit { throw refuse() }
                }
                i = j
            }
            // The rest of the line.
            var previous: UInt8 = 32
            while i < bytes.count, bytes[i] != 10 {
                let b = bytes[i]
                if let q = quote {
                    if q == 34, b == 92 { i += 2; previous = 0; continue }      // \" in a double-quoted string
                    if b == q {
                        if q == 39, i + 1 < bytes.count, bytes[i + 1] == 39 { i += 2; continue }   // '' in '...'
                        quote = nil
                    }
                } else {
                    switch b {
                    case 35 where previous == 32 || previous == 9:             // a comment: skip to the end of line
                        while i < bytes.count, bytes[i] != 10 { i += 1 }
                        continue
                    case 34 where [32, 9, 91, 123, 44, 58].contains(previous), 39 where [32, 9, 91, 123, 44, 58].contains(previous):
                        quote = b
                    case 91, 123:
                        flow += 1
                        if blocks.count + dashes + flow > limit { throw refuse() }
                    case 93, 125:
                        flow = max(0, flow - 1)
                    default: break
                    }
                }
                previous = b
                i += 1
            }
            i += 1
            line += 1
        }
    }
}
