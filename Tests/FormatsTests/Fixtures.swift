import Foundation
import Testing
import TestSupport

/// Paths to the shared vendor files (`../shared/data`) and to the repository's samples, on top of
/// `TestSupport`. Tests that need the shared files are disabled when it is absent.
enum Fixtures {
    static let root = TestSupport.root
    static let sharedData = TestSupport.sharedData

    static var sharedAvailable: Bool {
        FileManager.default.fileExists(atPath: sharedData.appendingPathComponent("nanonis").path)
    }

    /// In CI (`CI=true`) the shared files must be there: a test that needs them fails instead of skipping.
    static var requireShared: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }

    static func shared(_ relative: String) -> String { sharedData.appendingPathComponent(relative).path }

    static func sample(_ name: String) -> String { root.appendingPathComponent("samples/\(name)").path }

    static func scratch(_ label: String = #function) -> URL { TestSupport.scratch(label) }

    static func contents(_ folder: URL) -> [String] { TestSupport.contents(folder) }

    static func run(_ program: String, _ arguments: [String]) -> (status: Int32, output: String)? {
        TestSupport.run(program, arguments)
    }
}

extension Trait where Self == ConditionTrait {
    /// Skips a test when `../shared/data` is not beside the repository.
    static var needsSharedData: Self {
        .enabled(if: Fixtures.sharedAvailable, "../shared/data is absent")
    }
}
