import Foundation
import Testing
import TestSupport
@testable import Formats

@Suite struct CreatecVERTReaderTests {
    static let shared = "createc/point_spectrum.VERT"

    /// A small `.VERT` file: a `ParVERT32` header, X column present (7th number 3), channel code 3 (I, dI/dV).
    static func tinyVERT(rows: Int = 4, header: String = "Dacto[A]xy=0.00066\r\n") -> [UInt8] {
        var text = "[ParVERT32]\r\nDAC-Type=20bit\r\nTitel / Titel=test\r\n\(header)ActDriveDir=C:\\STMDATA\\x\r\n"
        text += "DATA\r\n    \(rows)    10    20    3    0    0    3\r\n"
        for i in 0..<4 { text += "\(i)\t\(-100 + 50 * i).0\t\(i * 2).5\t\(7 * i)\t1.5E-2\t-\(i)E+03\t\r\n" }
        return Array(text.utf8)
    }

    @Test(.needsShared("createc")) func sharedSpectrumAtKnownLines() throws {
        let spectrum = try CreatecVERTReader.read(path: Fixtures.shared(Self.shared))
        let sweep = try #require(spectrum.sweep)
        #expect(sweep.name == "Bias" && sweep.unit == "V" && sweep.count == 1024)
        #expect(spectrum.x.values == [0] && spectrum.y.values == [0])
        #expect(spectrum.channels.map(\.name) == ["Z", "I", "ADC1", "ADC2", "ADC3", "DAC0"])
        #expect(spectrum.channels.map(\.unit) == ["m", "DAC", "DAC", "DAC", "DAC", "DAC"])
        // Row 0: "0 1.90250E+02 -5.78500E+01 7.22315E+00 -6.11338E+03 8.91550E+04 5.22520E+04 4.80640E+04".
        #expect(sweep.values[0] == 190.25 * 1e-3 && sweep.values[19] == 5 * 1e-3 && sweep.values[1023] == 200 * 1e-3)
        #expect(spectrum.channels[0].data[0] == Float(-57.85 * (0.00016 * 1e-10)))
        #expect(spectrum.channels[1].data[0] == 7.22315 && spectrum.channels[2].data[0] == -6113.38)
        #expect(spectrum.channels[5].data[0] == 48064 && spectrum.channels[5].data[1023] == 47054)
        #expect(spectrum.channels[0].data[1023] == 0 && spectrum.channels[1].data[1023] == 7.71233)
        #expect(spectrum.metadata.source.header.hasPrefix("[ParVERT30]"))
        #expect(spectrum.metadata.source.header.contains("Vertchannelselectval=4209"))
        #expect(!spectrum.metadata.source.header.contains("\0"))
        #expect(spectrum.metadata.assumptions.contains { $0.contains("not monotonic") })
    }

    /// Every column against py_createc (the Createc reader of the repository the file comes from).
    @Test(.needsShared("createc")) func sharedSpectrumMatchesPyCreatec() throws {
        guard TestSupport.pythonHas(["createc"]) else { return }
        let path = Fixtures.shared(Self.shared)
        let script = """
            import json, sys, createc
            v = createc.VERT_SPEC(sys.argv[1])
            # As text: Foundation's JSON parser does not round every double correctly.
            print(json.dumps({'names': list(v.spec.columns), 'dacto': v.meta['dacto[a]z'],
                              'columns': [[repr(float(x)) for x in v.spec[c]] for c in v.spec.columns]}))
            """
        let (status, output) = try #require(TestSupport.run(TestSupport.python, ["-c", script, path]))
        try #require(status == 0, "\(output)")
        let reference = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
        let names = try #require(reference["names"] as? [String])
        let columns = try #require(reference["columns"] as? [[String]]).map { $0.compactMap(Double.init) }
        let dacto = try #require((reference["dacto"] as? String).flatMap(Double.init))
        let spectrum = try CreatecVERTReader.read(path: path)
        #expect(names == ["V"] + spectrum.channels.map(\.name))
        #expect(spectrum.sweep?.values == columns[0].map { $0 * 1e-3 })
        #expect(spectrum.channels[0].data == columns[1].map { Float($0 * (dacto * 1e-10)) })
        for (channel, column) in zip(spectrum.channels.dropFirst(), columns.dropFirst(2)) {
            #expect(channel.data == column.map { Float($0) }, "\(channel.name)")
        }
    }

    @Test func tinyVERTWithXColumnAndRawZ() throws {
        let path = HostileInputTests.write(Self.tinyVERT(), "tiny.VERT", in: Fixtures.scratch())
        let spectrum = try CreatecVERTReader.read(path: path)
        #expect(spectrum.sweep?.values == [-100, -50, 0, 50].map { $0 * 1e-3 })
        #expect(spectrum.channels.map(\.name) == ["Z", "X", "I", "dI/dV"])
        #expect(spectrum.channels.allSatisfy { $0.unit == "DAC" })
        #expect(spectrum.channels[0].data == [0.5, 2.5, 4.5, 6.5] && spectrum.channels[3].data == [0, -1000, -2000, -3000])
        #expect(!spectrum.metadata.assumptions.contains { $0.contains("not monotonic") })
        #expect(spectrum.metadata.assumptions.contains { $0.contains("(10, 20)") })
    }

    @Test func hostileSpectra() throws {
        let folder = Fixtures.scratch()
        let good = Self.tinyVERT()
        let dataLine = good.firstRange(of: Array("DATA".utf8))!.lowerBound
        for cut in [3, 30, dataLine + 2, dataLine + 6, dataLine + 20, good.count - 10, good.count - 2] {
            expectFormatError(HostileInputTests.write(Array(good.prefix(cut)), "cut\(cut).VERT", in: folder),
                              [.truncated, .corrupt, .unrecognised], reading: CreatecVERTReader.read)
        }
        let variants = [("more", Self.tinyVERT(rows: 3), FormatError.Kind.corrupt),
                        ("huge", Self.tinyVERT(rows: 1 << 40), .truncated),
                        ("noDATA", Array(String(decoding: good, as: UTF8.self).replacingOccurrences(of: "DATA\r", with: "DAT\r").utf8), .truncated),
                        ("code", Array(String(decoding: good, as: UTF8.self).replacingOccurrences(of: "20    3", with: "20    7").utf8), .corrupt),
                        ("word", Array(String(decoding: good, as: UTF8.self).replacingOccurrences(of: "1.5E-2", with: "x").utf8), .corrupt),
                        ("magic", Array("[Paramco32]\r\n".utf8) + good, .unrecognised)]
        for (name, bytes, kind) in variants {
            expectFormatError(HostileInputTests.write(bytes, "\(name).VERT", in: folder), [kind], reading: CreatecVERTReader.read)
        }
        expectFormatError(folder.appendingPathComponent("missing.VERT").path, [.io], reading: CreatecVERTReader.read)
    }

    @Test(.needsShared("createc")) func truncatedSharedSpectrumNeverCrashes() throws {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: Fixtures.shared(Self.shared))))
        let folder = Fixtures.scratch()
        for fraction in [0.001, 0.1, 0.149, 0.15, 0.5, 0.999] {
            let path = HostileInputTests.write(Array(bytes.prefix(Int(Double(bytes.count) * fraction))), "t.VERT", in: folder)
            expectFormatError(path, [.truncated, .corrupt], reading: CreatecVERTReader.read)
        }
    }
}
