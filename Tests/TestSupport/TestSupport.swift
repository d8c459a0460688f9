import Foundation

/// Helpers shared by every test target: the repository's folders, scratch folders, and running
/// programs (the `qpi` binary, h5dump, tiffinfo) as a user would.
public enum TestSupport {
    /// The repository root.
    public static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// `../shared/data` beside the repository.
    public static let sharedData = root.deletingLastPathComponent().appendingPathComponent("shared/data")

    /// A fresh, empty scratch folder.
    public static func scratch(_ label: String = #function) -> URL {
        let safe = label.filter { $0.isLetter || $0.isNumber }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("qpikit-tests/\(safe)-\(UUID().uuidString.prefix(8))")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Names of the files in `folder`, hidden ones included, sorted.
    public static func contents(_ folder: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
    }

    /// The `qpi` binary built beside the test bundle (or in .build/release).
    public static let qpi: String = {
        let bundleFolder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let candidates = [bundleFolder.appendingPathComponent("qpi").path,
                          root.appendingPathComponent(".build/release/qpi").path,
                          root.appendingPathComponent(".build/debug/qpi").path]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates[0]
    }()

    /// Runs a program (an absolute path, or a name looked up in /usr/bin and /usr/local/bin);
    /// returns its exit status and combined output, or nil when it cannot be started.
    public static func run(_ program: String, _ arguments: [String]) -> (status: Int32, output: String)? {
        let candidates = program.hasPrefix("/") ? [program] : ["/usr/bin/\(program)", "/usr/local/bin/\(program)"]
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

    /// Runs `qpi` with `arguments`.
    public static func qpi(_ arguments: [String]) -> (status: Int32, output: String) {
        run(qpi, arguments) ?? (-1, "qpi binary not found at \(qpi)")
    }
}
