import Foundation
import Testing
@testable import Formats

/// Damaged and hostile files give a typed error naming the file, quickly and without large
/// allocations; never a crash.
@Suite struct HostileInputTests {
    static func write(_ bytes: [UInt8], _ name: String, in folder: URL) -> String {
        let path = folder.appendingPathComponent(name).path
        FileManager.default.createFile(atPath: path, contents: Data(bytes))
        return path
    }

    static func bytes(_ path: String) -> [UInt8] { Array(FileManager.default.contents(atPath: path) ?? Data()) }

    /// Expects reading `path` to fail with a `FormatError` of `kind` that names the file.
    static func expectFailure(_ path: String, _ kinds: Set<FormatError.Kind>, options: ReadOptions = ReadOptions(),
                              sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            _ = try DataFormat.read(path: path, options: options)
            Issue.record("reading \(path) should have failed", sourceLocation: sourceLocation)
        } catch let error as FormatError {
            #expect(kinds.contains(error.kind), "\(error)", sourceLocation: sourceLocation)
            #expect(!error.path.isEmpty && (error.path.hasSuffix((path as NSString).lastPathComponent) || path.hasPrefix(error.path)),
                    "error does not name the file: \(error)", sourceLocation: sourceLocation)
        } catch {
            Issue.record("untyped error \(error)", sourceLocation: sourceLocation)
        }
    }

    @Test func emptyFilesAndDirectories() throws {
        let folder = Fixtures.scratch()
        for ext in ["3ds", "sxm", "dat", "tif", "png", "h5"] {
            Self.expectFailure(Self.write([], "empty.\(ext)", in: folder), [.truncated, .unrecognised])
        }
        Self.expectFailure(folder.path, [.io])
        Self.expectFailure(folder.appendingPathComponent("missing.3ds").path, [.io])
    }

    @Test func flippedMagic() throws {
        let folder = Fixtures.scratch()
        var sample = Self.bytes(Fixtures.sample("demo_grid.3ds"))
        sample[0] = UInt8(ascii: "X")
        Self.expectFailure(Self.write(sample, "flipped.3ds", in: folder), [.unrecognised, .corrupt])
        let tif = folder.appendingPathComponent("ok.tif").path
        try TIFFWriter.write(RoundTripTests.awkwardGrid(), to: tif)
        var tiff = Self.bytes(tif)
        tiff[0] = 0x00
        Self.expectFailure(Self.write(tiff, "flipped.tif", in: folder), [.unrecognised])
        let h5 = folder.appendingPathComponent("ok.h5").path
        try HDF5Writer.write(RoundTripTests.awkwardGrid(), to: h5)
        var hdf = Self.bytes(h5)
        hdf[1] = 0x00
        Self.expectFailure(Self.write(hdf, "flipped.h5", in: folder), [.unrecognised])
    }

    @Test func gridHeadersThatContradictTheData() throws {
        let folder = Fixtures.scratch()
        let original = String(decoding: Self.bytes(Fixtures.sample("demo_grid.3ds")), as: UTF8.self)
        func variant(_ from: String, _ to: String, _ name: String) -> String {
            var bytes = Self.bytes(Fixtures.sample("demo_grid.3ds"))
            let header = Array(from.utf8), replacement = Array(to.utf8)
            let range = bytes.firstRange(of: header)!
            bytes.replaceSubrange(range, with: replacement)
            return Self.write(bytes, name, in: folder)
        }
        #expect(original.contains("Grid dim=\"32 x 32\""))
        // Terabytes declared: rejected before any allocation.
        let start = Date()
        Self.expectFailure(variant("Grid dim=\"32 x 32\"", "Grid dim=\"900000 x 900000\"", "huge.3ds"), [.corrupt])
        #expect(Date().timeIntervalSince(start) < 1)
        Self.expectFailure(variant("Points=21", "Points=-3", "negative.3ds"), [.corrupt])
        Self.expectFailure(variant("# Parameters (4 byte)=6", "# Parameters (4 byte)=9", "params.3ds"), [.corrupt])
        Self.expectFailure(variant("Experiment size (bytes)=336", "Experiment size (bytes)=999", "size.3ds"), [.corrupt])
        Self.expectFailure(variant("Grid dim=\"32 x 32\"", "Grid dim=\"a x b\"", "words.3ds"), [.corrupt])
        Self.expectFailure(variant("Grid settings=", "Grid nonsense=", "settings.3ds"), [.corrupt])
    }

    @Test func truncationAtEverySectionBoundary() throws {
        let folder = Fixtures.scratch()
        let sample = Self.bytes(Fixtures.sample("demo_grid.3ds"))
        let headerEnd = sample.firstRange(of: Array(":HEADER_END:\r\n".utf8))!.upperBound
        let record = (6 + 4 * 21) * 4
        // Inside the header and before the first whole record: typed errors.
        for cut in [10, headerEnd - 20, headerEnd - 2, headerEnd, headerEnd + record - 1] {
            Self.expectFailure(Self.write(Array(sample.prefix(cut)), "cut\(cut).3ds", in: folder), [.truncated, .unrecognised, .corrupt])
        }
        // Inside the data: the whole pixels are kept, the rest are missing.
        let cut = headerEnd + 5 * record + 17
        let grid = try DataFormat.read(path: Self.write(Array(sample.prefix(cut)), "partial.3ds", in: folder))
        #expect(grid.metadata.missingPixels == 32 * 32 - 5)
    }

    @Test(.needsShared("createc", "hdf5", "nanonis")) func truncatedVendorFilesNeverCrash() throws {
        let folder = Fixtures.scratch()
        for name in ["nanonis/au_mica_195.sxm", "nanonis/bias_spectroscopy_00015.dat", "createc/createc_scan_11nm.dat",
                     "hdf5/au_mica_195_pynxtools_NXstm.nxs", "nanonis/grid_spectroscopy_002.3ds"] {
            let bytes = Self.bytes(Fixtures.shared(name))
            let ext = (name as NSString).pathExtension
            for fraction in [0.001, 0.01, 0.2, 0.5, 0.9, 0.999] {
                let path = Self.write(Array(bytes.prefix(Int(Double(bytes.count) * fraction))), "t.\(ext)", in: folder)
                do {
                    _ = try DataFormat.read(path: path)
                    // Only a grid may still be read (with missing pixels) or a text spectrum with fewer rows.
                    #expect(name.hasPrefix("nanonis/") && ["3ds", "dat"].contains(ext), "\(name) cut at \(fraction) read without error")
                } catch let error as FormatError {
                    #expect(error.description.contains("t.\(ext)"))
                }
            }
        }
    }

    @Test func damagedPNGAndTIFFAndHDF5() throws {
        let folder = Fixtures.scratch()
        let grid = RoundTripTests.awkwardGrid()
        let pngs = try PNGWriter.write(grid, to: folder.appendingPathComponent("m.png").path)
        let png = Self.bytes(pngs[0])
        Self.expectFailure(Self.write(Array(png.prefix(png.count / 2)), "half.png", in: folder), [.truncated, .corrupt])
        let tif = folder.appendingPathComponent("g.tif").path
        try TIFFWriter.write(grid, to: tif)
        let tiff = Self.bytes(tif)
        Self.expectFailure(Self.write(Array(tiff.prefix(tiff.count / 2)), "half.tif", in: folder), [.truncated, .corrupt, .unrecognised])
        let h5 = folder.appendingPathComponent("g.h5").path
        try HDF5Writer.write(grid, to: h5)
        let hdf = Self.bytes(h5)
        Self.expectFailure(Self.write(Array(hdf.prefix(hdf.count / 2)), "half.h5", in: folder), [.corrupt, .unrecognised, .invalidRequest])
        Self.expectFailure(h5 + ":/entry/nothing", [.invalidRequest])
    }

    @Test func nanAndInfSamplesAreKept() throws {
        let folder = Fixtures.scratch()
        let grid = RoundTripTests.awkwardGrid()
        let path = folder.appendingPathComponent("n.h5").path
        try HDF5Writer.write(grid, to: path)
        let back = try DataFormat.read(path: path)
        #expect(back.channels[0].data[3].isNaN && back.channels[0].data[4] == .infinity)
    }

    /// Outputs that cannot be written, for root too (CI runs as root, which ignores permissions): a
    /// missing folder, a folder as the output, a path below a regular file, and /proc. Each gives
    /// a typed error naming the file and leaves nothing behind.
    @Test func unwritableOutputsLeaveNothing() throws {
        let folder = Fixtures.scratch()
        let grid = RoundTripTests.awkwardGrid()
        let plain = folder.appendingPathComponent("plain")
        FileManager.default.createFile(atPath: plain.path, contents: Data("not a folder".utf8))
        let targets = [folder.appendingPathComponent("no/such/dir/x.h5").path, plain.appendingPathComponent("x.h5").path,
                       "/proc/qpikit-test-\(getpid()).h5"]
        for target in targets {
            #expect { try HDF5Writer.write(grid, to: target) } throws: { ($0 as? FormatError)?.path == target }
            #expect { try TIFFWriter.write(grid, to: target.replacingOccurrences(of: ".h5", with: ".tif")) } throws: {
                ($0 as? FormatError)?.path == target.replacingOccurrences(of: ".h5", with: ".tif")
            }
        }
        #expect { try TIFFWriter.write(grid, to: folder.path) } throws: { ($0 as? FormatError)?.path == folder.path }
        #expect(Fixtures.contents(folder) == ["plain"])
        #expect(try Data(contentsOf: plain) == Data("not a folder".utf8))
        #expect(!FileManager.default.fileExists(atPath: "/proc/qpikit-test-\(getpid()).h5"))
    }
}

/// Header variants of Nanonis files: multi-segment sweeps and non-UTF-8 bytes.
@Suite struct NanonisHeaderVariantTests {
    @Test func multiSegmentSweepBuildsTheAxisFromItsSegments() throws {
        let folder = Fixtures.scratch()
        var bytes = HostileInputTests.bytes(Fixtures.sample("demo_grid.3ds"))
        let old = Array("Bias Spectroscopy>Sweep mode=Linear".utf8)
        // 21 points: 11 from -20 to 0 mV, then 10 from 1 to 19 mV.
        let new = Array("Bias Spectroscopy>Sweep mode=MLS\r\nBias Spectroscopy>MultiLine Settings : Segment Start (V), Segment End (V), Settling (s), Integration (s), Steps (xn)=-20E-3,0E+0,1E-3,1E-3,11,1E-3,19E-3,1E-3,1E-3,10".utf8)
        bytes.replaceSubrange(bytes.firstRange(of: old)!, with: new)
        let path = HostileInputTests.write(bytes, "mls.3ds", in: folder)
        let grid = try Nanonis3DSReader.read(path: path)
        let sweep = try #require(grid.sweep)
        #expect(sweep.count == 21)
        #expect(abs(sweep.values[10]) < 1e-15 && abs(sweep.values[11] - 1e-3) < 1e-15 && abs(sweep.values[20] - 19e-3) < 1e-15)
        #expect(sweep.uniformStep == nil)
    }

    @Test(.needsShared("nanonis")) func nonUTF8HeaderBytesAreKept() throws {
        var bytes = HostileInputTests.bytes(Fixtures.shared("nanonis/probeflow_160px.sxm"))
        let comment = bytes.firstRange(of: Array(":COMMENT:\n4.4K".utf8))!
        bytes.replaceSubrange(comment.upperBound - 1 ..< comment.upperBound, with: [0x4B, 0x20, 0xB5, 0xB0])   // "K µ°" in Latin-1
        let path = HostileInputTests.write(bytes, "latin1.sxm", in: Fixtures.scratch())
        let image = try NanonisSXMReader.read(path: path)
        #expect(image.metadata.source.header.contains("4.4K µ°"))
        #expect(image.x.count == 160)
    }
}
