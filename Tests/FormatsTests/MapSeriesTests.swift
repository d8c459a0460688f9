import Foundation
import Testing
import QPICore
import TestSupport
@testable import Formats

/// A grid from one image per bias: layers ordered by bias, registered by their topographs, every
/// channel kept (the topograph of each layer too), frames that differ refused.
@Suite struct MapSeriesTests {
    /// A Nanonis .sxm (upward scan, big-endian float32) with channels Z and LI Demod 1 X.
    static func sxm(bias: Double, z: [Float], didv: [Float], size n: Int, width: Double = 10e-9) -> [UInt8] {
        let header = ":NANONIS_VERSION:\n2\n:SCANIT_TYPE:\n              FLOAT            MSBFIRST\n"
            + ":SCAN_PIXELS:\n       \(n)       \(n)\n:SCAN_RANGE:\n           \(width)           \(width)\n"
            + ":SCAN_OFFSET:\n             0.0E+0         0.0E+0\n:SCAN_ANGLE:\n            0.000E+0\n:SCAN_DIR:\nup\n"
            + ":BIAS:\n\(bias)\n:DATA_INFO:\n\tChannel\tName\tUnit\tDirection\tCalibration\tOffset\n"
            + "\t14\tZ\tm\tforward\t1.000E+0\t0.000E+0\n\t1\tLI Demod 1 X\tA\tforward\t1.000E+0\t0.000E+0\n\n:SCANIT_END:\n\n\n"
        return Array(header.utf8) + [0x1A, 0x04] + (z + didv).flatMap { value in withUnsafeBytes(of: value.bitPattern.bigEndian) { Array($0) } }
    }

    /// White noise seen through a shift of (rows, columns) pixels, circularly.
    static func pattern(size n: Int, shift: (Int, Int), seed: UInt64 = 3) -> [Float] {
        var random = SeededRandom(seed: seed)
        let base = (0 ..< n * n).map { _ in Float(random.gaussian()) }
        return (0 ..< n * n).map { i in
            let (r, c) = (i / n, i % n)
            return base[((r - shift.0 + n) % n) * n + (c - shift.1 + n) % n]
        }
    }

    static func series(in folder: URL, size n: Int = 48) -> [String] {
        let cases: [(Double, (Int, Int))] = [(0.02, (0, 0)), (-0.01, (2, -3)), (0.005, (-1, 4))]
        return cases.enumerated().map { index, item in
            let z = Self.pattern(size: n, shift: item.1)
            let path = folder.appendingPathComponent("map_\(index).sxm").path
            FileManager.default.createFile(atPath: path, contents: Data(Self.sxm(bias: item.0, z: z, didv: z.map { $0 * Float(1 + item.0) }, size: n)))
            return path
        }
    }

    @Test func layersAreOrderedAndRegistered() throws {
        let n = 48
        let paths = Self.series(in: TestSupport.scratch(), size: n)
        let grid = try MapSeries.read(paths: paths)
        #expect(grid.sweep?.values == [-0.01, 0.005, 0.02] && grid.sweep?.unit == "V")
        #expect(grid.channels.map(\.name) == ["Z", "LI Demod 1 X"])
        let step = try #require(grid.metadata.provenance.last)
        #expect(step.step == "map-series")
        // Registered to the first by bias (-0.01 V, shifted by (2, -3)): the 0.02 V image moves by
        // (2, -3), the 0.005 V one by (3, -7).
        #expect(step.parameters["shifts_pixels"] == .list([.numbers([0, 0]), .numbers([3, -7]), .numbers([2, -3])]))
        let z = grid.channels[0].data, plane = n * n
        for r in 8 ..< n - 8 {
            for c in 8 ..< n - 8 { #expect(z[plane + r * n + c] == z[r * n + c] && z[2 * plane + r * n + c] == z[r * n + c]) }
        }
    }

    @Test func differentFramesAreRefused() throws {
        let folder = TestSupport.scratch()
        var paths = Self.series(in: folder)
        let other = folder.appendingPathComponent("other.sxm").path
        FileManager.default.createFile(atPath: other, contents: Data(Self.sxm(bias: 0.03, z: Self.pattern(size: 32, shift: (0, 0)),
                                                                                    didv: [Float](repeating: 1, count: 32 * 32), size: 32)))
        paths.append(other)
        #expect { try MapSeries.read(paths: paths) } throws: { ($0 as? FormatError)?.path == other }
    }

    /// `qpi convert` takes the series as its inputs, also as a quoted glob.
    @Test func convertBuildsTheGrid() throws {
        let folder = TestSupport.scratch()
        let paths = Self.series(in: folder)
        let out = folder.appendingPathComponent("grid.h5").path
        let (status, output) = TestSupport.qpi(["convert", folder.appendingPathComponent("map_*.sxm").path, out])
        try #require(status == 0, "\(output)")
        let grid = try DataFormat.read(path: out)
        #expect(grid.sweep?.count == paths.count && grid.channels.count == 2)
    }
}
