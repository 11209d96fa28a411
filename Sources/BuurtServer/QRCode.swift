/// A QR code (ISO/IEC 18004, byte mode, error correction level L, versions 1 to 10), so the host can
/// open the control link on a second device by pointing its camera at the terminal.
///
/// Small on purpose: enough for a URL of up to 271 bytes, nothing else.
public enum QRCode {
    /// (error-correction codewords per block, blocks and data codewords of group 1, of group 2)
    static let blocks: [(ec: Int, b1: Int, d1: Int, b2: Int, d2: Int)] = [
        (7, 1, 19, 0, 0), (10, 1, 34, 0, 0), (15, 1, 55, 0, 0), (20, 1, 80, 0, 0), (26, 1, 108, 0, 0),
        (18, 2, 68, 0, 0), (20, 2, 78, 0, 0), (24, 2, 97, 0, 0), (30, 2, 116, 0, 0), (18, 2, 68, 2, 69),
    ]
    static let alignment: [[Int]] = [[], [6, 18], [6, 22], [6, 26], [6, 30], [6, 34], [6, 22, 38], [6, 24, 42],
                                     [6, 26, 46], [6, 28, 50]]

    /// The modules (true = dark), row by row, without the quiet zone; nil when the text is too long.
    /// `mask` forces a mask pattern (tests); otherwise the one with the lowest penalty is used.
    public static func matrix(for text: String, mask forced: Int? = nil) -> [[Bool]]? {
        let bytes = Array(text.utf8)
        guard let version = (1...10).first(where: { v in
            let b = blocks[v - 1]
            return 4 + (v < 10 ? 8 : 16) + 8 * bytes.count <= 8 * (b.b1 * b.d1 + b.b2 * b.d2)
        }) else { return nil }
        let codewords = interleaved(data: dataCodewords(bytes, version: version), version: version)
        let size = 17 + 4 * version
        var m = Grid(size: size)
        m.drawFunctionPatterns(version: version)
        m.placeData(codewords)
        var best: Grid? = nil, bestPenalty = Int.max
        for mask in forced.map({ [$0] }) ?? Array(0..<8) {
            var g = m
            g.applyMask(mask)
            g.drawFormat(mask: mask)
            let p = g.penalty()
            if p < bestPenalty { best = g; bestPenalty = p }
        }
        return best.map { g in (0..<size).map { r in (0..<size).map { c in g.dark[r * size + c] } } }
    }

    /// The code as text for a terminal: two rows per line with half blocks, dark on light, with the
    /// quiet zone around it.
    public static func terminal(_ matrix: [[Bool]]) -> String {
        let n = matrix.count, q = 2
        func dark(_ r: Int, _ c: Int) -> Bool {
            let (rr, cc) = (r - q, c - q)
            return rr >= 0 && rr < n && cc >= 0 && cc < n && matrix[rr][cc]
        }
        var out = ""
        var r = 0
        while r < n + 2 * q {
            for c in 0..<(n + 2 * q) {
                // Light modules are drawn (terminals are usually dark), so the code reads as dark on light.
                switch (!dark(r, c), !dark(r + 1, c) && r + 1 < n + 2 * q) {
                case (true, true): out += "█"
                case (true, false): out += "▀"
                case (false, true): out += "▄"
                case (false, false): out += " "
                }
            }
            out += "\n"
            r += 2
        }
        return out
    }

    static func dataCodewords(_ bytes: [UInt8], version: Int) -> [UInt8] {
        let b = blocks[version - 1]
        let capacity = b.b1 * b.d1 + b.b2 * b.d2
        var bits: [Bool] = []
        func put(_ value: Int, _ count: Int) { for i in stride(from: count - 1, through: 0, by: -1) { bits.append((value >> i) & 1 == 1) } }
        put(0b0100, 4)
        put(bytes.count, version < 10 ? 8 : 16)
        for byte in bytes { put(Int(byte), 8) }
        put(0, min(4, 8 * capacity - bits.count))
        while bits.count % 8 != 0 { bits.append(false) }
        var out: [UInt8] = stride(from: 0, to: bits.count, by: 8).map { i in
            (0..<8).reduce(UInt8(0)) { $0 << 1 | (bits[i + $1] ? 1 : 0) }
        }
        var pad: UInt8 = 0xEC
        while out.count < capacity { out.append(pad); pad = pad == 0xEC ? 0x11 : 0xEC }
        return out
    }

    static func interleaved(data: [UInt8], version: Int) -> [UInt8] {
        let b = blocks[version - 1]
        var dataBlocks: [[UInt8]] = [], at = 0
        for (count, size) in [(b.b1, b.d1), (b.b2, b.d2)] {
            for _ in 0..<count { dataBlocks.append(Array(data[at..<at + size])); at += size }
        }
        let ecBlocks = dataBlocks.map { ReedSolomon.remainder($0, degree: b.ec) }
        var out: [UInt8] = []
        for i in 0..<(dataBlocks.map(\.count).max() ?? 0) { for block in dataBlocks where i < block.count { out.append(block[i]) } }
        for i in 0..<b.ec { for block in ecBlocks { out.append(block[i]) } }
        return out
    }

    /// Arithmetic in GF(256) with the QR polynomial x^8 + x^4 + x^3 + x^2 + 1.
    enum ReedSolomon {
        static let (exp, log): ([UInt8], [Int]) = {
            var exp = [UInt8](repeating: 0, count: 512), log = [Int](repeating: 0, count: 256), x = 1
            for i in 0..<255 {
                exp[i] = UInt8(x); log[x] = i
                x <<= 1
                if x & 0x100 != 0 { x ^= 0x11D }
            }
            for i in 255..<512 { exp[i] = exp[i - 255] }
            return (exp, log)
        }()

        static func multiply(_ a: UInt8, _ b: UInt8) -> UInt8 {
            a == 0 || b == 0 ? 0 : exp[log[Int(a)] + log[Int(b)]]
        }

        /// The generator polynomial's coefficients (leading 1 omitted), highest power first.
        static func generator(_ degree: Int) -> [UInt8] {
            var g: [UInt8] = [1]
            for i in 0..<degree {
                var next = [UInt8](repeating: 0, count: g.count + 1)
                for (j, c) in g.enumerated() {
                    next[j] ^= c
                    next[j + 1] ^= multiply(c, exp[i])
                }
                g = next
            }
            return Array(g.dropFirst())
        }

        static func remainder(_ data: [UInt8], degree: Int) -> [UInt8] {
            let g = generator(degree)
            var r = [UInt8](repeating: 0, count: degree)
            for d in data {
                let factor = d ^ r[0]
                r.removeFirst(); r.append(0)
                for i in 0..<degree { r[i] ^= multiply(g[i], factor) }
            }
            return r
        }
    }

    struct Grid {
        let size: Int
        var dark: [Bool]
        var reserved: [Bool]

        init(size: Int) {
            self.size = size
            dark = Array(repeating: false, count: size * size)
            reserved = Array(repeating: false, count: size * size)
        }

        mutating func set(_ r: Int, _ c: Int, _ value: Bool) {
            dark[r * size + c] = value
            reserved[r * size + c] = true
        }

        mutating func drawFunctionPatterns(version: Int) {
            for (r0, c0) in [(0, 0), (0, size - 7), (size - 7, 0)] {
                for r in -1...7 { for c in -1...7 {
                    let (rr, cc) = (r0 + r, c0 + c)
                    guard rr >= 0, rr < size, cc >= 0, cc < size else { continue }
                    let ring = max(abs(r - 3), abs(c - 3))
                    set(rr, cc, ring != 2 && ring != 4)
                } }
            }
            for i in 8..<(size - 8) { set(6, i, i % 2 == 0); set(i, 6, i % 2 == 0) }
            let centres = QRCode.alignment[version - 1]
            for r in centres { for c in centres {
                if (r < 9 && c < 9) || (r < 9 && c > size - 10) || (r > size - 10 && c < 9) { continue }
                for dr in -2...2 { for dc in -2...2 { set(r + dr, c + dc, max(abs(dr), abs(dc)) != 1) } }
            } }
            set(size - 8, 8, true)     // the dark module
            drawFormat(mask: 0)        // reserves the format areas; redrawn after masking
            if version >= 7 {
                var rem = version
                for _ in 0..<12 { rem = (rem << 1) ^ ((rem >> 11) * 0x1F25) }
                let bits = version << 12 | rem
                for i in 0..<18 {
                    let bit = (bits >> i) & 1 == 1
                    set(size - 11 + i % 3, i / 3, bit)
                    set(i / 3, size - 11 + i % 3, bit)
                }
            }
        }

        /// Format information: level L (01) and the mask, BCH-coded, in both copies.
        mutating func drawFormat(mask: Int) {
            let data = (0b01 << 3) | mask
            var rem = data
            for _ in 0..<10 { rem = (rem << 1) ^ ((rem >> 9) * 0x537) }
            let bits = ((data << 10) | rem) ^ 0x5412
            func bit(_ i: Int) -> Bool { (bits >> i) & 1 == 1 }
            // (row, column): the copy around the top-left finder, then the one split between the others.
            for i in 0...5 { set(i, 8, bit(i)) }
            set(7, 8, bit(6)); set(8, 8, bit(7)); set(8, 7, bit(8))
            for i in 9..<15 { set(8, 14 - i, bit(i)) }
            for i in 0..<8 { set(8, size - 1 - i, bit(i)) }
            for i in 8..<15 { set(size - 15 + i, 8, bit(i)) }
            set(size - 8, 8, true)
        }

        /// Places the codewords in the two-column zigzag from the bottom right, skipping the timing column.
        mutating func placeData(_ codewords: [UInt8]) {
            var i = 0
            var right = size - 1
            while right >= 1 {
                if right == 6 { right = 5 }
                for vert in 0..<size {
                    for j in 0..<2 {
                        let c = right - j
                        let upward = (right + 1) & 2 == 0
                        let r = upward ? size - 1 - vert : vert
                        guard !reserved[r * size + c] else { continue }
                        if i < codewords.count * 8 {
                            dark[r * size + c] = (codewords[i >> 3] >> (7 - (i & 7))) & 1 == 1
                        }
                        i += 1
                    }
                }
                right -= 2
            }
        }

        mutating func applyMask(_ mask: Int) {
            for r in 0..<size { for c in 0..<size where !reserved[r * size + c] {
                let flip: Bool
                switch mask {
                case 0: flip = (r + c) % 2 == 0
                case 1: flip = r % 2 == 0
                case 2: flip = c % 3 == 0
                case 3: flip = (r + c) % 3 == 0
                case 4: flip = (r / 2 + c / 3) % 2 == 0
                case 5: flip = (r * c) % 2 + (r * c) % 3 == 0
                case 6: flip = ((r * c) % 2 + (r * c) % 3) % 2 == 0
                default: flip = ((r + c) % 2 + (r * c) % 3) % 2 == 0
                }
                if flip { dark[r * size + c].toggle() }
            } }
        }

        /// The standard's penalty: runs, 2x2 blocks, finder-like patterns, and dark/light balance.
        func penalty() -> Int {
            var p = 0
            func at(_ r: Int, _ c: Int) -> Bool { dark[r * size + c] }
            for horizontal in [true, false] {
                for a in 0..<size {
                    var run = 1
                    var line: [Bool] = []
                    for b in 0..<size {
                        let v = horizontal ? at(a, b) : at(b, a)
                        line.append(v)
                        if b > 0 {
                            if v == line[b - 1] { run += 1 } else { if run >= 5 { p += run - 2 }; run = 1 }
                        }
                    }
                    if run >= 5 { p += run - 2 }
                    let pattern: [Bool] = [true, false, true, true, true, false, true]
                    for b in 0...(size - 7) where Array(line[b..<b + 7]) == pattern {
                        let before = b >= 4 && !line[(b - 4)..<b].contains(true)
                        let after = b + 11 <= size && !line[(b + 7)..<(b + 11)].contains(true)
                        if before || after { p += 40 }
                    }
                }
            }
            for r in 0..<(size - 1) { for c in 0..<(size - 1) {
                let v = at(r, c)
                if at(r, c + 1) == v && at(r + 1, c) == v && at(r + 1, c + 1) == v { p += 3 }
            } }
            let darkCount = dark.filter { $0 }.count
            p += 10 * (abs(darkCount * 20 - size * size * 10) / (size * size))
            return p
        }
    }
}
