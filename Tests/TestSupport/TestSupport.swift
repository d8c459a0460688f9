import Foundation
import Testing

/// Helpers shared by every test target: the repository's folders, scratch folders, and running
/// programs (the `qpi` binary, h5dump, tiffinfo) as a user would.
public enum TestSupport {
    /// The repository root.
    public static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// `../shared/data` beside the repository.
    public static let sharedData = root.deletingLastPathComponent().appendingPathComponent("shared/data")

    /// Whether this is a CI run (`CI=true`): there a missing shared file or reference client is a
    /// failure, never a skip.
    public static let isCI = ProcessInfo.processInfo.environment["CI"] == "true"

    /// Whether every named folder of `../shared/data` is there. Tests that need them are skipped
    /// without them, except in CI, where they run and fail on the missing files.
    public static func sharedAvailable(_ folders: [String]) -> Bool {
        folders.allSatisfy { FileManager.default.fileExists(atPath: sharedData.appendingPathComponent($0).path) }
    }

    /// The Python that runs the reference clients: the project's virtual environment made by
    /// `make deps` (Debian's Python with the PyPI clients), else Debian's.
    public static let python: String = {
        let venv = root.appendingPathComponent(".build/venv/bin/python3").path
        return FileManager.default.isExecutableFile(atPath: venv) ? venv : "/usr/bin/python3"
    }()

    /// Whether the Python modules `modules` can be imported; in CI their absence is a failure.
    public static func pythonHas(_ modules: [String], sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        let available = run(python, ["-c", "import " + modules.joined(separator: ", ")])?.status == 0
        if !available && isCI {
            Issue.record("reference client missing: Python modules \(modules) (make deps installs them)", sourceLocation: sourceLocation)
        }
        return available
    }

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
    /// `environment` is added to this process's own.
    public static func run(_ program: String, _ arguments: [String],
                           environment: [String: String] = [:]) -> (status: Int32, output: String)? {
        let candidates = program.hasPrefix("/") ? [program] : ["/usr/bin/\(program)", "/usr/local/bin/\(program)"]
        guard let path = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else { return nil }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        if !environment.isEmpty { process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        do { try process.run() } catch { return nil }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// Runs `qpi` with `arguments` (and `environment` added to this process's own).
    public static func qpi(_ arguments: [String], environment: [String: String] = [:]) -> (status: Int32, output: String) {
        run(qpi, arguments, environment: environment) ?? (-1, "qpi binary not found at \(qpi)")
    }

    /// Runs qpi with `arguments`, waits until a hidden (temporary) entry appears in `folder` while
    /// it runs, sends `signal`, and returns the exit status, the entries left besides `keep`, and
    /// whether the signal reached a running command with its temporary output in place (false
    /// when it finished or gave up first: such a run cannot test the interrupt).
    public static func interrupt(_ arguments: [String], in folder: URL, signal: Int32, keep: Set<String>)
        throws -> (status: Int32, left: [String], interruptedWhileWriting: Bool) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: qpi)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(120)
        var writing = false
        while process.isRunning, Date() < deadline {
            if contents(folder).contains(where: { $0.hasPrefix(".") }) { writing = true; break }
        }
        let signalled = writing && process.isRunning && kill(process.processIdentifier, signal) == 0
        if !signalled && process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        return (process.terminationStatus, contents(folder).filter { !keep.contains($0) }, signalled)
    }
}
