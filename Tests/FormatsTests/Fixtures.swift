import Foundation
import Testing
import TestSupport

/// Paths to the shared vendor files (`../shared/data`) and to the repository's samples, on top of
/// `TestSupport`. Tests that need the shared files are disabled when it is absent.
enum Fixtures {
    static let root = TestSupport.root
    static let sharedData = TestSupport.sharedData

    static func shared(_ relative: String) -> String { sharedData.appendingPathComponent(relative).path }

    static func sample(_ name: String) -> String { root.appendingPathComponent("samples/\(name)").path }

    static func scratch(_ label: String = #function) -> URL { TestSupport.scratch(label) }

    static func contents(_ folder: URL) -> [String] { TestSupport.contents(folder) }

    static func run(_ program: String, _ arguments: [String]) -> (status: Int32, output: String)? {
        TestSupport.run(program, arguments)
    }
}

extension Trait where Self == ConditionTrait {
    /// Skips a test when one of `folders` of `../shared/data` is missing, except in CI (`CI=true`),
    /// where the test runs and fails on the missing file instead of passing by skipping.
    static func needsShared(_ folders: String...) -> Self {
        .enabled(if: TestSupport.isCI || TestSupport.sharedAvailable(folders), "../shared/data/{\(folders.joined(separator: ","))} is absent")
    }
}
