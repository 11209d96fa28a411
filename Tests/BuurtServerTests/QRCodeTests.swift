import XCTest
@testable import BuurtServer

/// The terminal's QR code of the host link. The expected modules below equal those of an independent
/// encoder (segno, same version and mask); codes of versions 1 to 10 with each of the eight masks
/// were decoded back to their text with zbarimg when this was written.
final class QRCodeTests: XCTestCase {
    func testKnownCode() throws {
        let m = try XCTUnwrap(QRCode.matrix(for: "http://127.0.0.1:8080/?token=abc", mask: 0))
        let expected = [
            "1111111000110101101111111",
            "1000001001011101001000001",
            "1011101010000011101011101",
            "1011101000101000101011101",
            "1011101000111001101011101",
            "1000001000010101101000001",
            "1111111010101010101111111",
            "0000000011001101000000000",
            "1110111111011110011000100",
            "0101000011001010001100001",
            "1011101001100010111000111",
            "0000110111111100101100010",
            "0001001110101111101101011",
            "0000110011001110011101001",
            "1001001110000010110110111",
            "0100000001100101011101010",
            "1000001110111110111111000",
            "0000000010101000100011111",
            "1111111010100101101010011",
            "1000001011101111100011010",
            "1011101010111110111110001",
            "1011101001001011110010111",
            "1011101010101101010011001",
            "1000001010011111110011010",
            "1111111010000100101100011",
        ]
        XCTAssertEqual(m.map { $0.map { $0 ? "1" : "0" }.joined() }, expected)
    }

    func testVersionGrowsWithTheTextAndStopsAtTen() throws {
        XCTAssertEqual(QRCode.matrix(for: "a")?.count, 21)
        XCTAssertEqual(QRCode.matrix(for: String(repeating: "a", count: 100))?.count, 17 + 4 * 5)
        XCTAssertEqual(QRCode.matrix(for: String(repeating: "a", count: 271))?.count, 57)
        XCTAssertNil(QRCode.matrix(for: String(repeating: "a", count: 272)))
    }

    func testEveryCodeHasItsFinderPatterns() throws {
        for n in [5, 40, 90, 150, 250] {
            let m = try XCTUnwrap(QRCode.matrix(for: String(repeating: "z", count: n)))
            let s = m.count
            for (r0, c0) in [(0, 0), (0, s - 7), (s - 7, 0)] {
                for k in 0..<7 {
                    XCTAssertTrue(m[r0][c0 + k] && m[r0 + 6][c0 + k] && m[r0 + k][c0] && m[r0 + k][c0 + 6])
                }
                XCTAssertTrue(m[r0 + 3][c0 + 3])
            }
        }
        let text = QRCode.terminal(try XCTUnwrap(QRCode.matrix(for: "a")))
        XCTAssertEqual(text.split(separator: "\n").count, (21 + 4 + 1) / 2)
    }
}
