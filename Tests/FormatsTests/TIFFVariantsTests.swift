import Foundation
import Testing
@testable import Formats

/// TIFF files written by an independent minimal writer: every supported sample type, stacks,
/// ImageJ hyperstack metadata.
@Suite struct TIFFVariantsTests {
    static func write(_ bytes: [UInt8], _ name: String) -> String {
        let path = Fixtures.scratch(name).appendingPathComponent(name).path
        FileManager.default.createFile(atPath: path, contents: Data(bytes))
        return path
    }

    @Test func everySampleTypeReadsExactly() throws {
        let (w, h) = (3, 2)
        let cases: [(String, Int, TinyTIFF.Sample, [UInt8], [Float])] = [
            ("u8", 8, .unsigned, TinyTIFF.bytes([UInt8](arrayLiteral: 0, 1, 2, 250, 254, 255)), [0, 1, 2, 250, 254, 255]),
            ("i8", 8, .signed, TinyTIFF.bytes([Int8](arrayLiteral: -128, -1, 0, 1, 2, 127)), [-128, -1, 0, 1, 2, 127]),
            ("u16", 16, .unsigned, TinyTIFF.bytes([UInt16](arrayLiteral: 0, 1, 300, 40000, 65534, 65535)), [0, 1, 300, 40000, 65534, 65535]),
            ("i16", 16, .signed, TinyTIFF.bytes([Int16](arrayLiteral: -32768, -2, 0, 5, 1000, 32767)), [-32768, -2, 0, 5, 1000, 32767]),
            ("u32", 32, .unsigned, TinyTIFF.bytes([UInt32](arrayLiteral: 0, 7, 70000, 1 << 20, 3, 9)), [0, 7, 70000, 1_048_576, 3, 9]),
            ("i32", 32, .signed, TinyTIFF.bytes([Int32](arrayLiteral: -70000, -1, 0, 1, 2, 70000)), [-70000, -1, 0, 1, 2, 70000]),
            ("f32", 32, .float, TinyTIFF.bytes([Float](arrayLiteral: -1.5, 0, 1e-20, .pi, 2, 3)), [-1.5, 0, 1e-20, .pi, 2, 3]),
            ("f64", 64, .float, TinyTIFF.bytes([Double](arrayLiteral: -2.25, 0.5, 1e-30, 1e10, 2, 3)), [-2.25, 0.5, 1e-30, 1e10, 2, 3]),
        ]
        for (name, bits, sample, raw, values) in cases {
            let path = Self.write(TinyTIFF.make(pages: [raw], width: w, height: h, bits: bits, sample: sample), "\(name).tif")
            let image = try TIFFReader.read(path: path)
            #expect(!image.isGrid, "\(name)")
            // Top row first in the file: row 1 here holds the first three values.
            #expect(Array(image.channels[0].data[3..<6]) == Array(values[0..<3]), "\(name)")
            #expect(Array(image.channels[0].data[0..<3]) == Array(values[3..<6]), "\(name)")
        }
    }

    @Test func imageJHyperstackGivesChannelsSlicesPixelSizeAndEnergies() throws {
        // 2 channels × 3 slices, channel fastest; 0.5 nm pixels (resolution 2/nm is libtiff's
        // default absence here, so the pixel size comes from the options), slices 1 mV apart.
        let pages = (0..<6).map { TinyTIFF.bytes([Float](repeating: Float($0), count: 4)) }
        let description = "ImageJ=1.54f\nimages=6\nchannels=2\nslices=3\nhyperstack=true\nunit=nm\nspacing=1.0\nzunit=mV\nzorigin=1\n"
        let path = Self.write(TinyTIFF.make(pages: pages, width: 2, height: 2, bits: 32, sample: .float, description: description), "hs.tif")
        let grid = try TIFFReader.read(path: path, options: ReadOptions(pixelSize: 5e-10, units: "nS"))
        #expect(grid.channels.count == 2 && grid.layerCount == 3)
        #expect(grid.channels[0].data == [0, 0, 0, 0, 2, 2, 2, 2, 4, 4, 4, 4])
        #expect(grid.channels[1].data == [1, 1, 1, 1, 3, 3, 3, 3, 5, 5, 5, 5])
        let sweep = try #require(grid.sweep)
        #expect(sweep.unit == "V" && zip(sweep.values, [-1e-3, 0, 1e-3]).allSatisfy { abs($0 - $1) < 1e-15 })
        #expect(grid.metadata.source.format == "ImageJ TIFF")

        let short = Self.write(TinyTIFF.make(pages: Array(pages.prefix(5)), width: 2, height: 2, bits: 32, sample: .float,
                                             description: description), "short.tif")
        #expect(throws: FormatError.self) { try TIFFReader.read(path: short) }
    }

    @Test func colourTIFFIsRefusedClearly() throws {
        var bytes = TinyTIFF.make(pages: [[UInt8](repeating: 0, count: 18)], width: 3, height: 2, bits: 8, sample: .unsigned)
        // Patch SamplesPerPixel (tag 277) to 3.
        let entry = bytes.firstRange(of: [0x15, 0x01, 3, 0, 1, 0, 0, 0])!
        bytes[entry.upperBound] = 3
        let path = Self.write(bytes, "rgb.tif")
        #expect { try TIFFReader.read(path: path) } throws: { error in
            (error as? FormatError)?.kind == .unsupported && (error as? FormatError)?.reason.contains("greyscale") == true
        }
    }
}
