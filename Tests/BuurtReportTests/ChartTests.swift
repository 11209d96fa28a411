import XCTest
@testable import BuurtReport
