import Foundation
import XCTest
@testable import BuurtServer

/// The page compiled into the binary is exactly the files in Sources/BuurtServer/Page/.
final class PageAssetsTests: XCTestCase {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Sources/BuurtServer/Page").standardizedFileURL

    func testEmbeddedCopyEqualsTheFiles() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.folder.path)
            .filter { $0.hasSuffix(".html") || $0.hasSuffix(".css") || $0.hasSuffix(".js") }.sorted()
        XCTAssertEqual(names, PageAssets.files.keys.sorted(), "run scripts/embed-page")
        for name in names {
            let text = try String(contentsOf: Self.folder.appendingPathComponent(name), encoding: .utf8)
            XCTAssertTrue(PageAssets.files[name] == text, "\(name) differs from its embedded copy: run scripts/embed-page")
        }
    }

    func testThePageLoadsOnlyItsOwnFiles() {
        let html = LivePage.html
        for asset in LivePage.assets where asset.path != "/" {
            XCTAssertTrue(html.contains("\"\(asset.path.dropFirst())\""), "index.html loads \(asset.path)")
        }
        for asset in LivePage.assets {
            XCTAssertFalse(asset.text.contains("http://") || asset.text.contains("https://"), "\(asset.path): nothing from the internet")
        }
        XCTAssertFalse(html.contains("<script>"), "no inline script (the CSP forbids it)")
    }
}
