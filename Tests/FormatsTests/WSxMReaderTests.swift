import Foundation
import Testing
import TestSupport
@testable import Formats

/// WSxM images and curves: the shared AFM image agrees with an independent numpy decoding and
/// with Gwyddion's own WSxM reader; integer data, curves and damaged files behave as documented.
@Suite struct WSxMReaderTests {
    /// A WSxM file: the three pre-header lines (`kind` second), `lines` of header, `[Header end]`,
    /// then `data`. The stated header size is the true one unless `statedSize` is given.
    static func wsxm(kind: String = "SxM Image file", _ lines: [String], data: [UInt8], statedSize: Int? = nil) -> [UInt8] {
        func header(_ size: Int) -> [UInt8] {
            Array((["WSxM file copyright UAM", kind, "Image header size: \(size)", ""] + lines + ["[Header end]", ""])
                .joined(separator: "\r\n").utf8)
        }
        var size = header(0).count
        while header(size).count != size { size = header(size).count }   // the size counts its own digits
        return header(statedSize ?? size) + data
    }

    static func littleEndian<T: FixedWidthInteger>(_ values: [T]) -> [UInt8] {
        values.flatMap { withUnsafeBytes(of: $0.littleEndian) { Array($0) } }
    }

    @Test(.needsShared("wsxm")) func sharedImageMatchesNumpy() throws {
        let path = Fixtures.shared("wsxm/afm_600nm.stp")
        let image = try WSxMReader.read(path: path)
        #expect(image.sweep == nil && image.channels.count == 1)
        let channel = image.channels[0]
        #expect(channel.name == "Topography" && channel.unit == "m" && channel.direction == .forward)
        #expect(image.x.count == 256 && image.y.count == 256 && image.x.unit == "m")
        #expect(abs(image.x.values[1] - image.x.values[0] - 600e-9 / 256) < 1e-18 && abs(image.y.values[255] - 600e-9 * 511 / 512) < 1e-18)
        #expect(image.metadata.source.format == "WSxM" && image.metadata.source.header.contains("X Amplitude: 600 nm"))
        #expect(image.metadata.scanAngleDegrees == 0)
        // The header's own statistics ([Miscellaneous] Maximum/Minimum, in nm).
        let finite = channel.data.map(Double.init)
        #expect(abs(finite.max()! - 12.8379e-9) < 1e-13 && abs(finite.min()! - -0.862931e-9) < 1e-15)

        guard TestSupport.pythonHas(["numpy"]) else { return }
        // numpy: the header size from the third line, float64 little-endian rows, each line mirrored, nm → m.
        let script = """
            import re, sys, numpy as np
            raw = open(sys.argv[1], 'rb').read()
            size = int(re.search(rb'Image header size: (\\d+)', raw).group(1))
            data = np.frombuffer(raw, dtype='<f8', offset=size).reshape(256, 256)[:, ::-1] * 1e-9
            open(sys.argv[2], 'wb').write(data.astype('<f4').tobytes())
            """
        let output = Fixtures.scratch().appendingPathComponent("numpy.f32").path
        let (status, log) = try #require(TestSupport.run(TestSupport.python, ["-c", script, path, output]))
        try #require(status == 0, "\(log)")
        let expected = HostileInputTests.bytes(output).withUnsafeBytes { Array($0.bindMemory(to: UInt32.self)) }
        #expect(channel.data.map(\.bitPattern) == expected)
    }

    @Test(.needsShared("wsxm"), .enabled(if: TestSupport.isCI || FileManager.default.isExecutableFile(atPath: "/usr/bin/gwyddion"),
                                         "Debian's gwyddion is not installed"))
    func sharedImageMatchesGwyddion() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/gwyddion") else {
            Issue.record("gwyddion must be installed (Debian gwyddion)")
            return
        }
        let path = Fixtures.shared("wsxm/afm_600nm.stp")
        let converted = Fixtures.scratch().appendingPathComponent("gwyddion.gwy").path
        let run = try #require(Fixtures.run("gwyddion", ["--convert-to-gwy=\(converted)", path]))
        try #require(run.status == 0, "\(run.output)")
        let reference = try GwyddionReader.read(path: converted), ours = try WSxMReader.read(path: path)
        #expect(reference.channels[0].name == ours.channels[0].name && reference.channels[0].unit == ours.channels[0].unit)
        #expect(zip(reference.x.values, ours.x.values).allSatisfy { abs($0 - $1) < 1e-18 })
        #expect(zip(reference.y.values, ours.y.values).allSatisfy { abs($0 - $1) < 1e-18 })
        // Gwyddion also rescales floating-point data by Z Amplitude / range (13.7008 / 13.700807 nm here).
        let error = zip(reference.channels[0].data, ours.channels[0].data).map { abs(Double($0) - Double($1)) }.max()!
        #expect(error < 1e-5 * 13.7e-9)
    }

    @Test func integerAndFloatImages() throws {
        let folder = Fixtures.scratch()
        let header = ["[Control]", "    X Amplitude: 3 nm", "    Y Amplitude: 20 Å", "    Angle: 15",
                      "[General Info]", "    Number of columns: 3", "    Number of rows: 2", "    Z Amplitude: 2 nm",
                      "    Acquisition channel: Current", "    X scanning direction: Backward"]
        let shorts = HostileInputTests.write(Self.wsxm(header + ["    Image Data Type: short"], data: Self.littleEndian([1, 2, 3, 4, 5, 6] as [Int16]),
                                                      statedSize: 99), "short.stp", in: folder)
        let image = try WSxMReader.read(path: shorts)
        // Range 1…6 spans the 2 nm amplitude; first stored line is row 0, mirrored.
        let step: Double = 2 * 1e-9 / 5
        let counts: [Double] = [3, 2, 1, 6, 5, 4]
        #expect(image.channels[0].data == counts.map { Float($0 * step) })
        #expect(image.channels[0].name == "Current" && image.channels[0].direction == .backward && image.channels[0].unit == "m")
        #expect(image.x.values.map { ($0 * 1e10).rounded() } == [5, 15, 25] && image.y.values.map { ($0 * 1e10).rounded() } == [5, 15])
        #expect(image.metadata.scanAngleDegrees == 15)
        #expect(image.metadata.assumptions.contains { $0.contains("states 99 bytes") })
        #expect(image.metadata.assumptions.contains { $0.contains("integer data scaled") })

        let floats = Self.littleEndian([1.5, -2, 0.25, 8, 0, 1].map { Float($0).bitPattern })
        let path = HostileInputTests.write(Self.wsxm(header + ["    Image Data Type: float"], data: floats), "float.stp", in: folder)
        let float = try WSxMReader.read(path: path)
        let stored: [Double] = [0.25, -2, 1.5, 1, 0, 8]
        #expect(float.channels[0].data == stored.map { Float($0 * 1e-9) })
        #expect(!float.metadata.assumptions.contains { $0.contains("header states") })
    }

    @Test func curvesBecomeAPointGrid() throws {
        let folder = Fixtures.scratch()
        let header = ["[General Info]", "    Number of lines: 2", "    Number of points: 4", "    X axis text: Bias [#x]",
                      "    X axis unit: V", "    Y axis text: Current [#y]", "    Y axis unit: nA"]
        // Per point: x y of curve 1, then x y of curve 2 (recorded backwards).
        let rows = ["-0.1 1 0.2 -1", "0 2 0.1 -2", "0.1 3 0 -3", "0.2 4 -0.1 -4"].joined(separator: "\r\n") + "\r\n"
        let path = HostileInputTests.write(Self.wsxm(kind: "IV curve file", header, data: Array(rows.utf8)), "iv.cur", in: folder)
        let curves = try WSxMReader.read(path: path)
        #expect(curves.sweep == Axis(name: "Bias", unit: "V", values: [-0.1, 0, 0.1, 0.2]))
        #expect(curves.x.count == 1 && curves.y.count == 1)
        #expect(curves.channels.map(\.name) == ["Current", "Current"] && curves.channels.map(\.unit) == ["A", "A"])
        #expect(curves.channels.map(\.direction) == [.forward, .backward])
        let forward: [Double] = [1, 2, 3, 4], backward: [Double] = [-4, -3, -2, -1]
        #expect(curves.channels[0].data == forward.map { Float($0 * 1e-9) })
        #expect(curves.channels[1].data == backward.map { Float($0 * 1e-9) })

        Self.expectFailure(Self.wsxm(kind: "IV curve file", header, data: Array("-0.1 1 0.2".utf8)), "short.cur", [.truncated], in: folder)
        let huge = header.map { $0.replacingOccurrences(of: "lines: 2", with: "lines: 2000000000") }
        Self.expectFailure(Self.wsxm(kind: "IV curve file", huge, data: Array(rows.utf8)), "huge.cur", [.truncated], in: folder)
    }

    /// Expects `WSxMReader` to fail on `bytes` with one of `kinds`, naming the file.
    static func expectFailure(_ bytes: [UInt8], _ name: String, _ kinds: Set<FormatError.Kind>, in folder: URL,
                              sourceLocation: SourceLocation = #_sourceLocation) {
        let path = HostileInputTests.write(bytes, name, in: folder)
        do {
            _ = try WSxMReader.read(path: path)
            Issue.record("reading \(name) should have failed", sourceLocation: sourceLocation)
        } catch let error as FormatError {
            #expect(kinds.contains(error.kind) && error.path == path, "\(error)", sourceLocation: sourceLocation)
        } catch {
            Issue.record("untyped error \(error)", sourceLocation: sourceLocation)
        }
    }

    @Test func damagedImages() throws {
        let folder = Fixtures.scratch()
        let header = ["[Control]", "    X Amplitude: 3 nm", "[General Info]", "    Number of columns: 3",
                      "    Number of rows: 2", "    Z Amplitude: 2 nm", "    Image Data Type: double"]
        let good = Self.wsxm(header, data: Self.littleEndian((0..<6).map { Double($0).bitPattern }))
        _ = try WSxMReader.read(path: HostileInputTests.write(good, "good.stp", in: folder))
        Self.expectFailure([], "empty.stp", [.unrecognised], in: folder)
        Self.expectFailure(Array("WSxM file copyleft".utf8) + good.dropFirst(18), "magic.stp", [.unrecognised], in: folder)
        let end = good.firstRange(of: Array("[Header end]".utf8))!
        for cut in [20, end.lowerBound + 5, end.upperBound + 2, good.count - 1] {
            Self.expectFailure(Array(good[..<cut]), "cut\(cut).stp", [.truncated], in: folder)
        }
        func variant(_ from: String, _ to: String) -> [UInt8] {
            Self.wsxm(header.map { $0.replacingOccurrences(of: from, with: to) }, data: Array(good[(end.upperBound + 2)...]))
        }
        let start = Date()
        Self.expectFailure(variant("columns: 3", "columns: 60000"), "wide.stp", [.truncated], in: folder)
        Self.expectFailure(variant("rows: 2", "rows: 900000"), "tall.stp", [.corrupt], in: folder)
        Self.expectFailure(variant("rows: 2", "rows: -2"), "negative.stp", [.corrupt], in: folder)
        #expect(Date().timeIntervalSince(start) < 1)
        Self.expectFailure(variant("double", "complex"), "type.stp", [.unsupported], in: folder)
        Self.expectFailure(variant("X Amplitude: 3 nm", "X Amplitude: 3 V"), "amplitude.stp", [.corrupt], in: folder)
        Self.expectFailure(Self.wsxm(kind: "SxM Movie file", header, data: []), "movie.stp", [.unsupported], in: folder)
    }
}
