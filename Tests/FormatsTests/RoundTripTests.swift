import Foundation
import Testing
@testable import Formats
import QPICore

/// Conversions keep the data bit for bit (HDF5, TIFF) or within the stated quantisation (PNG),
/// keep the metadata, and write files that independent clients (h5dump, h5ls, tiffinfo) read.
@Suite struct RoundTripTests {
    /// A grid with awkward values: NaN, ±Inf, subnormals, negative zero, and a backward channel.
    static func awkwardGrid() -> Dataset {
        let (nx, ny, nE) = (7, 5, 4)
        var forward = (0..<(nx * ny * nE)).map { Float(sin(Double($0) * 0.37)) * 1e-12 }
        forward[3] = .nan; forward[4] = .infinity; forward[5] = -.infinity
        forward[6] = .leastNonzeroMagnitude; forward[7] = -0.0
        let backward = forward.map { $0 * 2 }
        var metadata = Metadata(source: SourceInfo(format: "test", fileName: "awkward.3ds", header: "Key=Välue\r\nµ=1"),
                                scanAngleDegrees: 12.5, missingPixels: 3, assumptions: ["made in a test"])
        metadata.provenance = [ProcessStep(step: "synth", parameters: ["seed": "1"])]
        return Dataset(
            sweep: .linear(name: "Bias", unit: "V", from: -0.01, to: 0.02, count: nE),
            x: .pixelCentres(name: "x", center: 1e-9, width: 7e-9, count: nx),
            y: .pixelCentres(name: "y", center: -2e-9, width: 5e-9, count: ny),
            channels: [Channel(name: "LI Demod 1 X", unit: "A", longName: "LI Demod 1 X (A)", data: forward),
                       Channel(name: "LI Demod 1 X", unit: "A", direction: .backward, longName: "LI Demod 1 X [bwd] (A)", data: backward)],
            parameters: [PixelParameter(name: "Z offset", unit: "m", values: (0..<(nx * ny)).map { Float($0) * 1e-11 })],
            metadata: metadata)
    }

    /// Bit patterns, so NaN compares equal to NaN and −0 differs from +0.
    static func bits(_ values: [Float]) -> [UInt32] { values.map(\.bitPattern) }

    static func expectSame(_ a: Dataset, _ b: Dataset) {
        #expect(a.sweep == b.sweep)
        #expect(a.x == b.x && a.y == b.y)
        #expect(a.channels.count == b.channels.count)
        for (p, q) in zip(a.channels, b.channels) {
            #expect(p.name == q.name && p.unit == q.unit && p.direction == q.direction && p.longName == q.longName)
            #expect(bits(p.data) == bits(q.data))
        }
        #expect(a.parameters.map { bits($0.values) } == b.parameters.map { bits($0.values) })
        #expect(a.parameters.map(\.name) == b.parameters.map(\.name))
        #expect(a.metadata == b.metadata)
    }

    @Test func hdf5ThenTIFFThenHDF5IsBitExact() throws {
        let folder = Fixtures.scratch()
        let original = Self.awkwardGrid()
        let h5 = folder.appendingPathComponent("a.h5").path
        let tif = folder.appendingPathComponent("b.tif").path
        let h5b = folder.appendingPathComponent("c.h5").path
        try HDF5Writer.write(original, to: h5)
        let fromH5 = try DataFormat.read(path: h5)
        Self.expectSame(original, fromH5)
        try TIFFWriter.write(fromH5, to: tif)
        let fromTIFF = try DataFormat.read(path: tif)
        Self.expectSame(original, fromTIFF)
        try HDF5Writer.write(fromTIFF, to: h5b)
        Self.expectSame(original, try DataFormat.read(path: h5b))
        #expect(Fixtures.contents(folder) == ["a.h5", "b.tif", "c.h5"])
    }

    @Test(.needsShared("nanonis")) func vendorFilesSurviveHDF5AndTIFF() throws {
        let folder = Fixtures.scratch()
        for name in ["nanonis/grid_spectroscopy_006_incomplete.3ds", "nanonis/au_mica_195.sxm", "nanonis/bias_spectroscopy_00015.dat"] {
            let original = try DataFormat.read(path: Fixtures.shared(name))
            let h5 = folder.appendingPathComponent("x.h5").path
            try HDF5Writer.write(original, to: h5)
            let back = try DataFormat.read(path: h5)
            Self.expectSame(original, back)
            let tif = folder.appendingPathComponent("x.tif").path
            try TIFFWriter.write(back, to: tif)
            Self.expectSame(original, try DataFormat.read(path: tif))
        }
    }

    @Test func pngSeriesWithinQuantisation() throws {
        let folder = Fixtures.scratch()
        var grid = Self.awkwardGrid()
        grid.channels[0].data = grid.channels[0].data.map { $0.isInfinite ? 0 : $0 }
        let written = try PNGWriter.write(grid, to: folder.appendingPathComponent("map.png").path)
        #expect(written.count == 8)
        #expect(Fixtures.contents(folder).filter { $0.hasPrefix("map_0") }.count == 4)
        let back = try DataFormat.read(path: written[2])
        #expect(back.sweep == grid.sweep && back.x == grid.x && back.channels.count == 1)
        let layer = grid.pixelCount
        for e in 0..<grid.layerCount {
            let slice = grid.channels[0].data[e * layer ..< (e + 1) * layer].filter(\.isFinite)
            let step = Double(slice.max()! - slice.min()!) / 65534
            for i in e * layer ..< (e + 1) * layer {
                let (a, b) = (grid.channels[0].data[i], back.channels[0].data[i])
                if a.isNaN { #expect(b.isNaN); continue }
                #expect(abs(Double(a) - Double(b)) <= step / 2 * 1.0001 + 1e-30)
            }
        }
        #expect(back.metadata.source == grid.metadata.source)
    }

    @Test func foreignEightBitPNGReadsRawValues() throws {
        let folder = Fixtures.scratch()
        let path = folder.appendingPathComponent("plain.png").path
        // A 3 × 2 8-bit RGB image written by Pillow, read back as grey, keeps equal R=G=B values exactly.
        guard try Fixtures.pillowPNG(at: path, mode: "RGB", width: 3, height: 2,
                                     values: [10, 10, 10, 20, 20, 20, 30, 30, 30, 40, 40, 40, 50, 50, 50, 60, 60, 60]) else { return }
        let image = try PNGReader.read(path: path, options: ReadOptions(pixelSize: 2e-10, units: "nS"))
        #expect(image.channels[0].data == [40, 50, 60, 10, 20, 30])   // top row written first → row 1
        #expect(image.x.values[2] == 4e-10 && image.channels[0].unit == "nS")
    }

    @Test func independentClientsReadOurFiles() throws {
        let folder = Fixtures.scratch()
        let grid = Self.awkwardGrid()
        let h5 = folder.appendingPathComponent("g.h5").path
        let tif = folder.appendingPathComponent("g.tif").path
        try HDF5Writer.write(grid, to: h5)
        try TIFFWriter.write(grid, to: tif)
        guard let listing = Fixtures.run("h5ls", ["-r", h5]), let dump = Fixtures.run("h5dump", ["-A", "-g", "/entry/data", h5]),
              let info = Fixtures.run("tiffinfo", [tif]) else {
            Issue.record("h5ls, h5dump and tiffinfo must be installed (Debian hdf5-tools, libtiff-tools)")
            return
        }
        #expect(listing.status == 0)
        let lines = Set(listing.output.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ") })
        #expect(lines.contains("/entry/data/LI_Demod_1_X_fwd Dataset {4, 5, 7}"))
        #expect(lines.contains("/entry/data/LI_Demod_1_X_bwd Dataset {4, 5, 7}"))
        #expect(lines.contains("/entry/data/bias Dataset {4}"))
        #expect(lines.contains("/entry/parameters/Z_offset Dataset {5, 7}"))
        #expect(dump.status == 0 && dump.output.contains("\"NXdata\"") && dump.output.contains("\"bias\", \"y\", \"x\""))
        let value = try #require(Fixtures.run("h5dump", ["-d", "/entry/data/bias", h5]))
        #expect(value.output.contains("-0.01, 0, 0.01, 0.02"))
        #expect(info.status == 0)
        #expect(info.output.components(separatedBy: "Image Width: 7 Image Length: 5").count - 1 == 8)
        #expect(info.output.contains("Bits/Sample: 32") && info.output.contains("IEEE floating point"))
        #expect(info.output.contains("ImageJ=") && info.output.contains("slices=4") && info.output.contains("channels=2"))
    }
}

/// TIFF stacks written by other programs: no QPIKit metadata, sizes from options or ImageJ.
@Suite struct ForeignTIFFTests {
    @Test func plainStackUsesOptionsAndRecordsAssumptions() throws {
        let folder = Fixtures.scratch()
        let path = folder.appendingPathComponent("plain.tif").path
        do {
            let file = try TIFFFile.open(path: path, mode: "w")
            for page in 0..<3 {
                let values = (0..<6).map { Float(page * 10 + $0) }
                try values.withUnsafeBufferPointer {
                    try file.writePage($0, width: 3, height: 2, page: page, pages: 3, description: nil, resolution: nil)
                }
            }
        }
        let plain = try TIFFReader.read(path: path)
        #expect(plain.sweep?.unit == "" && plain.layerCount == 3)
        #expect(plain.metadata.assumptions.count == 3)   // unit, pixel size, energies
        // Top row first in the file → row 1 here.
        #expect(plain.channels[0].data[0 ..< 6] == [3, 4, 5, 0, 1, 2])
        let told = try TIFFReader.read(path: path, options: ReadOptions(sweepValues: [1, 2, 3], pixelSize: 5e-10, units: "nS"))
        #expect(told.sweep?.values == [1, 2, 3] && told.x.values[1] == 5e-10 && told.metadata.assumptions.isEmpty)
        #expect(throws: FormatError.self) { try TIFFReader.read(path: path, options: ReadOptions(sweepValues: [1, 2])) }
    }
}
