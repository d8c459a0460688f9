import Foundation
import Testing
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

    @Test(.needsShared("nanonis")) func upwardScanNeedsNoFlipButDownwardDoes() throws {
        let image = try NanonisSXMReader.read(path: Fixtures.shared("nanonis/probeflow_160px.sxm"))
        #expect(image.x.count == 160 && image.y.count == 160)
        let z = try #require(image.channel(named: "Z"))
        let zb = try #require(image.channel(named: "Z_bwd"))
        #expect(image.image(of: z)[156, 5] == 1.056684e-07)   // raw line 3 of a downward scan
        #expect(image.image(of: zb)[156, 154] == 1.0541121e-07)
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
}
