import Foundation
import Testing
import TestSupport

/// SIGINT and SIGTERM during a conversion leave no partial output behind: the signal is sent once
/// the temporary output exists, and a conversion that finished first fails the test.
@Suite struct InterruptTests {
    /// A valid .3ds of `pixels` × `pixels` × 2 channels × `points` zeros (about 8·pixels²·points bytes).
    static func bigGrid(at path: String, pixels: Int, points: Int) {
        let header = """
            Grid dim="\(pixels) x \(pixels)"\r
            Grid settings=0E+0;0E+0;1E-8;1E-8;0E+0\r
            Sweep Signal="Bias (V)"\r
            Fixed parameters="Sweep Start;Sweep End"\r
            Experiment parameters=""\r
            # Parameters (4 byte)=2\r
            Experiment size (bytes)=\(2 * points * 4)\r
            Points=\(points)\r
            Channels="Current (A);LI Demod 1 X (A)"\r
            :HEADER_END:\r

            """
        FileManager.default.createFile(atPath: path, contents: Data(header.utf8))
        let handle = FileHandle(forWritingAtPath: path)!
        handle.seekToEndOfFile()
        let record = Data(count: (2 + 2 * points) * 4)
        let block = Data((0..<256).flatMap { _ in record })
        for _ in 0 ..< pixels * pixels / 256 { handle.write(block) }
        handle.closeFile()
    }

    @Test(arguments: [SIGINT, SIGTERM])
    func interruptedConversionLeavesNothingPartial(signal: Int32) throws {
        let folder = TestSupport.scratch("interrupt\(signal)")
        let input = folder.appendingPathComponent("big.3ds").path
        Self.bigGrid(at: input, pixels: 256, points: 400)   // ≈ 420 MB
        let out = folder.appendingPathComponent("out.h5").path
        let run = try TestSupport.interrupt(["convert", input, out], in: folder, signal: signal, keep: ["big.3ds"])
        #expect(run.interruptedWhileWriting, "the conversion finished before its temporary output could be interrupted")
        #expect(run.status == (signal == SIGINT ? 130 : 143))
        #expect(run.left.isEmpty, "left behind: \(run.left)")
        try? FileManager.default.removeItem(at: folder)
    }
}
