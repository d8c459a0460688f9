import Foundation
import Testing
import TestSupport
@testable import Formats

/// Writes RHK `.sm4` files as Gwyddion's rhk-sm4 and spym's rhksm4 read them (the layout in
/// `RHKSM4Page`; Fuzz/make_seeds.py writes the same independently).
struct TinySM4 {
    struct Page {
        /// 0 image, 1 line.
        var dataType = 0
        var lineType = 0
        var scanDirection = 0
        var columns = 3, rows = 2
        /// x, y, z.
        var scales: [Float] = [1e-9, 1e-9, 1e-12], offsets: [Float] = [0, 0, 0]
        /// Label, system, session, user text, path, date, time, x, y, z units, x label.
        var strings = ["Topography", "", "", "", "C:\\a.sm4", "01/02/20", "10:00:00", "m", "m", "m", ""]
        /// Per spectrum: time, x, y.
        var drift: [[Float]] = []
        var counts: [Int32] = [1, -2, 3, 40, 500, -6000]
    }

    var pages: [Page]

    /// The file's bytes.
    func bytes() -> [UInt8] {
        var out: [UInt8] = []
        func u16(_ v: Int) { out += [UInt8(v & 0xFF), UInt8((v >> 8) & 0xFF)] }
        func u32(_ v: Int) { u16(v & 0xFFFF); u16((v >> 16) & 0xFFFF) }
        func f32(_ v: Float) { u32(Int(v.bitPattern)) }
        u16(56)
        "STiMage 005.004 1\0".utf16.forEach { u16(Int($0)) }
        [pages.count, 3, 12, 0, 0, 1, 94, 16, 13, 0, 0, 15, 0, 0, pages.count, 1, 0, 0, 2, 122, 32].forEach(u32)
        var offset = 122 + 56 * pages.count
        var blocks: [[UInt8]] = []
        for page in pages {
            let saved = out
            out = []
            let strings = page.strings.count
            let stringBytes = page.strings.reduce(0) { $0 + 2 + 2 * $1.utf16.count }
            let objects = page.drift.isEmpty ? 1 : 2
            let (header, text) = (offset, offset + 180 + 12 * objects)
            let drift = text + stringBytes
            let data = drift + 28 * page.drift.count
            u16(180); u16(strings)
            [1, 0, page.lineType, 0, 0, page.columns, page.rows, 0, page.scanDirection, 0, 4 * page.counts.count, 0, 0].forEach(u32)
            [page.scales[0], page.scales[1], page.scales[2], 0, page.offsets[0], page.offsets[1], page.offsets[2],
             1e-4, 0.1, 1e-10, 0].forEach(f32)
            [0, 0, 0, objects].forEach(u32)
            out += [UInt8](repeating: 0, count: 64)
            [10, text, stringBytes].forEach(u32)
            if !page.drift.isEmpty { [8, drift, 28].forEach(u32) }
            for string in page.strings { u16(string.utf16.count); string.utf16.forEach { u16(Int($0)) } }
            for record in page.drift { (record + [0, 0, 0, 0]).forEach(f32) }
            page.counts.forEach { u32(Int(UInt32(bitPattern: $0))) }
            blocks.append(out)
            out = saved
            out += [UInt8](repeating: 0, count: 16)
            [page.dataType, 0, 2, 6, 3, header, 180, 4, data, 4 * page.counts.count].forEach(u32)
            offset = data + 4 * page.counts.count
        }
        return out + blocks.joined()
    }
}

@Suite struct RHKSM4ReaderTests {

    /// spym's rhksm4 reader (shipped with PyPI's rhkpy) on `path`: per page the label, shape,
    /// units, scales, the scaled samples as float32 and the drift positions, numbers as text.
    static func spym(_ path: String) throws -> [[String: Any]] {
        let script = """
            import json, sys, warnings
            import numpy as np
            warnings.filterwarnings('ignore')
            from spym.io import rhksm4
            pages = []
            for p in rhksm4.load(sys.argv[1])._pages:
                a = p.attrs
                x = a['RHK_Xscale'] * np.arange(a['RHK_Xsize'], dtype=np.float64) + a['RHK_Xoffset']
                v = (p.data.astype(float) * a['RHK_Zscale'] + a['RHK_Zoffset']).astype(np.float32)
                pages.append({'label': a['RHK_Label'], 'shape': list(p.data.shape), 'xunit': a['RHK_Xunits'],
                              'zunit': a['RHK_Zunits'], 'sweep': [repr(float(t)) for t in x],
                              'values': [[repr(float(t)) for t in row] for row in v],
                              'driftx': [repr(float(t)) for t in a.get('RHK_SpecDrift_Xcoord', [])],
                              'drifty': [repr(float(t)) for t in a.get('RHK_SpecDrift_Ycoord', [])]})
            print(json.dumps(pages))
            """
        let (status, output) = try #require(TestSupport.run(TestSupport.python, ["-c", script, path]))
        try #require(status == 0, "\(output)")
        return try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [[String: Any]])
    }

    /// The shared point-spectrum files against spym: every page a channel, samples bit-exact as
    /// float32, the sweep, units and tip positions.
    @Test(.needsShared("rhk"), arguments: ["lsco_point_spectra.sm4", "v_map_point_spectra.sm4"])
    func pointSpectraMatchSpym(_ name: String) throws {
        guard TestSupport.pythonHas(["rhkpy"]) else { return }
        let path = Fixtures.shared("rhk/\(name)")
        let reference = try Self.spym(path)
        let data = try DataFormat.read(path: path)
        #expect(try DataFormat.detect(path: path) == .rhkSM4)
        #expect(data.channels.count == reference.count)
        let sweep = try #require(data.sweep)
        for (channel, page) in zip(data.channels, reference) {
            let shape = try #require(page["shape"] as? [Int])
            #expect(sweep.count == shape[0] && data.x.count == shape[1] && data.y.count == 1)
            #expect(channel.name == page["label"] as? String && channel.unit == page["zunit"] as? String)
            let values = try #require(page["values"] as? [[String]]).map { $0.compactMap(Float.init) }
            // spym's [point][spectrum] is the model's [layer][0][column].
            #expect(channel.data == values.flatMap { $0 }, "\(channel.name): samples differ from spym's")
            let expected = try #require(page["sweep"] as? [String]).compactMap(Double.init)
            #expect(zip(sweep.values, expected).allSatisfy { abs($0 - $1) <= 1e-12 * abs($1) } && sweep.count == expected.count)
            #expect(page["xunit"] as? String == "V")
        }
        #expect(sweep.name == "Bias" && sweep.unit == "V")
        let x = try #require(reference[0]["driftx"] as? [String]).compactMap(Float.init)
        let y = try #require(reference[0]["drifty"] as? [String]).compactMap(Float.init)
        #expect(data.parameters.map(\.name) == ["X", "Y", "Time"])
        #expect(data.parameters[0].values == x && data.parameters[1].values == y && data.parameters[0].unit == "m")
        #expect(!data.metadata.assumptions.contains { $0.contains("not read") })
    }

    /// Values decoded here from the bytes of the shared file: page 4 (Current) has its header at
    /// byte 31760 and its data at 32598 (the page index array lists them).
    @Test(.needsShared("rhk")) func currentPageFromTheBytes() throws {
        let path = Fixtures.shared("rhk/lsco_point_spectra.sm4")
        let bytes = [UInt8](try #require(FileManager.default.contents(atPath: path)))
        func int32(_ at: Int) -> Int32 { bytes[at ..< at + 4].reversed().reduce(0) { $0 << 8 | Int32($1) } }
        let zScale = Double(Float(bitPattern: UInt32(bitPattern: int32(31760 + 64))))
        let (first, second) = (int32(32598), int32(32598 + 4 * 358))
        #expect(first == -164_536_274 && second == -358_848_073)
        let data = try RHKSM4Reader.read(path: path)
        let current = try #require(data.channel(named: "Current"))
        #expect(current.unit == "A" && current.data.count == 358 * 2)
        #expect(current.data[0] == Float(Double(first) * zScale) && current.data[1] == Float(Double(second) * zScale))
        #expect(data.sweep?.values.first == -2.5 && data.sweep?.values[1] == Double(Float(0.014)) - 2.5)
        #expect(data.metadata.source.format == "RHK sm4")
        #expect(data.metadata.source.header.contains("path: C:\\spmdata\\dataSafe\\Spectrum\\V Spectroscopy"))
        #expect(data.metadata.source.header.contains("date: 02/03/20"))
    }

    /// The shared file cut anywhere gives a typed error naming the file, never a crash.
    @Test(.needsShared("rhk")) func truncatedSharedFile() throws {
        let bytes = [UInt8](try #require(FileManager.default.contents(atPath: Fixtures.shared("rhk/v_map_point_spectra.sm4"))))
        let folder = Fixtures.scratch()
        for cut in Array(stride(from: 0, to: bytes.count, by: 1777)) + [5300, 5421, 6222, bytes.count - 1] {
            expectFormatError(HostileInputTests.write(Array(bytes.prefix(cut)), "cut\(cut).sm4", in: folder), [.truncated, .corrupt],
                              reading: RHKSM4Reader.read)
        }
    }

    /// An image with a negative x scale is mirrored; a positive y scale keeps the line order
    /// (row 0 = the first line, at the y offset); nm become m; scan direction left is backward.
    @Test func imagePagesAreOriented() throws {
        var topography = TinySM4.Page(scales: [-1, 2e-9, 1e-12], offsets: [5, -3e-9, 1e-11])
        topography.strings[7] = "nm"
        var current = topography
        current.strings[0] = "Current"
        current.strings[9] = "nA"
        current.scanDirection = 1
        current.scales = [-1, -2e-9, 0.5]
        var spectrum = TinySM4.Page(dataType: 1, lineType: 7, columns: 2, rows: 1, counts: [7, 8])
        spectrum.strings[0] = "dIdV"
        let path = HostileInputTests.write(TinySM4(pages: [topography, current, spectrum]).bytes(), "image.sm4", in: Fixtures.scratch())
        let image = try DataFormat.read(path: path)
        #expect(image.sweep == nil && image.channels.count == 2)
        let x: [Double] = [2, 1, 0].map { (-$0 + 5) * 1e-9 }
        #expect(image.x.values == x && image.x.unit == "m")
        #expect(image.y.values == (0..<2).map { Double(Float(2e-9)) * Double($0) + Double(Float(-3e-9)) })
        let counts: [Float] = [1, -2, 3, 40, 500, -6000]
        let scaled = counts.map { Float(Double($0) * Double(Float(1e-12)) + Double(Float(1e-11))) }
        #expect(image.channels[0].data == [scaled[2], scaled[1], scaled[0], scaled[5], scaled[4], scaled[3]])
        #expect(image.channels[0].direction == .forward && image.channels[1].direction == .backward)
        // Negative y scale too: lines flipped and columns mirrored; nA → A.
        #expect(image.channels[1].data == [-6000, 500, 40, 3, -2, 1].map { Float($0 * 0.5 * 1e-9) })
        #expect(image.channels[1].unit == "A" && image.channels[1].name == "Current")
        #expect(image.metadata.assumptions.contains { $0.contains("pages not read") && $0.contains("'dIdV'") })
    }

    /// A line page without drift data: spectra in columns, the sweep in file order, positions unknown.
    @Test func spectraWithoutDrift() throws {
        var page = TinySM4.Page(dataType: 1, lineType: 8, columns: 3, rows: 2, scales: [-2e-11, 1, 1e-3], offsets: [1e-10, 0, 0])
        page.strings[7] = "m"
        page.strings[9] = "mV"
        let path = HostileInputTests.write(TinySM4(pages: [page]).bytes(), "iz.sm4", in: Fixtures.scratch())
        let data = try RHKSM4Reader.read(path: path)
        #expect(data.sweep?.name == "Z" && data.sweep?.unit == "m")
        #expect(data.sweep?.values == (0..<3).map { Double(Float(-2e-11)) * Double($0) + Double(Float(1e-10)) })
        #expect(data.x.count == 2 && data.parameters.isEmpty)
        // Spectrum 0 is [1, -2, 3], spectrum 1 is [40, 500, -6000]; layers interleave them.
        #expect(data.channels[0].data == [1, 40, -2, 500, 3, -6000].map { Float(Double($0) * Double(Float(1e-3)) * 1e-3) })
        #expect(data.channels[0].unit == "V")
        #expect(data.metadata.assumptions.contains { $0.contains("positions are unknown") })
    }

    /// The fuzz seed reads here as spym reads it.
    @Test func seedMatchesSpym() throws {
        guard TestSupport.pythonHas(["rhkpy"]) else { return }
        let seed = FuzzRegressionTests.files("seeds", "sm4")
        try #require(seed.count == 1)
        let reference = try Self.spym(seed[0])
        let image = try RHKSM4Reader.read(path: seed[0])
        let values = try #require(reference[0]["values"] as? [[String]]).map { $0.compactMap(Float.init) }
        // spym reshapes the 4 × 3 image as (x size, y size) and flips both axes for its negative
        // x and positive y scale: its flat order is the file's reversed. QPIKit mirrors the columns.
        let fileOrder = Array(values.flatMap { $0 }.reversed())
        let rows = (0..<3).map { Array(fileOrder[$0 * 4 ..< $0 * 4 + 4].reversed()) }
        #expect(image.channels[0].data == rows.flatMap { $0 })
        #expect(image.metadata.assumptions.contains { $0.contains("pages not read") && $0.contains("'Current'") })
    }

    @Test func hostileFiles() throws {
        let folder = Fixtures.scratch()
        var spectrum = TinySM4.Page(dataType: 1, lineType: 7, columns: 3, rows: 2, drift: [[0, 1e-9, 2e-9], [1, 1e-9, 2e-9]])
        spectrum.strings[7] = "V"
        let good = TinySM4(pages: [TinySM4.Page(), spectrum]).bytes()
        for cut in [0, 1, 20, 57, 58, 93, 100, 121, 130, 177, 300, 450, 600, good.count - 1] {
            expectFormatError(HostileInputTests.write(Array(good.prefix(cut)), "cut\(cut).sm4", in: folder), [.truncated, .corrupt],
                              reading: RHKSM4Reader.read)
        }
        func patched(_ offset: Int, _ value: UInt32, _ name: String) -> String {
            var bytes = good
            withUnsafeBytes(of: value.littleEndian) { bytes.replaceSubrange(offset ..< offset + 4, with: $0) }
            return HostileInputTests.write(bytes, name, in: folder)
        }
        let firstHeader = 122 + 2 * 56
        let start = Date()
        expectFormatError(patched(94, 1 << 30, "pages.sm4"), [.corrupt], reading: RHKSM4Reader.read)
        expectFormatError(patched(42, UInt32.max, "objects.sm4"), [.truncated], reading: RHKSM4Reader.read)
        expectFormatError(patched(62, UInt32.max, "offset.sm4"), [.truncated], reading: RHKSM4Reader.read)
        expectFormatError(patched(firstHeader + 24, 1 << 28, "columns.sm4"), [.corrupt], reading: RHKSM4Reader.read)
        expectFormatError(patched(firstHeader + 28, 0, "rows.sm4"), [.corrupt], reading: RHKSM4Reader.read)
        expectFormatError(patched(firstHeader + 44, 7, "datasize.sm4"), [.corrupt], reading: RHKSM4Reader.read)
        expectFormatError(patched(firstHeader + 56, Float.nan.bitPattern, "nan.sm4"), [.corrupt], reading: RHKSM4Reader.read)
        expectFormatError(patched(firstHeader + 112, 1 << 29, "headerobjects.sm4"), [.truncated], reading: RHKSM4Reader.read)
        expectFormatError(patched(firstHeader + 192, 0xFFFF, "string.sm4"), [.corrupt], reading: RHKSM4Reader.read)
        #expect(Date().timeIntervalSince(start) < 1)
        // A page of another data type (6, sequential) is listed as not read.
        let spectra = try RHKSM4Reader.read(path: patched(122 + 16, 6, "sequential.sm4"))
        #expect(spectra.sweep?.count == 3 && spectra.metadata.assumptions.contains { $0.contains("0 (data type 6") })
        // Only pages QPIKit does not read.
        var other = spectrum
        other.lineType = 1
        expectFormatError(HostileInputTests.write(TinySM4(pages: [other]).bytes(), "histogram.sm4", in: folder), [.unsupported],
                          reading: RHKSM4Reader.read)
        var magic = good
        magic[2] = UInt8(ascii: "X")
        expectFormatError(HostileInputTests.write(magic, "magic.sm4", in: folder), [.unrecognised], reading: RHKSM4Reader.read)
        HostileInputTests.expectFailure(HostileInputTests.write([], "empty.sm4", in: folder), [.truncated])
        expectFormatError(folder.path, [.io], reading: RHKSM4Reader.read)
    }
}
