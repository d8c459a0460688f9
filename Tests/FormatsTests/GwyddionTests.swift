import Foundation
import Testing
import TestSupport
@testable import Formats

/// Gwyddion `.gwy` files: the shared file and our own files agree with Python's `gwyfile`
/// (an independent parser), Gwyddion itself opens and renders what we write, QPIKit's own
/// files come back bit for bit, and damaged files give typed errors naming the file.
@Suite struct GwyddionTests {
    /// The awkward grid of the round-trip tests as an image: its first layer, no parameters.
    static func awkwardImage() -> Dataset {
        var image = RoundTripTests.awkwardGrid()
        let plane = image.pixelCount
        image.sweep = nil
        image.parameters = []
        for i in image.channels.indices { image.channels[i].data = Array(image.channels[i].data[0 ..< plane]) }
        return image
    }

    /// What `gwyfile` reads from a `.gwy`: every data field and brick with its sizes, units and
    /// samples (float64 bit patterns in hex), and the top-level strings.
    struct GwyfileDump: Decodable {
        struct Object: Decodable {
            var type: String
            var xres: Int, yres: Int, zres: Int?
            var xreal: Double, yreal: Double, zreal: Double?
            var xoff: Double?, yoff: Double?, zoff: Double?
            var units: [String: String]
            var data: [String]
            var calibration: [String]?

            var values: [Double] { data.map { Double(bitPattern: UInt64($0, radix: 16)!) } }
        }
        var objects: [String: Object]
        var strings: [String: String]
    }

    /// Loads `path` with gwyfile; nil (an Issue in CI) when gwyfile is not installed.
    static func gwyfile(_ path: String) throws -> GwyfileDump? {
        guard TestSupport.pythonHas(["gwyfile", "numpy"]) else { return nil }
        let script = """
            import json, sys
            import numpy as np, gwyfile
            from gwyfile.objects import GwyObject
            container = gwyfile.load(sys.argv[1])
            hexbits = lambda a: ['%016x' % v for v in np.asarray(a, dtype='<f8').view('<u8').tolist()]
            out = {'objects': {}, 'strings': {}}
            for key, value in container.items():
                if isinstance(value, str):
                    out['strings'][key] = value
                elif isinstance(value, GwyObject) and value.name == 'GwyContainer':
                    out['strings'].update({key + '/' + name: item for name, item in value.items() if isinstance(item, str)})
                elif isinstance(value, GwyObject) and value.name in ('GwyDataField', 'GwyBrick'):
                    item = {name: value[name] for name in ('xres', 'yres', 'zres', 'xreal', 'yreal', 'zreal', 'xoff', 'yoff', 'zoff') if name in value}
                    item.update(type=value.name, data=hexbits(value['data']),
                                units={name: value[name]['unitstr'] for name in value if name.startswith('si_unit')})
                    if 'calibration' in value:
                        item['calibration'] = hexbits(value['calibration'][0]['data'])
                    out['objects'][key] = item
            json.dump(out, open(sys.argv[2], 'w'))
            """
        let output = path + ".json"
        let (status, log) = try #require(TestSupport.run(TestSupport.python, ["-c", script, path, output]))
        try #require(status == 0, "\(log)")
        return try JSONDecoder().decode(GwyfileDump.self, from: try Data(contentsOf: URL(fileURLWithPath: output)))
    }

    /// Expects `field` (Gwyddion order: top row first) to hold `plane` (row 0 at the bottom) as doubles, bit for bit.
    static func expectPlanes(_ stored: [Double], _ samples: [Float], rows: Int, columns: Int,
                             sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(stored.count == samples.count, sourceLocation: sourceLocation)
        guard stored.count == samples.count else { return }
        let flipped = stride(from: 0, to: samples.count, by: rows * columns).flatMap {
            flippedRows(samples[$0 ..< $0 + rows * columns], width: columns, height: rows)
        }
        #expect(stored.map(\.bitPattern) == flipped.map { Double($0).bitPattern }, sourceLocation: sourceLocation)
    }

    @Test(.needsShared("gwyddion")) func sharedFileMatchesGwyfile() throws {
        let path = Fixtures.shared("gwyddion/gwyfile_test.gwy")
        let dataset = try GwyddionReader.read(path: path)
        #expect(dataset.sweep == nil && dataset.channels.count == 1)
        let channel = dataset.channels[0]
        #expect(channel.name == "Test" && channel.unit == "" && channel.direction == .forward)
        #expect(dataset.x.count == 128 && dataset.y.count == 128 && dataset.x.unit == "")
        #expect(dataset.x.values.first == 0.5 && dataset.x.values.last == 127.5 && dataset.y.values[1] == 1.5)
        #expect(dataset.metadata.source.format == "Gwyddion gwy" && dataset.metadata.source.header.contains("/0/data/title = Test"))
        #expect(dataset.metadata.assumptions.contains { $0.contains("lateral sizes in ''") })
        #expect(dataset.metadata.assumptions.contains { $0.contains("/0/select/pointer") } == false)

        guard let dump = try Self.gwyfile(path) else { return }
        let field = try #require(dump.objects["/0/data"])
        #expect(dump.objects.count == 1 && dump.strings["/0/data/title"] == "Test")
        #expect(field.xres == 128 && field.yres == 128 && field.xreal == 128 && field.yreal == 128)
        #expect(field.units == ["si_unit_xy": "", "si_unit_z": ""])
        #expect(field.values.count == channel.data.count)
        let expected = flippedRows(field.values, width: 128, height: 128).map { Float($0).bitPattern }
        #expect(channel.data.map(\.bitPattern) == expected)
    }

    @Test func imagesAndGridsComeBackBitForBit() throws {
        let folder = Fixtures.scratch()
        var descending = RoundTripTests.awkwardGrid()
        descending.sweep!.values.reverse()
        descending.metadata.assumptions = []
        for (index, dataset) in [Self.awkwardImage(), RoundTripTests.awkwardGrid(), descending].enumerated() {
            let path = folder.appendingPathComponent("\(index).gwy").path
            try GwyddionWriter.write(dataset, to: path)
            RoundTripTests.expectSame(dataset, try GwyddionReader.read(path: path))
        }
        #expect(Fixtures.contents(folder) == ["0.gwy", "1.gwy", "2.gwy"])
    }

    @Test func lossesNameWhatGwyddionCannotShow() {
        let losses = GwyddionWriter.losses(RoundTripTests.awkwardGrid())
        #expect(losses.count == 2 && losses[0].contains("(Z offset)") && losses[1].hasPrefix("6 NaN/Inf samples"))
        var plain = Self.awkwardImage()
        plain.channels = plain.channels.map { var channel = $0; channel.data = channel.data.map { $0.isFinite ? $0 : 0 }; return channel }
        #expect(GwyddionWriter.losses(plain).isEmpty)
        plain.x.values[1] += 1e-10
        #expect(GwyddionWriter.losses(plain).count == 1)
    }

    @Test func gwyfileReadsOurImages() throws {
        let path = Fixtures.scratch().appendingPathComponent("image.gwy").path
        let image = Self.awkwardImage()
        try GwyddionWriter.write(image, to: path)
        guard let dump = try Self.gwyfile(path) else { return }
        #expect(Set(dump.objects.keys) == ["/0/data", "/1/data"])
        #expect(dump.strings["/0/data/title"] == "LI Demod 1 X" && dump.strings["/1/data/title"] == "LI Demod 1 X [bwd]")
        #expect(dump.strings["/0/meta/qpikit"]?.contains("\"format\":\"qpikit-embedded-1\"") == true)
        for (key, channel) in zip(["/0/data", "/1/data"], image.channels) {
            let field = try #require(dump.objects[key])
            #expect(field.type == "GwyDataField" && field.xres == 7 && field.yres == 5)
            #expect(field.units == ["si_unit_xy": "m", "si_unit_z": "A"])
            #expect(abs(field.xreal - 7e-9) < 1e-20 && abs(field.yreal - 5e-9) < 1e-20)
            #expect(abs(field.xoff! - (1e-9 - 3.5e-9)) < 1e-20 && abs(field.yoff! - (-2e-9 - 2.5e-9)) < 1e-20)
            Self.expectPlanes(field.values, channel.data, rows: 5, columns: 7)
        }
    }

    @Test func gwyfileReadsOurGrids() throws {
        let folder = Fixtures.scratch()
        var descending = RoundTripTests.awkwardGrid()
        descending.sweep!.values.reverse()
        for (index, grid) in [RoundTripTests.awkwardGrid(), descending].enumerated() {
            let path = folder.appendingPathComponent("grid\(index).gwy").path
            try GwyddionWriter.write(grid, to: path)
            guard let dump = try Self.gwyfile(path) else { return }
            #expect(Set(dump.objects.keys) == ["/brick/0", "/brick/1", "/brick/0/preview", "/brick/1/preview"])
            #expect(dump.strings["/brick/1/title"] == "LI Demod 1 X [bwd]" && dump.strings["/brick/0/meta/qpikit"] != nil)
            for (key, channel) in zip(["/brick/0", "/brick/1"], grid.channels) {
                let brick = try #require(dump.objects[key])
                #expect(brick.xres == 7 && brick.yres == 5 && brick.zres == 4)
                #expect(brick.units == ["si_unit_x": "m", "si_unit_y": "m", "si_unit_z": "V", "si_unit_w": "A"])
                #expect(abs(brick.zreal! - 0.04) < 1e-15 && abs(brick.zoff! - -0.015) < 1e-15)
                Self.expectPlanes(brick.values, channel.data, rows: 5, columns: 7)
                // Only a sweep that is not uniform and ascending needs Gwyddion's z calibration.
                #expect(brick.calibration.map { $0.map { Double(bitPattern: UInt64($0, radix: 16)!) } } == (index == 0 ? nil : grid.sweep!.values))
            }
            let preview = try #require(dump.objects["/brick/0/preview"])
            #expect(preview.xres == 7 && preview.yres == 5 && preview.units["si_unit_z"] == "A")
        }
    }

    @Test func foreignVolumeDataBecomeAGrid() throws {
        guard TestSupport.pythonHas(["gwyfile", "numpy"]) else { return }
        let path = Fixtures.scratch().appendingPathComponent("volume.gwy").path
        // A 4 × 3 × 5 brick (x fastest) in A over a V sweep, a calibrated second brick, a field, a graph.
        let script = """
            import sys, numpy as np
            from gwyfile.objects import GwyContainer, GwyDataField, GwyObject, GwySIUnit
            unit = lambda s: GwySIUnit(unitstr=s)
            def brick(values, calibration=None):
                items = dict(xres=4, yres=3, zres=5, xreal=4e-9, yreal=3e-9, zreal=0.5, xoff=1e-9, yoff=0.0, zoff=-0.25,
                             si_unit_x=unit('m'), si_unit_y=unit('m'), si_unit_z=unit('V'), si_unit_w=unit('A'), data=values)
                if calibration is not None:
                    items['calibration'] = [GwyObject('GwyDataLine', dict(res=5, real=5.0, data=calibration), dict(res='i'))]
                return GwyObject('GwyBrick', items, dict(xres='i', yres='i', zres='i', calibration='O'))
            c = GwyContainer()
            c['/brick/0'] = brick(np.arange(60.0) * 1e-12)
            c['/brick/0/title'] = 'dI/dV'
            c['/brick/3'] = brick(-np.arange(60.0), np.array([0.3, 0.1, 0.0, -0.1, -0.3]))
            c['/brick/3/title'] = 'Phase'
            c['/0/data'] = GwyDataField(np.ones((3, 4)), xreal=4e-9, yreal=3e-9, si_unit_xy='m', si_unit_z='m')
            c['/0/graph/graph/1'] = GwyObject('GwyGraphModel', dict(title='curve'))
            c.tofile(sys.argv[1])
            """
        let (status, log) = try #require(TestSupport.run(TestSupport.python, ["-c", script, path]))
        try #require(status == 0, "\(log)")
        let grid = try GwyddionReader.read(path: path)
        let sweep = try #require(grid.sweep)
        #expect(sweep.name == "Bias" && sweep.unit == "V")
        #expect(zip(sweep.values, (0..<5).map { -0.25 + (Double($0) + 0.5) * 0.1 }).allSatisfy { abs($0 - $1) < 1e-15 })
        #expect(grid.channels.map(\.name) == ["dI/dV", "Phase"] && grid.channels.map(\.unit) == ["A", "A"])
        #expect(grid.x.values.map { ($0 * 1e10).rounded() } == [15, 25, 35, 45] && grid.y.count == 3)
        // Level 1, Gwyddion row 0 (top) is row 2 here; x fastest.
        #expect(grid.channels[0].data[1 * 12 + 2 * 4 + 3] == Float(15.0 * 1e-12))
        #expect(grid.metadata.assumptions.contains { $0.contains("/0/data (GwyDataField)") && $0.contains("/0/graph/graph/1 (GwyGraphModel)") })

        // The brick's calibration gives the sweep when it comes first.
        let calibrated = try Self.patchedKeys(path, rename: "/brick/0", to: "/brick/9")
        #expect(try GwyddionReader.read(path: calibrated).sweep?.values == [0.3, 0.1, 0.0, -0.1, -0.3])
    }

    /// A copy of `path` with every occurrence of the key `from` renamed to `to` (same length).
    static func patchedKeys(_ path: String, rename from: String, to: String) throws -> String {
        var bytes = HostileInputTests.bytes(path)
        let (old, new) = (Array(from.utf8) + [0], Array(to.utf8) + [0])
        while let range = bytes.firstRange(of: old) { bytes.replaceSubrange(range, with: new) }
        let copy = path.replacingOccurrences(of: ".gwy", with: "-renamed.gwy")
        _ = FileManager.default.createFile(atPath: copy, contents: Data(bytes))
        return copy
    }

    @Test(.enabled(if: TestSupport.isCI || FileManager.default.isExecutableFile(atPath: "/usr/bin/gwyddion-thumbnailer"),
                   "Debian's gwyddion is not installed"))
    func gwyddionOpensAndRendersOurFiles() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/gwyddion-thumbnailer"),
              FileManager.default.isExecutableFile(atPath: "/usr/bin/gwyddion") else {
            Issue.record("gwyddion and gwyddion-thumbnailer must be installed (Debian gwyddion)")
            return
        }
        let folder = Fixtures.scratch()
        let image = folder.appendingPathComponent("image.gwy").path, grid = folder.appendingPathComponent("grid.gwy").path
        try GwyddionWriter.write(Self.awkwardImage(), to: image)
        try GwyddionWriter.write(RoundTripTests.awkwardGrid(), to: grid)
        let png = folder.appendingPathComponent("thumbnail.png").path
        let rendered = try #require(Fixtures.run("gwyddion-thumbnailer", ["gnome2", "256", image, png]))
        #expect(rendered.status == 0, "\(rendered.output)")
        let bytes = HostileInputTests.bytes(png)
        #expect(bytes.count > 100 && bytes.starts(with: PNGChunks.signature))
        // Gwyddion loads both files and reports no problem (its thumbnailer previews only images).
        let check = try #require(Fixtures.run("gwyddion", ["--check", image, grid]))
        #expect(check.status == 0 && check.output.isEmpty, "\(check.output)")
    }
}

/// Damaged `.gwy` files fail quickly with a typed error naming the file, never a crash.
@Suite struct GwyddionHostileTests {
    /// Expects `GwyddionReader` to fail on `bytes` with one of `kinds`, naming the file.
    static func expectFailure(_ bytes: [UInt8], _ name: String, _ kinds: Set<FormatError.Kind>, in folder: URL,
                              sourceLocation: SourceLocation = #_sourceLocation) {
        let path = HostileInputTests.write(bytes, name, in: folder)
        do {
            _ = try GwyddionReader.read(path: path)
            Issue.record("reading \(name) should have failed", sourceLocation: sourceLocation)
        } catch let error as FormatError {
            #expect(kinds.contains(error.kind) && error.path == path, "\(error)", sourceLocation: sourceLocation)
        } catch {
            Issue.record("untyped error \(error)", sourceLocation: sourceLocation)
        }
    }

    /// A small valid file written by QPIKit.
    static func sample(in folder: URL) throws -> [UInt8] {
        let path = folder.appendingPathComponent("sample.gwy").path
        try GwyddionWriter.write(GwyddionTests.awkwardImage(), to: path)
        return HostileInputTests.bytes(path)
    }

    /// `bytes` with the four bytes after the first `marker` replaced by `value` (little-endian).
    static func patched(_ bytes: [UInt8], after marker: String, _ value: UInt32) -> [UInt8] {
        var out = bytes
        let at = bytes.firstRange(of: Array(marker.utf8))!.upperBound
        out.replaceSubrange(at ..< at + 4, with: withUnsafeBytes(of: value.littleEndian) { Array($0) })
        return out
    }

    @Test func wrongMagicAndTruncation() throws {
        let folder = Fixtures.scratch()
        let good = try Self.sample(in: folder)
        Self.expectFailure([], "empty.gwy", [.unrecognised], in: folder)
        Self.expectFailure(Array("GWYO".utf8) + good.dropFirst(4), "old.gwy", [.unsupported], in: folder)
        Self.expectFailure(Array("XWYP".utf8) + good.dropFirst(4), "magic.gwy", [.unrecognised], in: folder)
        let names = ["GwyDataField", "xres", "data\0D", "/0/data/title", "qpikit\0s"]
        let cuts = [3, 4, 10, 17, 21, good.count / 2, good.count - 1] + names.map { good.firstRange(of: Array($0.utf8))!.lowerBound + 2 }
        for cut in cuts {
            Self.expectFailure(Array(good[..<cut]), "cut\(cut).gwy", [.truncated, .unrecognised], in: folder)
        }
    }

    @Test func absurdSizesAreRefusedBeforeAllocating() throws {
        let folder = Fixtures.scratch()
        let good = try Self.sample(in: folder)
        let start = Date()
        Self.expectFailure(Self.patched(good, after: "GwyContainer\0", 0xFFFF_FFF0), "huge-container.gwy", [.truncated], in: folder)
        Self.expectFailure(Self.patched(good, after: "GwyDataField\0", 0xFFFF_FFF0), "huge-field.gwy", [.truncated, .corrupt], in: folder)
        Self.expectFailure(Self.patched(good, after: "data\0D", 0xFFFF_FFF0), "huge-array.gwy", [.corrupt], in: folder)
        Self.expectFailure(Self.patched(good, after: "xres\0i", 0x7FFF_FFFF), "huge-xres.gwy", [.corrupt], in: folder)
        Self.expectFailure(Self.patched(good, after: "yres\0i", 0xFFFF_FFFF), "negative-yres.gwy", [.corrupt], in: folder)
        #expect(Date().timeIntervalSince(start) < 2)
    }

    @Test func malformedStructure() throws {
        let folder = Fixtures.scratch()
        let good = try Self.sample(in: folder)
        var letter = good
        letter[good.firstRange(of: Array("/0/data/title\0".utf8))!.upperBound] = UInt8(ascii: "z")
        Self.expectFailure(letter, "letter.gwy", [.corrupt], in: folder)
        Self.expectFailure(Array("GWYP".utf8) + Self.nested(depth: 200), "deep.gwy", [.corrupt], in: folder)
        Self.expectFailure(Array("GWYP".utf8) + Self.nested(depth: 1), "empty-container.gwy", [.unsupported], in: folder)
        var json = good
        json[good.firstRange(of: Array("{\"".utf8))!.lowerBound] = UInt8(ascii: "[")
        Self.expectFailure(json, "json.gwy", [.corrupt], in: folder)
    }

    /// `depth` GwyContainers, each the only component (`a`) of the one around it.
    static func nested(depth: Int) -> [UInt8] {
        var inner: [UInt8] = []
        for level in 0..<depth {
            let body = level == 0 ? [] : Array("a\0o".utf8) + inner
            inner = Array("GwyContainer\0".utf8) + withUnsafeBytes(of: UInt32(body.count).littleEndian) { Array($0) } + body
        }
        return inner
    }

    @Test func everyDamagedByteGivesADatasetOrATypedError() throws {
        let folder = Fixtures.scratch()
        let good = try Self.sample(in: folder)
        let path = folder.appendingPathComponent("damaged.gwy").path
        for position in stride(from: 0, to: good.count, by: 3) {
            var bytes = good
            bytes[position] ^= 0xA5
            _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
            do { _ = try GwyddionReader.read(path: path) } catch is FormatError {} catch {
                Issue.record("byte \(position): untyped error \(error)")
            }
        }
    }
}
