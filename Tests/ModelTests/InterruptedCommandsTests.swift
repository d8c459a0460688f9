import Foundation
import Testing
import TestSupport

/// SIGINT or SIGTERM while `dataset`, `preprocess` or `analyze` writes leaves no partial output:
/// each test waits until the command's temporary output exists, then interrupts it.
@Suite(.serialized) struct InterruptedCommandsTests {
    /// Runs qpi with `arguments`, sends `signal` as soon as a hidden (temporary) entry appears in
    /// `folder`, and returns the exit status and the entries left besides `keep`.
    static func interrupt(_ arguments: [String], in folder: URL, signal: Int32, keep: Set<String>) throws -> (Int32, [String]) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: TestSupport.qpi)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(60)
        while process.isRunning, Date() < deadline, !TestSupport.contents(folder).contains(where: { $0.hasPrefix(".") }) {
            Thread.sleep(forTimeInterval: 0.002)
        }
        kill(process.processIdentifier, signal)
        process.waitUntilExit()
        return (process.terminationStatus, TestSupport.contents(folder).filter { !keep.contains($0) })
    }

    static func synthesise(_ folder: URL, pixels: Int) -> String {
        let grid = folder.appendingPathComponent("grid.h5").path
        // 30 lattice constants across, inside the 32-site mesh.
        let made = TestSupport.qpi(["synth", "--pairing", "A1p", "--pixels", "\(pixels)", "--lattice-pixels", "\(Double(pixels) / 30)",
                                    "--mesh", "32", "--out", grid])
        #expect(made.status == 0, "\(made.output)")
        return grid
    }

    static func check(_ status: Int32, _ left: [String], signal: Int32, finished: [String]) {
        if status == 0 {
            #expect(left == finished)   // done before the signal: only the final outputs
        } else {
            #expect(status == (signal == SIGINT ? 130 : 143))
            #expect(left.isEmpty, "left behind: \(left)")
        }
    }

    @Test(arguments: [SIGINT, SIGTERM])
    func dataset(signal: Int32) throws {
        let folder = TestSupport.scratch("dataset\(signal)")
        let (status, left) = try Self.interrupt(["dataset", "--count", "100000", "--mesh", "16", "--out", folder.path],
                                                in: folder, signal: signal, keep: [])
        #expect(status == (signal == SIGINT ? 130 : 143))
        #expect(left.isEmpty, "left behind: \(left)")
    }

    /// (command, grid pixels, output, what a finished run leaves) for the commands that read a grid.
    static let gridCommands: [(String, Int, String, [String])] = [
        ("preprocess", 384, "pre.h5", ["pre.h5", "pre_qmaps.png", "pre_topograph.png"]),
        ("analyze", 256, "report", ["report"]),
    ]

    @Test(arguments: [0, 1], [SIGINT, SIGTERM])
    func commandOnAGrid(command index: Int, signal: Int32) throws {
        let (command, pixels, output, finished) = Self.gridCommands[index]
        let folder = TestSupport.scratch("\(command)\(signal)")
        let grid = Self.synthesise(folder, pixels: pixels)
        let (status, left) = try Self.interrupt([command, grid, "--out", folder.appendingPathComponent(output).path],
                                                in: folder, signal: signal, keep: ["grid.h5"])
        Self.check(status, left, signal: signal, finished: finished)
    }
}
