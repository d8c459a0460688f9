import Foundation
import Testing
import TestSupport
@testable import Formats

/// Writes MATRIX result and data files as access2thematrix reads them: tagged blocks (tags
/// reversed, UInt32 length, 8-byte time stamp unless unstamped), UTF-16 strings, typed values.
struct TinyMATRIX {
    var points = 3, lines = 2
    var xRetrace = true, yRetrace = false
    var channel = "Z", unit = "m", channelID: UInt64 = 0x0000_0002_0044_0043
    var transfer = "TFF_Linear1D"
    var transferParameters: [(String, Double)] = [("Factor", 2.5e9), ("Offset", 100)]

    static func u32(_ v: Int) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: v >> (8 * $0)) } }
    static func u64(_ v: UInt64) -> [UInt8] { (0..<8).map { UInt8(truncatingIfNeeded: v >> (8 * UInt64($0))) } }
    static func string(_ s: String) -> [UInt8] {
        u32(s.utf16.count) + s.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
    }
    static func value(_ v: OmicronMATRIXValue) -> [UInt8] {
        switch v {
        case .bool(let b): Array("LOOB".utf8) + u32(b ? 1 : 0)
        case .int(let i): Array("GNOL".utf8) + u32(i)
        case .double(let d): Array("BUOD".utf8) + u64(d.bitPattern)
        case .string(let s): Array("GRTS".utf8) + string(s)
        }
    }
    static func block(_ tag: String, _ body: [UInt8], stamped: Bool = true) -> [UInt8] {
        Array(tag.utf8.reversed()) + u32(body.count) + (stamped ? [UInt8](repeating: 0, count: 8) : []) + body
    }
    static func pmod(_ instance: String, _ property: String, _ unit: String, _ v: OmicronMATRIXValue) -> [UInt8] {
        block("PMOD", u32(0) + string(instance) + string(property) + string(unit) + u32(0) + value(v))
    }
    static func bref(_ name: String) -> [UInt8] { block("BREF", u32(0) + string(name)) }

    /// The scanner's parameters.
    var scanner: [(String, String, OmicronMATRIXValue)] {
        [("Points", "Count", .int(points)), ("Lines", "Count", .int(lines)), ("Width", "Meter", .double(4e-9)),
         ("Height", "Meter", .double(2e-9)), ("X_Offset", "Meter", .double(1e-9)), ("Y_Offset", "Meter", .double(-3e-9)),
         ("Angle", "Degree", .int(30)), ("X_Retrace", "--", .bool(xRetrace)), ("Y_Retrace", "--", .bool(yRetrace))]
    }

    /// `ONTMATRX0101`, the parameters (`EEPA`), the dictionary and transfer function (`CCSY`).
    var resultHead: [UInt8] {
        var eepa = Self.u32(0) + Self.u32(2) + Self.string("XYScanner") + Self.u32(scanner.count)
        for (property, unit, value) in scanner {
            eepa += Self.string(property) + Self.string(unit) + Self.u32(0) + Self.value(value)
        }
        eepa += Self.string("Spectroscopy") + Self.u32(1) + Self.string("Device_1_Points") + Self.string("Count")
        eepa += Self.u32(0) + Self.value(.int(5))
        var dict = [UInt8](repeating: 0, count: 8) + Self.u32(0) + Self.u32(1) + Self.u32(0) + Self.u32(7)
        dict += [UInt8](repeating: 0, count: 8) + Self.string(channel) + Self.string(unit)
        dict += Self.u32(1) + Self.u64(channelID) + Self.u32(0) + Self.u32(7) + Self.string("ChannelData: channel = \(channel)")
        var xfer = Self.u32(0) + Self.u32(7) + Self.string(transfer) + Self.string(unit) + Self.u32(transferParameters.count)
        for (label, value) in transferParameters { xfer += Self.string(label) + Self.value(.double(value)) }
        let ccsy = Self.u32(0) + Self.block("DICT", dict, stamped: false) + Self.block("XFER", xfer, stamped: false)
        return omicronMATRIXMagic + Self.block("EEPA", eepa) + Self.block("CCSY", ccsy)
    }

    /// A data file of `counts`, made for `size` counts (the whole scan by default).
    func data(_ counts: [Int32], size: Int? = nil) -> [UInt8] {
        var desc = Self.u64(channelID) + Self.u32(1) + Self.u32(0) + Self.u32(0)
        desc += Self.u32(size ?? counts.count) + Self.u32(counts.count) + [UInt8](repeating: 0, count: 28)
        let samples: [UInt8] = counts.flatMap { Self.u32(Int($0)) }
        let body = Self.u32(0) + Self.block("DESC", desc, stamped: false) + Self.block("DATA", samples, stamped: false)
        return omicronMATRIXMagic + Self.block("BKLT", body)
    }

    /// Counts whose value names their place: 1000 × line + 10 × point (+1 on backward passes).
    var counts: [Int32] {
        var out: [Int32] = []
        for line in 0..<(lines * (yRetrace ? 2 : 1)) {
            for pass in 0..<(xRetrace ? 2 : 1) {
                for point in 0..<points { out.append(Int32(1000 * line + 10 * point + pass)) }
            }
        }
        return out
    }
}

@Suite struct OmicronMATRIXReaderTests {

    /// access2thematrix's traces of the data file at `path`: label, values (float32), frame, unit.
    static func access2theMatrix(_ path: String) throws -> [[String: Any]] {
        let script = """
            import json, sys, numpy as np, access2thematrix
            m = access2thematrix.MtrxData()
            traces, message = m.open(sys.argv[1])
            out = []
            for k in sorted(traces):
                im, _ = m.select_image(traces[k])
                out.append({'trace': str(traces[k]), 'values': np.asarray(im.data, dtype=np.float32).ravel().tolist(),
                            'shape': list(im.data.shape), 'unit': im.channel_name_and_unit[1],
                            # As text: Foundation's JSON parser does not round every double correctly.
                            'frame': [repr(float(v)) for v in (im.width, im.height, im.x_offset, im.y_offset, im.angle)]})
            print(json.dumps(out))
            """
        let (status, output) = try #require(TestSupport.run(TestSupport.python, ["-c", script, path]))
        try #require(status == 0, "\(output)")
        return try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [[String: Any]])
    }

    /// Every trace of `dataset` equals access2thematrix's to float32 rounding, in its order.
    static func expectMatches(_ dataset: Dataset, _ reference: [[String: Any]]) throws {
        #expect(dataset.channels.count == reference.count)
        for (channel, trace) in zip(dataset.channels, reference) {
            let values = try #require(trace["values"] as? [Double])
            let label = try #require(trace["trace"] as? String)
            #expect(channel.longName.contains("[\(label)]"))
            #expect(channel.direction == (label.hasPrefix("backward") ? .backward : .forward))
            #expect(trace["shape"] as? [Int] == [dataset.y.count, dataset.x.count])
            #expect(zip(channel.data, values).filter { $0 != Float($1) }.isEmpty, "\(label) differs from access2thematrix")
            #expect(channel.unit == trace["unit"] as? String)
            let frame = try #require(trace["frame"] as? [String]).compactMap(Double.init)
            try #require(frame.count == 5)
            #expect(dataset.x == Axis.pixelCentres(name: "x", center: frame[2], width: frame[0], count: dataset.x.count))
            #expect(dataset.y == Axis.pixelCentres(name: "y", center: frame[3], width: frame[1], count: dataset.y.count))
            #expect(dataset.metadata.scanAngleDegrees == frame[4])
        }
    }

    @Test(.needsShared("omicron")) func sharedTopographMatchesAccess2theMatrix() throws {
        let path = Fixtures.shared("omicron/20201111--4_1.Z_mtrx")
        #expect(try DataFormat.detect(path: path) == .omicronMATRIX)
        let image = try DataFormat.read(path: path)
        #expect(image.sweep == nil && image.x.count == 400 && image.y.count == 400)
        #expect(image.channels.map(\.datasetName) == ["Z_fwd", "Z_bwd"] && image.channels.allSatisfy { $0.unit == "m" })
        #expect(image.metadata.missingPixels == 0 && image.metadata.source.format == "Omicron MATRIX")
        #expect(image.metadata.source.header.contains("XYScanner.Width = 1e-07 Meter"))
        // By hand: the first count (bytes 104...107) over TFF_Linear1D's Factor 2.4e15; the
        // backward pass of line 0 starts at count 400, the last column once mirrored.
        let raw = try InputFile(path: path).bytes(at: 104, count: 1604).withUnsafeBytes { b in
            (0..<401).map { Int32(littleEndian: b.loadUnaligned(fromByteOffset: 4 * $0, as: Int32.self)) }
        }
        #expect(image.channels[0].data[0] == Float(Double(raw[0]) / 2.4e15))
        #expect(image.channels[1].data[399] == Float(Double(raw[400]) / 2.4e15))
        #expect(abs(image.x.values[0] - (-1.65e-8 - 5e-8 + 1.25e-10)) < 1e-20)
        guard TestSupport.pythonHas(["access2thematrix", "numpy"]) else { return }
        try Self.expectMatches(image, try Self.access2theMatrix(path))
    }

    @Test(.needsShared("omicron")) func resultFileAloneIsRefused() throws {
        let path = Fixtures.shared("omicron/20201111_0001.mtrx")
        #expect(try DataFormat.detect(path: path) == .omicronMATRIX)
        HostileInputTests.expectFailure(path, [.invalidRequest])
    }

    /// Four traces (X and Y retrace), placed as access2thematrix places them, and by hand; with
    /// TFF_Linear1D and with TFF_MultiLinear1D (as access2thematrix converts it).
    @Test(arguments: [false, true]) func fourTracesMatchAccess2theMatrix(multiLinear: Bool) throws {
        let folder = Fixtures.scratch()
        var tiny = TinyMATRIX(points: 3, lines: 2, xRetrace: true, yRetrace: true)
        if multiLinear {
            tiny.transfer = "TFF_MultiLinear1D"
            tiny.transferParameters = [("NeutralFactor", 6.4489e15), ("PreFactor", 1.01), ("PreOffset", -0.01), ("Raw_1", 1), ("Offset", 100)]
        }
        _ = HostileInputTests.write(tiny.resultHead + TinyMATRIX.bref("t--1_1.Z_mtrx"), "t_0001.mtrx", in: folder)
        let path = HostileInputTests.write(tiny.data(tiny.counts), "t--1_1.Z_mtrx", in: folder)
        let image = try OmicronMATRIXReader.read(path: path)
        #expect(image.channels.map(\.datasetName) == ["Z_fwd", "Z_bwd", "Z_down_fwd", "Z_down_bwd"])
        let value = { (count: Double) in
            Float(multiLinear ? (1 + 0.01) * (count - 100) / (6.4489e15 * 1.01) : (count - 100) / 2.5e9)
        }
        // Row 0 is line 0 (upwards); the downward pass's first line (2) is the top row.
        #expect(image.channels[0].data == [0, 10, 20, 1000, 1010, 1020].map(value))
        #expect(image.channels[1].data == [21, 11, 1, 1021, 1011, 1001].map(value))
        #expect(image.channels[2].data == [3000, 3010, 3020, 2000, 2010, 2020].map(value))
        #expect(image.channels[3].data == [3021, 3011, 3001, 2021, 2011, 2001].map(value))
        #expect(image.metadata.scanAngleDegrees == 30 && zip(image.y.values, [-3.5e-9, -2.5e-9]).allSatisfy { abs($0 - $1) < 1e-20 })
        guard TestSupport.pythonHas(["access2thematrix", "numpy"]) else { return }
        try Self.expectMatches(image, try Self.access2theMatrix(path))
    }

    /// A stopped scan keeps what was recorded; the parameters are those of the data file's BREF
    /// (a later PMOD does not apply) across a chain of result files.
    @Test func stoppedScanAndParameterJournal() throws {
        let folder = Fixtures.scratch()
        var tiny = TinyMATRIX(points: 4, lines: 3, xRetrace: false)
        tiny.transfer = "TFF_MultiLinear1D"
        tiny.transferParameters = [("NeutralFactor", 2e9), ("PreFactor", 2), ("PreOffset", 0.5), ("Raw_1", 1), ("Offset", 0)]
        tiny.unit = "A"
        let late = TinyMATRIX.pmod("XYScanner", "Width", "Meter", .double(1))
        _ = HostileInputTests.write(tiny.resultHead, "s_0001.mtrx", in: folder)
        _ = HostileInputTests.write(omicronMATRIXMagic + TinyMATRIX.bref("s--2_1.I_mtrx") + late, "s_0002.mtrx", in: folder)
        _ = HostileInputTests.write(tiny.resultHead, "decoy.mtrx", in: folder)
        let path = HostileInputTests.write(tiny.data(Array(tiny.counts.prefix(6)), size: 12), "s--2_1.I_mtrx", in: folder)
        let image = try DataFormat.read(path: path)
        #expect(image.channels.count == 1 && image.channels[0].unit == "A" && abs(image.x.values[3] - 2.5e-9) < 1e-20)
        let recorded = [0, 10, 20, 30, 1000, 1010].map { Float(0.5 * $0 / 4e9) }
        #expect(Array(image.channels[0].data.prefix(6)) == recorded && image.channels[0].data.dropFirst(6).allSatisfy(\.isNaN))
        #expect(image.metadata.missingPixels == 6 && image.metadata.assumptions.contains { $0.contains("6 of 12") })
    }

    @Test func singleResultFileAndIdentityTransfer() throws {
        let folder = Fixtures.scratch()
        var tiny = TinyMATRIX(points: 2, lines: 2, xRetrace: false)
        tiny.transfer = "TFF_Identity"
        tiny.transferParameters = []
        _ = HostileInputTests.write(tiny.resultHead + TinyMATRIX.bref("x--1_1.Z_mtrx"), "session.mtrx", in: folder)
        let path = HostileInputTests.write(tiny.data([1, 2, 3, -4]), "x--1_1.Z_mtrx", in: folder)
        #expect(try OmicronMATRIXReader.read(path: path).channels[0].data == [1, 2, 3, -4])
        _ = HostileInputTests.write(tiny.resultHead, "other.mtrx", in: folder)
        expectFormatError(path, [.io], reading: OmicronMATRIXReader.read)
    }

    @Test func spectroscopyAndUnknownTransfersAreUnsupported() throws {
        let folder = Fixtures.scratch()
        let curves = TinyMATRIX(channel: "I(V)", unit: "A")
        _ = HostileInputTests.write(curves.resultHead + TinyMATRIX.bref("v--1_1.I(V)_mtrx"), "v_0001.mtrx", in: folder)
        expectFormatError(HostileInputTests.write(curves.data([1, 2, 3, 4, 5]), "v--1_1.I(V)_mtrx", in: folder), [.unsupported],
                          reading: OmicronMATRIXReader.read)
        var odd = TinyMATRIX()
        odd.transfer = "TFF_Exponential"
        _ = HostileInputTests.write(odd.resultHead + TinyMATRIX.bref("w--1_1.Z_mtrx"), "w_0001.mtrx", in: folder)
        expectFormatError(HostileInputTests.write(odd.data(odd.counts), "w--1_1.Z_mtrx", in: folder), [.unsupported],
                          reading: OmicronMATRIXReader.read)
    }

    @Test func hostilePairs() throws {
        let tiny = TinyMATRIX()
        let result = tiny.resultHead + TinyMATRIX.bref("h--1_1.Z_mtrx"), data = tiny.data(tiny.counts)
        /// Writes the pair into a folder of its own and expects reading it to fail.
        func expectPair(_ result: [UInt8], _ data: [UInt8], _ kinds: Set<FormatError.Kind>, sourceLocation: SourceLocation = #_sourceLocation) {
            let folder = Fixtures.scratch("hostile")
            _ = HostileInputTests.write(result, "h_0001.mtrx", in: folder)
            expectFormatError(HostileInputTests.write(data, "h--1_1.Z_mtrx", in: folder), kinds, reading: OmicronMATRIXReader.read,
                              sourceLocation: sourceLocation)
        }
        func patched(_ bytes: [UInt8], at offset: Int, _ value: Int) -> [UInt8] {
            var out = bytes
            out.replaceSubrange(offset ..< offset + 4, with: TinyMATRIX.u32(value))
            return out
        }
        for cut in [0, 5, 12, 19, 27, 40, 60, 96, data.count - 1] {
            expectPair(result, Array(data.prefix(cut)), [.truncated, .corrupt, .unrecognised])
        }
        for cut in [0, 12, 20, 30, 200, tiny.resultHead.count, result.count - 1] {
            expectPair(Array(result.prefix(cut)), data, [.truncated, .corrupt, .unrecognised])
        }
        let start = Date()
        // Data file: DESC's bricklet size and count (bytes 40 + 20, + 24), the BKLT and DATA lengths.
        expectPair(result, patched(data, at: 60, Int(Int32.max)), [.corrupt])
        expectPair(result, patched(patched(data, at: 60, Int(Int32.max)), at: 64, Int(Int32.max)), [.truncated])
        expectPair(result, patched(data, at: 64, -1), [.corrupt])
        expectPair(result, patched(data, at: 16, 0xFFFF_FFFF), [.truncated])
        expectPair(result, patched(data, at: 100, 0x7FFF_FFF0), [.truncated])
        // Result file: the EEPA length, its instance count, a string length; absurd Points.
        expectPair(patched(result, at: 16, 0xFFFF_FFFF), data, [.truncated])
        expectPair(patched(result, at: 32, 0xFFFF_FFFF), data, [.corrupt])
        expectPair(patched(result, at: 36, 0x7FFF_FFFF), data, [.corrupt])
        for points in [1 << 30, -3, 0] {
            var huge = tiny
            huge.points = points
            expectPair(huge.resultHead + TinyMATRIX.bref("h--1_1.Z_mtrx"), data, [.corrupt])
        }
        expectPair(tiny.resultHead + TinyMATRIX.bref("someone-else.Z_mtrx"), data, [.corrupt])
        var stranger = tiny
        stranger.channelID = 99
        expectPair(result, stranger.data(tiny.counts), [.corrupt])
        expectPair(result, tiny.data(tiny.counts + [1]), [.corrupt])
        #expect(Date().timeIntervalSince(start) < 1)
        expectFormatError(HostileInputTests.write(data, "alone--1_1.Z_mtrx", in: Fixtures.scratch("alone")), [.io], reading: OmicronMATRIXReader.read)
    }
}
