import Foundation
import Testing
import TestSupport

/// SIGINT or SIGTERM while `dataset`, `preprocess` or `analyze` writes leaves no partial output:
/// each test waits until the command's temporary output exists, then interrupts it.
@Suite(.serialized) struct InterruptedCommandsTests {
    static func synthesise(_ folder: URL, pixels: Int) -> String {
        let grid = folder.appendingPathComponent("grid.h5").path
        // 30 lattice constants across, inside the 32-site mesh.
        let made = TestSupport.qpi(["synth", "--pairing", "A1p", "--pixels", "\(pixels)", "--lattice-pixels", "\(Double(pixels) / 30)",
                                    "--mesh", "32", "--out", grid])
        #expect(made.status == 0, "\(made.output)")
        return grid
    }

    /// The command was interrupted while writing, exited with 128 + signal and left nothing.
    static func check(_ run: (status: Int32, left: [String], interruptedWhileWriting: Bool), signal: Int32,
                      sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(run.interruptedWhileWriting, "the command finished before its temporary output could be interrupted", sourceLocation: sourceLocation)
        #expect(run.status == (signal == SIGINT ? 130 : 143), sourceLocation: sourceLocation)
        #expect(run.left.isEmpty, "left behind: \(run.left)", sourceLocation: sourceLocation)
    }

    @Test(arguments: [SIGINT, SIGTERM])
    func dataset(signal: Int32) throws {
        let folder = TestSupport.scratch("dataset\(signal)")
        Self.check(try TestSupport.interrupt(["dataset", "--count", "100000", "--mesh", "16", "--out", folder.path],
                                             in: folder, signal: signal, keep: []), signal: signal)
    }

    /// (command, grid pixels, output) for the commands that read a grid.
    static let gridCommands: [(String, Int, String)] = [("preprocess", 512, "pre.h5"), ("analyze", 256, "report")]

    @Test(arguments: [0, 1], [SIGINT, SIGTERM])
    func commandOnAGrid(command index: Int, signal: Int32) throws {
        let (command, pixels, output) = Self.gridCommands[index]
        let folder = TestSupport.scratch("\(command)\(signal)")
        let grid = Self.synthesise(folder, pixels: pixels)
        Self.check(try TestSupport.interrupt([command, grid, "--out", folder.appendingPathComponent(output).path],
                                             in: folder, signal: signal, keep: ["grid.h5"]), signal: signal)
    }
}
