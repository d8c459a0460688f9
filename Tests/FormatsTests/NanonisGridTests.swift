import Foundation
import Testing
@testable import Formats

/// Nanonis .3ds grids, checked against values decoded independently from the files' bytes
/// (numpy, big-endian float32; see the shared data README for the layout facts).
@Suite struct NanonisGridTests {
    @Test(.needsShared("nanonis")) func completeGridMatchesIndependentDecoding() throws {
        let grid = try Nanonis3DSReader.read(path: Fixtures.shared("nanonis/grid_spectroscopy_002.3ds"))
        #expect(grid.x.count == 20 && grid.y.count == 20)
        #expect(grid.sweep?.count == 128)
        #expect(grid.sweep?.name == "Bias" && grid.sweep?.unit == "V")
        #expect(abs(grid.sweep!.values[0] - 0.2) < 1e-7 && abs(grid.sweep!.values[127] + 0.1) < 1e-7)
        #expect(grid.channels.count == 10)
        #expect(grid.parameters.count == 18)
        #expect(grid.metadata.missingPixels == 0)
        let current = try #require(grid.channel(named: "Current"))
        #expect(current.unit == "A")
        #expect(grid.spectrum(of: current, row: 0, column: 0)[0] == 8.781005e-11)
        #expect(grid.spectrum(of: current, row: 19, column: 19)[127] == -1.6023476e-10)
        let bias = try #require(grid.channel(named: "Bias"))
        #expect(grid.spectrum(of: bias, row: 5, column: 7)[3] == 0.19291338)
        let shift = try #require(grid.channel(named: "Frequency_Shift_fwd"))
        #expect(grid.spectrum(of: shift, row: 10, column: 2)[64] == -6.2010818)
        // Pixel centres: the per-pixel X/Y parameters recorded by the instrument.
        let xParameter = try #require(grid.parameters.first { $0.name == "X" })
        #expect(abs(Double(xParameter.values[7]) - grid.x.values[7]) < 1e-12)
        let yParameter = try #require(grid.parameters.first { $0.name == "Y" })
        #expect(abs(Double(yParameter.values[13 * 20]) - grid.y.values[13]) < 1e-12)
        #expect(grid.metadata.source.header.contains("Grid dim=\"20 x 20\""))
    }

    @Test(.needsShared("nanonis")) func incompleteGridKeepsWholePixelsAndCountsTheRest() throws {
        let grid = try Nanonis3DSReader.read(path: Fixtures.shared("nanonis/grid_spectroscopy_006_incomplete.3ds"))
        #expect(grid.x.count == 32 && grid.y.count == 32 && grid.sweep?.count == 256)
        #expect(grid.metadata.missingPixels == 1024 - 88)
        #expect(grid.channels.count == 16)
        #expect(grid.channels.filter { $0.direction == .backward }.count == 8)
        #expect(grid.sweep?.name == "Z" && grid.sweep?.unit == "m")
        let nanCount = grid.channels.reduce(0) { $0 + $1.data.filter(\.isNaN).count }
        // 936 missing pixels × 256 points × 16 channels, plus 141 616 NaNs recorded in the file.
        #expect(nanCount == 3_975_472)
        let current = try #require(grid.channel(named: "Current"))
        #expect(grid.spectrum(of: current, row: 2, column: 23)[0] == -3.3626998e-14)  // pixel 87, the last one
        #expect(grid.spectrum(of: current, row: 1, column: 18)[100] == 1.1062463e-11)  // pixel 50
        #expect(grid.spectrum(of: current, row: 2, column: 24)[0].isNaN)  // pixel 88, missing
        #expect(grid.metadata.assumptions.contains { $0.contains("88 of 1024") })
    }

    @Test func sampleWrittenByNumpyReadsBack() throws {
        // samples/demo_grid.3ds comes from scripts/make_sample_3ds.py; these are its formulas.
        let grid = try Nanonis3DSReader.read(path: Fixtures.sample("demo_grid.3ds"))
        let (nx, ny, points) = (32, 32, 21)
        #expect(grid.x.count == nx && grid.y.count == ny && grid.sweep?.count == points)
        let bias = (0..<points).map { -20e-3 + 40e-3 * Double($0) / Double(points - 1) }
        for (r, c) in [(0, 0), (5, 17), (31, 31)] {
            let rr = hypot(Double(r) - Double(ny) / 2, Double(c) - Double(nx) / 2)
            let didv = try #require(grid.channel(named: "LI Demod 1 X"))
            let spectrum = grid.spectrum(of: didv, row: r, column: c)
            for e in [0, 7, 20] {
                let expected = 1e-12 * (1 + 0.3 * cos(0.8 * rr + 40 * bias[e])) * (1 + tanh((abs(bias[e]) - 5e-3) / 2e-3))
                #expect(abs(Double(spectrum[e]) - expected) <= 1e-6 * abs(expected))
            }
            let backward = try #require(grid.channel(named: "LI_Demod_1_X_bwd"))
            #expect(abs(grid.spectrum(of: backward, row: r, column: c)[7] - spectrum[7] * 0.99) <= 1e-6 * abs(spectrum[7]))
        }
        #expect(abs(grid.x.values[0] - (10e-9 - 16 * 0.5e-9 + 0.25e-9)) < 1e-15)
        #expect(abs(grid.y.values[31] - (-5e-9 - 16 * 0.5e-9 + 31.5 * 0.5e-9)) < 1e-15)
    }
}
