import Foundation
import Testing
import TestSupport
@testable import Formats

/// Nanonis .sxm images and .dat spectra against independently decoded values, and against
/// pynxtools' reading of the same scan (an independent reader).
@Suite struct NanonisImageTests {
    @Test(.needsShared("nanonis")) func sxmOrientationAndValues() throws {
        let image = try NanonisSXMReader.read(path: Fixtures.shared("nanonis/au_mica_195.sxm"))
        #expect(image.x.count == 256 && image.y.count == 256 && !image.isGrid)
        #expect(image.channels.map(\.datasetName) == ["Z_fwd", "Z_bwd", "Current_fwd", "Current_bwd"])
        #expect(abs(image.metadata.scanAngleDegrees - 135.1) < 1e-9)
        let forward = try #require(image.channel(named: "Current_fwd"))
        let backward = try #require(image.channel(named: "Current_bwd"))
        // Raw stored line 10 of a downward scan is row 255 − 10; backward columns are mirrored.
        #expect(image.image(of: forward)[245, 20] == -2.8103592e-11)
        #expect(image.image(of: forward)[255, 0] == -3.032829e-11)
        #expect(image.image(of: backward)[245, 235] == -2.4869719e-11)
        #expect(image.image(of: backward)[255, 255] == -2.8437338e-11)
    }

    @Test(.needsShared("hdf5", "nanonis")) func sxmEqualsPynxtoolsReading() throws {
        let image = try NanonisSXMReader.read(path: Fixtures.shared("nanonis/au_mica_195.sxm"))
        let nexus = try HDF5Reader.read(path: Fixtures.shared("hdf5/au_mica_195_pynxtools_NXstm.nxs"))
        for (ours, theirs) in [("Current_fwd", "current_fwd"), ("Current_bwd", "current_bwd"), ("Z_fwd", "z_fwd")] {
            let a = try #require(image.channel(named: ours))
            let b = try #require(nexus.channels.first { $0.datasetName == theirs })
            #expect(a.data == b.data, "\(ours) differs from pynxtools' \(theirs)")
        }
    }

    /// A downward scan is flipped so that row 0 is the bottom of the frame: raw line 3 lands in row
    /// 156 of 160.
    @Test(.needsShared("nanonis")) func downwardScanIsFlipped() throws {
        let image = try NanonisSXMReader.read(path: Fixtures.shared("nanonis/probeflow_160px.sxm"))
        #expect(image.x.count == 160 && image.y.count == 160)
        let z = try #require(image.channel(named: "Z"))
        let zb = try #require(image.channel(named: "Z_bwd"))
        #expect(image.image(of: z)[156, 5] == 1.056684e-07)   // raw line 3 of a downward scan
        #expect(image.image(of: zb)[156, 154] == 1.0541121e-07)
    }

    /// The same file declared as an upward scan (its header's SCAN_DIR changed, nothing else) is
    /// not flipped: every channel is the downward reading with its rows reversed.
    @Test(.needsShared("nanonis")) func upwardScanIsNotFlipped() throws {
        let original = Fixtures.shared("nanonis/probeflow_160px.sxm")
        var bytes = HostileInputTests.bytes(original)
        let header = String(decoding: bytes.prefix(4096), as: UTF8.self)
        let marker = try #require(header.range(of: ":SCAN_DIR:\ndown") ?? header.range(of: ":SCAN_DIR:\r\ndown"))
        let offset = header.utf8.distance(from: header.startIndex, to: marker.upperBound) - 4
        bytes.replaceSubrange(offset ..< offset + 4, with: Array("up  ".utf8))
        let upward = try NanonisSXMReader.read(path: HostileInputTests.write(bytes, "up.sxm", in: Fixtures.scratch()))
        let downward = try NanonisSXMReader.read(path: original)
        let (rows, columns) = (downward.y.count, downward.x.count)
        #expect(upward.channels.count == downward.channels.count)
        for (up, down) in zip(upward.channels, downward.channels) {
            let reversed = (0..<rows).flatMap { r in down.data[(rows - 1 - r) * columns ..< (rows - r) * columns] }
            #expect(up.data == reversed, "\(up.datasetName)")
        }
    }

    @Test(.needsShared("nanonis")) func pointSpectrum() throws {
        let spectrum = try NanonisDATReader.read(path: Fixtures.shared("nanonis/bias_spectroscopy_00015.dat"))
        #expect(spectrum.sweep?.count == 2048)
        #expect(spectrum.sweep?.name == "Bias calc" && spectrum.sweep?.unit == "V")
        #expect(spectrum.channels.count == 14)
        let current = try #require(spectrum.channel(named: "Current"))
        #expect(current.data[0] == Float(-1.4288776E-10))
        #expect(current.data[1] == Float(-1.4346191E-10))
        let filtered = try #require(spectrum.channel(named: "Current [filt]"))
        #expect(filtered.data[1] == Float(-1.4283737E-10))
        #expect(abs(spectrum.x.values[0] - 153.514e-9) < 1e-15)
        #expect(spectrum.metadata.source.header.contains("Lock-in>Amplitude\t2E-3"))
    }

    @Test(.needsShared("createc")) func createcImage() throws {
        let image = try CreatecReader.read(path: Fixtures.shared("createc/createc_scan_11nm.dat"))
        #expect(image.x.count == 512 && image.y.count == 512 && image.channels.count == 4)
        let z = image.channels[0]
        #expect(z.unit == "m")
        let expectedZ = Double(Float(-116276.28)) * 0.00037e-10
        #expect(abs(Double(z.data[0]) - expectedZ) < 1e-6 * abs(expectedZ))
        #expect(image.channels[1].data[100 * 512 + 200] == -15921.156)
        #expect(image.channels[3].data[511 * 512 + 511] == -15931.8125)
        #expect(abs(image.x.values.last! + image.x.values.first! - 112.5034e-10) < 1e-15)
    }

    /// The whole Createc image against an independent decoding (Python's zlib and numpy), with the
    /// file's documented Z scaling: `Dacto[A]z` Å per DAC count for the topograph (as other
    /// Createc readers apply it), raw values for the other channels.
    @Test(.needsShared("createc")) func createcMatchesAnIndependentDecoding() throws {
        guard TestSupport.pythonHas(["numpy"]) else { return }
        let path = Fixtures.shared("createc/createc_scan_11nm.dat")
        let script = """
            import json, re, sys, zlib, numpy as np
            data = open(sys.argv[1], 'rb').read()
            start = data.index(b'DATA')
            header = data[:start].decode('latin-1')
            nx, ny = (int(re.search(name + r'\\s*=\\s*(\\d+)', header).group(1)) for name in ('Num.X / Num.X', 'Num.Y / Num.Y'))
            scale = float(re.search(r'Dacto\\[A\\]z\\s*=\\s*([-0-9.eE]+)', header).group(1)) * 1e-10
            raw = np.frombuffer(zlib.decompress(data[start + 4:]), '<f4')[1:].astype(float)
            n = nx * ny
            print(json.dumps({"z": (raw[:n] * scale).tolist(), "others": [raw[c * n:(c + 1) * n].tolist() for c in (1, 2, 3)]}))
            """
        let (status, output) = try #require(TestSupport.run(TestSupport.python, ["-c", script, path]))
        try #require(status == 0, "\(output)")
        let decoded = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
        let z = try #require(decoded["z"] as? [Double]), others = try #require(decoded["others"] as? [[Double]])
        let image = try CreatecReader.read(path: path)
        #expect(image.channels[0].data.count == z.count)
        for (ours, theirs) in zip(image.channels[0].data, z) { #expect(abs(Double(ours) - theirs) <= 1e-6 * abs(theirs) + 1e-20) }
        for (channel, theirs) in zip(image.channels.dropFirst(), others) { #expect(channel.data.map(Double.init) == theirs) }
    }
}
