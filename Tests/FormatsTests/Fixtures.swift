import Foundation
import Testing

/// Paths to the shared vendor files (`../shared/data`), to the repository's samples, and to
/// scratch folders. Tests that need the shared files are disabled when it is absent.
enum Fixtures {
    /// The repository root (two levels above this file's folder).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// `../shared/data` beside the repository.
    static let sharedData = root.deletingLastPathComponent().appendingPathComponent("shared/data")

    static var sharedAvailable: Bool {
        FileManager.default.fileExists(atPath: sharedData.appendingPathComponent("nanonis").path)
    }

    static func shared(_ relative: String) -> String { sharedData.appendingPathComponent(relative).path }

    static func sample(_ name: String) -> String { root.appendingPathComponent("samples/\(name)").path }

    /// A fresh, empty scratch folder.
    static func scratch(_ label: String = #function) -> URL {
        let safe = label.filter { $0.isLetter || $0.isNumber }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("qpikit-tests/\(safe)-\(UUID().uuidString.prefix(8))")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Names of the files in `folder`, hidden ones included.
    static func contents(_ folder: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
    }

    /// Runs an external program; returns exit status and combined output, or nil when absent.
    static func run(_ program: String, _ arguments: [String]) -> (status: Int32, output: String)? {
        let candidates = ["/usr/bin/\(program)", "/usr/local/bin/\(program)", program]
        guard let path = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else { return nil }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        do { try process.run() } catch { return nil }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}

extension Trait where Self == ConditionTrait {
    /// Skips a test when `../shared/data` is not beside the repository.
    static var needsSharedData: Self {
        .enabled(if: Fixtures.sharedAvailable, "../shared/data is absent")
    }
}
