import Foundation
import Testing
import TestSupport
@testable import Formats

@Suite struct GwyddionASCIIReaderTests {
    static let shared = "images/nbs2_monolayer_gwyddion_ascii.txt"

    /// A 4 × 3 SPIP ASCII image as Gwyddion exports heights: no z-unit, `Bit2nm = 1.0`, values in nm.
    static let spip = """
        # File Format = ASCII
        # Created by Gwyddion 2.60
        # x-pixels = 4
        # y-pixels = 3
        # x-length = 2
        # y-length = 1.5
        # x-offset = 10
        # y-offset = -1
        # Bit2nm = 1.0
        # Start of Data:
        1\t2\t3\t4
        5\t6\t7\t8
        9\t10\t11\t12

        """

    @Test(.needsShared("images")) func sharedImageMatchesNumpy() throws {
        guard TestSupport.pythonHas(["numpy"]) else { return }
        let path = Fixtures.shared(Self.shared)
        let script = """
            import json, sys, numpy as np
            z = np.loadtxt(sys.argv[1], comments='#')
            print(json.dumps({'shape': list(z.shape), 'values': (np.flipud(z) * 1e-9).astype(np.float32).ravel().tolist()}))
            """
        let (status, output) = try #require(TestSupport.run(TestSupport.python, ["-c", script, path]))
        try #require(status == 0, "\(output)")
        let reference = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
        #expect(reference["shape"] as? [Int] == [512, 512])
        let values = try #require(reference["values"] as? [Double])
        let image = try GwyddionASCIIReader.read(path: path)
        let channel = try #require(image.channels.first)
        #expect(channel.data.count == values.count)
        #expect(zip(channel.data, values).filter { $0 != Float($1) }.isEmpty, "samples differ from numpy's")
        // Header: 512 × 512 pixels over 15 nm × 15 nm from (0, 0), z-unit nA.
        #expect(image.sweep == nil && image.x.count == 512 && image.y.count == 512)
        #expect(image.x == .pixelCentres(name: "x", center: 15 * 1e-9 / 2, width: 15 * 1e-9, count: 512) && image.y.values == image.x.values)
        #expect(channel.unit == "A" && channel.name == "Current")
        // The file's first value is the top-left pixel: QPIKit's last row, first column.
        #expect(channel.data[511 * 512] == Float(-0.00358650 * 1e-9))
        #expect(image.metadata.source.header.contains("# z-unit = nA"))
        #expect(image.metadata.assumptions.contains { $0.contains("rows flipped") })
    }

    @Test func spipHeightsInNanometres() throws {
        let path = HostileInputTests.write(Array(Self.spip.utf8), "heights.asc", in: Fixtures.scratch())
        let image = try GwyddionASCIIReader.read(path: path)
        #expect(image.x == .pixelCentres(name: "x", center: 10 * 1e-9 + 2 * 1e-9 / 2, width: 2 * 1e-9, count: 4))
        #expect(image.y == .pixelCentres(name: "y", center: -1 * 1e-9 + 1.5 * 1e-9 / 2, width: 1.5 * 1e-9, count: 3))
        #expect(image.channels[0].name == "Z" && image.channels[0].unit == "m")
        #expect(image.channels[0].data == [9, 10, 11, 12, 5, 6, 7, 8, 1, 2, 3, 4].map { Float($0 * 1e-9) })
    }

    @Test func gwyddionMatrixExport() throws {
        let text = "# Channel: Height\n# Width: 2.000 µm\n# Height: 1.500 µm\n# Value units: m\n1e-9 2e-9\n3e-9 4e-9\r\n5e-9 nan\n"
        let image = try GwyddionASCIIReader.read(path: HostileInputTests.write(Array(text.utf8), "matrix.txt", in: Fixtures.scratch()))
        #expect(image.x == .pixelCentres(name: "x", center: 1e-6, width: 2 * 1e-6, count: 2))
        #expect(image.y == .pixelCentres(name: "y", center: 1.5 * 1e-6 / 2, width: 1.5 * 1e-6, count: 3))
        let channel = image.channels[0]
        #expect(channel.name == "Height" && channel.unit == "m")
        #expect(channel.data[0] == 5e-9 && channel.data[1].isNaN && Array(channel.data[2...]) == [3e-9, 4e-9, 1e-9, 2e-9])
        #expect(image.metadata.source.header.hasPrefix("# Channel: Height"))
    }

    @Test func hostileTextImages() throws {
        let folder = Fixtures.scratch()
        let good = Array(Self.spip.utf8)
        let start = good.firstRange(of: Array("# Start of Data:".utf8))!.lowerBound
        for cut in [0, 10, start + 5, start + 20, good.count - 4] {
            expectFormatError(HostileInputTests.write(Array(good.prefix(cut)), "cut\(cut).asc", in: folder),
                              [.truncated, .unrecognised], reading: GwyddionASCIIReader.read)
        }
        func variant(_ from: String, _ to: String) -> [UInt8] { Array(Self.spip.replacingOccurrences(of: from, with: to).utf8) }
        let begin = Date()
        let cases: [(String, [UInt8], FormatError.Kind)] = [
            ("huge", variant("x-pixels = 4", "x-pixels = 4000000000000"), .truncated),
            ("overflow", variant("x-pixels = 4", "x-pixels = 4000000000000000000"), .corrupt),
            ("negative", variant("y-pixels = 3", "y-pixels = -3"), .corrupt),
            ("fraction", variant("y-pixels = 3", "y-pixels = 2.5"), .corrupt),
            ("nolength", variant("# x-length = 2\n", ""), .corrupt),
            ("extra", variant("9\t10", "9\t10\t99"), .corrupt),
            ("word", variant("\t7\t", "\tseven\t"), .corrupt),
            ("void", variant("# Bit2nm", "# voidpixels = 2\n# Bit2nm"), .unsupported),
            ("plain", Array("1 2\n3 4\n".utf8), .unrecognised),
            ("nowidth", Array("# Channel: Z\n# Value units: m\n1 2\n".utf8), .corrupt),
            ("ragged", Array("# Channel: Z\n# Width: 1 nm\n# Height: 1 nm\n1 2\n3\n".utf8), .truncated),
            ("wide", Array("# Channel: Z\n# Width: 1 nm\n# Height: 1 nm\n1 2\n3 4 5\n".utf8), .corrupt),
            ("lateral", Array("# Channel: Z\n# Width: 1 V\n# Height: 1 nm\n1 2\n".utf8), .corrupt),
        ]
        for (name, bytes, kind) in cases {
            expectFormatError(HostileInputTests.write(bytes, "\(name).txt", in: folder), [kind], reading: GwyddionASCIIReader.read)
        }
        #expect(Date().timeIntervalSince(begin) < 1)
        expectFormatError(folder.path, [.io], reading: GwyddionASCIIReader.read)
    }
}
