import Foundation
import Testing
import TestSupport
@testable import Formats

/// Expects `read(path)` to fail with a `FormatError` of one of `kinds` that names the file.
func expectFormatError(_ path: String, _ kinds: Set<FormatError.Kind>, reading read: (String) throws -> Dataset,
                       sourceLocation: SourceLocation = #_sourceLocation) {
    do {
        _ = try read(path)
        Issue.record("reading \(path) should have failed", sourceLocation: sourceLocation)
    } catch let error as FormatError {
        #expect(kinds.contains(error.kind), "\(error)", sourceLocation: sourceLocation)
        #expect(error.path == path && error.description.contains((path as NSString).lastPathComponent),
                "error does not name the file: \(error)", sourceLocation: sourceLocation)
    } catch {
        Issue.record("untyped error \(error)", sourceLocation: sourceLocation)
    }
}

/// Writes Igor binary waves of versions 2 and 5 as WaveMetrics' Technical Note 003 lays them out,
/// in either byte order, with the header checksum Igor writes.
struct TinyIBW {
    var littleEndian = true
    /// Igor's type code: 2 float32, 4 float64, 8/0x10/0x20 int8/16/32, +0x40 unsigned.
    var type = 2
    var name = "wave0"
    var dimensions = [4]
    var steps = [1.0, 1, 1, 1], offsets = [0.0, 0, 0, 0]
    var dataUnit = "", dimensionUnits = ["", "", "", ""]
    var note = "", formula = "", extendedDataUnit = ""
    /// Per dimension: the whole-dimension label, then one per element (version 5).
    var labels: [[String]] = [[], [], [], []]

    /// The file being written.
    var out: [UInt8] = []

    private mutating func int(_ value: Int, _ size: Int) {
        let bytes = (0..<size).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
        out += littleEndian ? bytes : bytes.reversed()
    }
    private mutating func double(_ value: Double) { int(Int(bitPattern: UInt(value.bitPattern)), 8) }
    private mutating func text(_ value: String, _ width: Int) {
        let bytes = Array(value.utf8.prefix(width))
        out += bytes + [UInt8](repeating: 0, count: width - bytes.count)
    }
    private mutating func sample(_ value: Double) {
        switch type {
        case 2: int(Int(Float(value).bitPattern), 4)
        case 4: double(value)
        default: int(Int(value), (type & 0x38) >> 3)
        }
    }
    /// Sets the checksum at `offset` so that the 16-bit words of the headers sum to zero.
    private mutating func checksum(at offset: Int, over count: Int) {
        var sum = 0
        for i in stride(from: 0, to: count, by: 2) {
            sum += Int(Int16(bitPattern: littleEndian ? UInt16(out[i]) | UInt16(out[i + 1]) << 8
                                                      : UInt16(out[i]) << 8 | UInt16(out[i + 1])))
        }
        let fix = UInt16(truncatingIfNeeded: -sum)
        let bytes = [UInt8(fix & 0xFF), UInt8(fix >> 8)]
        out[offset ..< offset + 2] = ArraySlice(littleEndian ? bytes : bytes.reversed())
    }

    private var sampleSize: Int { type == 4 ? 8 : type == 2 ? 4 : (type & 0x38) >> 3 }

    /// A version-2 file (one dimension) holding `samples`.
    mutating func version2(_ samples: [Double]) -> [UInt8] {
        out = []
        let dataBytes = samples.count * sampleSize
        int(2, 2); int(110 + dataBytes + 16, 4); int(note.utf8.count, 4); int(0, 4); int(0, 2)
        int(type, 2); int(0, 4); text(name, 20); int(0, 2); int(0, 2); int(0, 4)
        text(dataUnit, 4); text(dimensionUnits[0], 4); int(samples.count, 4); int(0, 2)
        double(steps[0]); double(offsets[0]); int(0, 2); int(0, 2); int(0, 2); double(0); double(0)
        int(0, 1); int(0, 1); int(0, 4); int(0, 4); int(0, 4); int(0, 2); int(0, 4); int(0, 4)
        checksum(at: 14, over: 126)
        samples.forEach { sample($0) }
        out += [UInt8](repeating: 0, count: 16) + Array(note.utf8)
        return out
    }

    /// A version-5 file of `dimensions` holding `samples`, dimension 0 fastest.
    mutating func version5(_ samples: [Double]) -> [UInt8] {
        out = []
        let labelBytes = labels.map { $0.count * 32 }
        int(5, 2); int(0, 2); int(320 + samples.count * sampleSize, 4); int(formula.utf8.count, 4)
        int(note.utf8.count, 4); int(extendedDataUnit.utf8.count, 4)
        (0..<4).forEach { _ in int(0, 4) } // no extended dimension units
        labelBytes.forEach { int($0, 4) }
        int(0, 4); int(0, 4); int(0, 4)
        int(0, 4); int(0, 4); int(0, 4); int(samples.count, 4); int(type, 2); int(0, 2); text("", 6); int(1, 2)
        text(name, 32); int(0, 4); int(0, 4)
        (0..<4).forEach { int($0 < dimensions.count ? dimensions[$0] : 0, 4) }
        steps.forEach { double($0) }
        offsets.forEach { double($0) }
        text(dataUnit, 4)
        dimensionUnits.forEach { text($0, 4) }
        int(0, 2); int(0, 2); double(0); double(0)
        out += [UInt8](repeating: 0, count: 384 - out.count)
        checksum(at: 2, over: 384)
        samples.forEach { sample($0) }
        out += Array(formula.utf8) + Array(note.utf8) + Array(extendedDataUnit.utf8)
        for label in labels.joined() { text(label, 32) }
        return out
    }
}

@Suite struct IgorReaderTests {

    /// The shared MATRIX CITS export (a float64 64 × 8 × 256 wave) against igor2, PyPI's Igor reader.
    @Test(.needsShared("igor")) func citsWaveMatchesIgor2() throws {
        guard TestSupport.pythonHas(["igor2", "numpy"]) else { return }
        let path = Fixtures.shared("igor/scv6sn6_cits_aux2.ibw")
        let script = """
            import json, sys, numpy as np
            from igor2 import binarywave
            w = binarywave.load(sys.argv[1])['wave']
            h = w['wave_header']
            d = np.asarray(w['wData'])
            # As text: Foundation's JSON parser does not round every double correctly.
            axes = [[repr(float(h['sfB'][k] + h['sfA'][k] * i)) for i in range(d.shape[k])] for k in range(d.ndim)]
            print(json.dumps({'shape': list(d.shape), 'values': d.astype(np.float32).ravel(order='F').tolist(),
                              'axes': axes, 'name': h['bname'].decode('latin-1'), 'note': w['note'].decode('latin-1'),
                              'units': [h['dataUnits'][0].decode()] + [u[0].decode() for u in h['dimUnits'][:3]]}))
            """
        let (status, output) = try #require(TestSupport.run(TestSupport.python, ["-c", script, path]))
        try #require(status == 0, "\(output)")
        let reference = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
        #expect(reference["shape"] as? [Int] == [64, 8, 256])
        #expect(reference["units"] as? [String] == ["V", "m", "m", "V"])
        let grid = try IgorReader.read(path: path)
        #expect(grid.x.count == 64 && grid.y.count == 8 && grid.sweep?.count == 256)
        let values = try #require(reference["values"] as? [Double])
        let channel = try #require(grid.channels.first)
        #expect(channel.data.count == values.count)
        #expect(zip(channel.data, values).filter { $0 != Float($1) }.isEmpty, "samples differ from igor2's")
        #expect(channel.unit == "V" && channel.name == reference["name"] as? String)
        let axes = try #require(reference["axes"] as? [[String]]).map { $0.compactMap(Double.init) }
        #expect(grid.x.values == axes[0] && grid.y.values == axes[1] && grid.sweep?.values == axes[2])
        #expect(grid.x.unit == "m" && grid.sweep?.name == "Bias" && grid.sweep?.unit == "V")
        #expect(grid.metadata.source.header == reference["note"] as? String)
        #expect(grid.metadata.source.header.contains("Spectroscopy points per curve = 256"))
        // Known by hand: sample (x 5, y 3, layer 100) is element 5 + 64·(3 + 8·100).
        #expect(channel.data[(100 * 8 + 3) * 64 + 5] == Float(values[5 + 64 * (3 + 8 * 100)]))
    }

    /// Files written here read back with the values, axes and units put in, in both byte orders.
    @Test(arguments: [true, false]) func version2PointSpectrum(littleEndian: Bool) throws {
        var wave = TinyIBW(littleEndian: littleEndian, type: 2, name: "dIdV", steps: [2, 0, 0, 0],
                           offsets: [-10, 0, 0, 0], dataUnit: "nA", dimensionUnits: ["mV", "", "", ""], note: "Setpoint 100 pA")
        let samples = [1.5, -2.25, 3e-3, 1e6, -0.0]
        let path = HostileInputTests.write(wave.version2(samples), "spectrum.ibw", in: Fixtures.scratch())
        let spectrum = try IgorReader.read(path: path)
        #expect(spectrum.sweep == Axis(name: "Bias", unit: "V", values: [-0.010, -0.008, -0.006, -0.004, -0.002]))
        #expect(spectrum.x.values == [0] && spectrum.y.values == [0])
        let channel = try #require(spectrum.channels.first)
        #expect(channel.name == "dIdV" && channel.unit == "A")
        #expect(channel.data == samples.map { Float(Double(Float($0)) * 1e-9) })
        #expect(spectrum.metadata.source.header == "Setpoint 100 pA")
        #expect(spectrum.metadata.assumptions.contains { $0.contains("1 × 1 grid") })
    }

    @Test(arguments: [true, false]) func version5ImageIsColumnMajor(littleEndian: Bool) throws {
        var wave = TinyIBW(littleEndian: littleEndian, type: 4, dimensions: [3, 2], steps: [0.5, 0.25, 0, 0],
                           offsets: [1, 2, 0, 0], dataUnit: "m", dimensionUnits: ["nm", "nm", "", ""])
        let samples = [0.1, 1.1, 2.1, 10.1, 11.1, 12.1] // x + 10·y
        let image = try IgorReader.read(path: HostileInputTests.write(wave.version5(samples), "image.ibw", in: Fixtures.scratch()))
        #expect(image.sweep == nil && image.x.count == 3 && image.y.count == 2)
        #expect(image.x.values == [1, 1.5, 2].map { $0 * 1e-9 } && image.y.values == [2, 2.25].map { $0 * 1e-9 })
        // data[y][x] = wave[x + nx·y]: row 0 is y index 0.
        #expect(image.channels[0].data == samples.map { Float($0) })
        #expect(image.channels[0].data[1 * 3 + 2] == Float(12.1))
    }

    @Test(arguments: [true, false]) func version5GridWithLabelsFormulaAndExtendedUnits(littleEndian: Bool) throws {
        var wave = TinyIBW(littleEndian: littleEndian, type: 0x20, name: "LIX", dimensions: [2, 3, 4],
                           steps: [1e-10, 2e-10, -0.1, 0], offsets: [0, 0, 0.2, 0], dimensionUnits: ["m", "m", "V", ""],
                           note: "grid note", formula: "wave1 * 2", extendedDataUnit: "pA",
                           labels: [[], [], ["Sample bias", "a", "b", "c", "d"], []])
        let samples = (0..<24).map { Double($0 * 1000 - 7000) }
        let grid = try IgorReader.read(path: HostileInputTests.write(wave.version5(samples), "grid.ibw", in: Fixtures.scratch()))
        let sweep = try #require(grid.sweep)
        #expect(sweep.name == "Sample bias" && sweep.unit == "V" && sweep.values == (0..<4).map { 0.2 - 0.1 * Double($0) })
        #expect(grid.x.values == [0, 1e-10] && grid.y.values == [0, 2e-10, 4e-10])
        #expect(grid.channels[0].unit == "A")
        // [layer][row][column] is the wave's element x + 2·(y + 3·layer): the file order.
        #expect(grid.channels[0].data == samples.map { Float($0 * 1e-12) })
        #expect(grid.metadata.assumptions.contains { $0.contains("wave1 * 2") })
        #expect(grid.metadata.assumptions.contains { $0.contains("4 element labels of dimension 2") })
        #expect(grid.metadata.source.header == "grid note")
    }

    @Test(arguments: [(0x08, -128.0), (0x10, -32768.0), (0x48, 255.0), (0x50, 65535.0), (0x60, 4294967295.0), (0x20, -2147483648.0)])
    func integerSampleTypes(type: Int, extreme: Double) throws {
        var wave = TinyIBW(littleEndian: false, type: type, dimensions: [3])
        let spectrum = try IgorReader.read(path: HostileInputTests.write(wave.version5([0, 1, extreme]), "int.ibw", in: Fixtures.scratch()))
        #expect(spectrum.channels[0].data == [0, 1, Float(extreme)])
        #expect(spectrum.sweep?.name == "x" && spectrum.sweep?.values == [0, 1, 2])
    }

    @Test func negativeStepsAreReversed() throws {
        var wave = TinyIBW(type: 2, dimensions: [2, 2], steps: [-1e-9, -2e-9, 0, 0], offsets: [5e-9, 4e-9, 0, 0],
                           dimensionUnits: ["m", "m", "", ""])
        let image = try IgorReader.read(path: HostileInputTests.write(wave.version5([1, 2, 3, 4]), "flip.ibw", in: Fixtures.scratch()))
        #expect(image.x.values == [5e-9 - 1e-9, 5e-9] && image.y.values == [4e-9 - 2e-9, 4e-9])
        #expect(image.channels[0].data == [4, 3, 2, 1])
    }

    /// Our writer's files read the same with igor2, so the layouts above are Igor's.
    @Test func tinyWavesMatchIgor2() throws {
        guard TestSupport.pythonHas(["igor2", "numpy"]) else { return }
        let folder = Fixtures.scratch()
        var v2 = TinyIBW(littleEndian: false, type: 0x10, steps: [0.5, 0, 0, 0], offsets: [-1, 0, 0, 0], note: "abc")
        var v5 = TinyIBW(type: 4, dimensions: [2, 3, 2], steps: [1, 2, 3, 0], offsets: [4, 5, 6, 0], note: "n",
                         formula: "f", labels: [["X"], [], [], []])
        let samples = (0..<12).map { Double($0 * 3 - 5) }
        for (name, bytes) in [("v2.ibw", v2.version2(Array(samples.prefix(4)))), ("v5.ibw", v5.version5(samples))] {
            let path = HostileInputTests.write(bytes, name, in: folder)
            let script = """
                import json, sys, numpy as np
                from igor2 import binarywave
                w = binarywave.load(sys.argv[1])['wave']
                print(json.dumps({'values': np.asarray(w['wData'], dtype=np.float64).ravel(order='F').tolist(),
                                  'note': w['note'].decode()}))
                """
            let (status, output) = try #require(TestSupport.run(TestSupport.python, ["-c", script, path]))
            try #require(status == 0, "\(output)")
            let reference = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
            let dataset = try IgorReader.read(path: path)
            #expect(dataset.channels[0].data.map(Double.init) == reference["values"] as? [Double])
            #expect(dataset.metadata.source.header == reference["note"] as? String)
        }
    }

    @Test func hostileWaves() throws {
        let folder = Fixtures.scratch()
        var wave = TinyIBW(type: 4, dimensions: [4, 2], note: "a note of some length")
        let good = wave.version5((0..<8).map(Double.init))
        for cut in [0, 1, 2, 100, 383, 384, 384 + 63, good.count - 1] {
            expectFormatError(HostileInputTests.write(Array(good.prefix(cut)), "cut\(cut).ibw", in: folder), [.truncated], reading: IgorReader.read)
        }
        var v2 = TinyIBW(note: "v2 note")
        let good2 = v2.version2([1, 2, 3])
        for cut in [20, 125, 130, good2.count - 17, good2.count - 1] {
            expectFormatError(HostileInputTests.write(Array(good2.prefix(cut)), "cut2_\(cut).ibw", in: folder), [.truncated], reading: IgorReader.read)
        }
        func patched(_ offset: Int, _ value: Int32, _ name: String) -> String {
            var bytes = good
            withUnsafeBytes(of: value.littleEndian) { bytes.replaceSubrange(offset ..< offset + 4, with: $0) }
            return HostileInputTests.write(bytes, name, in: folder)
        }
        let start = Date()
        expectFormatError(patched(64 + 68, 1 << 30, "huge.ibw"), [.corrupt], reading: IgorReader.read)
        expectFormatError(patched(64 + 12, Int32.max, "points.ibw"), [.corrupt], reading: IgorReader.read)
        expectFormatError(patched(64 + 72, -2, "negative.ibw"), [.corrupt], reading: IgorReader.read)
        expectFormatError(patched(64 + 80, 7, "fourD.ibw"), [.corrupt, .unsupported], reading: IgorReader.read)
        expectFormatError(patched(4, Int32.max, "wfm.ibw"), [.corrupt, .truncated], reading: IgorReader.read)
        expectFormatError(patched(12, Int32.max, "note.ibw"), [.truncated], reading: IgorReader.read)
        expectFormatError(patched(8, -1, "formula.ibw"), [.corrupt], reading: IgorReader.read)
        #expect(Date().timeIntervalSince(start) < 1)
        for (code, kind) in [(0, FormatError.Kind.unsupported), (5, .unsupported), (0x80, .unsupported)] {
            var typed = good
            typed[64 + 16] = UInt8(code)
            expectFormatError(HostileInputTests.write(typed, "type\(code).ibw", in: folder), [kind], reading: IgorReader.read)
        }
        for (version, kind) in [(3, FormatError.Kind.unsupported), (9, .unrecognised)] {
            var other = good
            other[0] = UInt8(version)
            expectFormatError(HostileInputTests.write(other, "version\(version).ibw", in: folder), [kind], reading: IgorReader.read)
        }
        expectFormatError(HostileInputTests.write([0x41, 0x42, 0, 0], "text.ibw", in: folder), [.unrecognised], reading: IgorReader.read)
        expectFormatError(folder.path, [.io], reading: IgorReader.read)
    }
}
