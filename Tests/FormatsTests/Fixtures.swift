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

    /// Writes a PNG with Pillow, an encoder independent of QPIKit's libpng wrapper: `mode` "RGB"
    /// (three values per pixel) or "I;16" (16-bit grey, one value per pixel), rows top first.
    /// False when Pillow is missing (a failure in CI).
    static func pillowPNG(at path: String, mode: String, width: Int, height: Int, values: [Int]) throws -> Bool {
        guard TestSupport.pythonHas(["PIL"]) else { return false }
        let script = """
            import json, sys
            from PIL import Image
            mode, width, height, path, values = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], json.loads(sys.argv[5])
            image = Image.new(mode, (width, height))
            image.putdata([tuple(values[i:i + 3]) for i in range(0, len(values), 3)] if mode == 'RGB' else values)
            image.save(path)
            """
        let (status, output) = try #require(TestSupport.run(TestSupport.python, ["-c", script, mode, "\(width)", "\(height)", path, "\(values)"]))
        try #require(status == 0, "\(output)")
        return true
    }
}

extension Trait where Self == ConditionTrait {
    /// Skips a test when one of `folders` of `../shared/data` is missing, except in CI (`CI=true`),
    /// where the test runs and fails on the missing file instead of passing by skipping.
    static func needsShared(_ folders: String...) -> Self {
        .enabled(if: TestSupport.isCI || TestSupport.sharedAvailable(folders), "../shared/data/{\(folders.joined(separator: ","))} is absent")
    }
}
