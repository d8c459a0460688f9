import Foundation
import Testing
import TestSupport
@testable import Formats

/// Files that declare far more data than they hold, for every reader: each gives a typed error
/// naming the file at once, without trying to allocate what the header claims.
@Suite struct OversizedFileTests {
    static func expectRefused(_ path: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let start = Date()
        HostileInputTests.expectFailure(path, [.corrupt, .truncated], sourceLocation: sourceLocation)
        #expect(Date().timeIntervalSince(start) < 5, "refusing \(path) took too long", sourceLocation: sourceLocation)
    }

    /// A header field replaced, the rest of the file as it is.
    static func variant(of path: String, replacing old: String, with new: String, as name: String) throws -> String {
        var bytes = HostileInputTests.bytes(path)
        let text = String(decoding: bytes.prefix(8192), as: UTF8.self)
        let range = try #require(text.range(of: old), "\(old) not in \(path)")
        let start = text.utf8.distance(from: text.startIndex, to: range.lowerBound)
        bytes.replaceSubrange(start ..< start + old.utf8.count, with: Array(new.utf8))
        return HostileInputTests.write(bytes, name, in: Fixtures.scratch(name))
    }

    @Test(.needsShared("nanonis")) func sxmDeclaringAHugeImage() throws {
        let path = Fixtures.shared("nanonis/probeflow_160px.sxm")
        Self.expectRefused(try Self.variant(of: path, replacing: "       160       160", with: "    900000    900000", as: "huge.sxm"))
        Self.expectRefused(try Self.variant(of: path, replacing: "       160       160", with: "       abc       160", as: "bad.sxm"))
    }

    @Test(.needsShared("createc")) func createcDeclaringAHugeImage() throws {
        let path = Fixtures.shared("createc/createc_scan_11nm.dat")
        Self.expectRefused(try Self.variant(of: path, replacing: "Num.X / Num.X=512", with: "Num.X / Num.X=900000", as: "huge.dat"))
        Self.expectRefused(try Self.variant(of: path, replacing: "Num.X / Num.X=512", with: "Num.X / Num.X=-12", as: "negative.dat"))
    }

    @Test func tiffDeclaringAHugeImage() {
        let bytes = TinyTIFF.make(pages: [TinyTIFF.bytes([Float](repeating: 1, count: 6))], width: 1 << 20, height: 1 << 20, bits: 32, sample: .float)
        Self.expectRefused(HostileInputTests.write(bytes, "huge.tif", in: Fixtures.scratch()))
    }

    /// A valid 16-bit PNG whose IHDR is rewritten to 2²⁰ × 2²⁰ pixels with a correct CRC (by Python's zlib).
    @Test func pngDeclaringAHugeImage() throws {
        guard TestSupport.pythonHas(["zlib"]) else { return }
        let folder = Fixtures.scratch()
        let paths = try PNGWriter.write(RoundTripTests.awkwardGrid(), to: folder.appendingPathComponent("m.png").path)
        let huge = folder.appendingPathComponent("huge.png").path
        let script = """
            import struct, sys, zlib
            data = bytearray(open(sys.argv[1], 'rb').read())
            data[16:24] = struct.pack('>II', 1 << 20, 1 << 20)
            data[29:33] = struct.pack('>I', zlib.crc32(bytes(data[12:29])))
            open(sys.argv[2], 'wb').write(data)
            """
        let (status, output) = try #require(TestSupport.run(TestSupport.python, ["-c", script, paths[0], huge]))
        try #require(status == 0, "\(output)")
        Self.expectRefused(huge)
    }

    /// NeXus and NSID layouts whose signal declares 16 TiB (nothing written: the file stays small).
    @Test func hdf5LayoutsDeclaringTerabytes() throws {
        let folder = Fixtures.scratch()
        let nexus = folder.appendingPathComponent("huge.nxs").path
        try HDF5Document.write(to: nexus) { file in
            try file.group("entry", attributes: ["NX_class": .string("NXentry")])
            try file.group("entry/data", attributes: ["NX_class": .string("NXdata"), "signal": .string("didv"),
                                                      "axes": .strings(["bias", "y", "x"])])
            _ = try file.rows("entry/data/didv", of: .float32, dims: [1 << 16, 1 << 13, 1 << 13])
        }
        let nsid = folder.appendingPathComponent("huge_nsid.h5").path
        try HDF5Document.write(to: nsid) { file in
            try file.group("Measurement_000")
            try file.group("Measurement_000/Channel_000")
            _ = try file.rows("Measurement_000/Channel_000/data", of: .float32, dims: [1 << 21, 1 << 21],
                              attributes: ["data_type": .string("IMAGE"), "quantity": .string("height"),
                                           "DIMENSION_LABELS": .strings(["y", "x"])])
        }
        for path in [nexus, nsid] {
            #expect(try #require(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) < 1 << 20)
            Self.expectRefused(path)
        }
    }
}
