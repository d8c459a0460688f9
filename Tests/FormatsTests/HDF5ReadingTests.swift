import Foundation
import Testing
@testable import Formats

/// NeXus and NSID files from other tools, and datasets addressed by path.
@Suite struct HDF5ReadingTests {
    @Test(.needsShared("hdf5")) func nsidSpectraAndImage() throws {
        let path = Fixtures.shared("hdf5/dkl_substitution_defect_5nm_NSID.hf5")
        let spectra = try HDF5Reader.read(path: path)
        #expect(spectra.x.count == 214 && spectra.y.count == 1 && spectra.sweep?.count == 121)
        #expect(spectra.channels.map(\.name) == ["Bias", "Current", "didv", "LIY"])
        // h5dump: Tunneling Spectroscopy[5, 1, 60] = 2.40697e-12 (channel 1 = Current).
        let current = spectra.channels[1]
        #expect(abs(current.data[60 * 214 + 5] - 2.40697e-12) < 1e-17)

        let image = try DataFormat.read(path: path + ":/Measurement_001/STM Image/Image/Image")
        #expect(image.x.count == 512 && image.y.count == 512 && !image.isGrid)
        #expect(abs(image.channels[0].data[100 * 512 + 200] - 0.001832) < 1e-9)   // h5dump [100,200]
        #expect(image.metadata.assumptions.contains { $0.contains("pixel size") })
    }

    @Test(.needsShared("hdf5")) func nexusUnitsAreNormalised() throws {
        let nexus = try HDF5Reader.read(path: Fixtures.shared("hdf5/au_mica_195_pynxtools_NXstm.nxs"))
        #expect(nexus.channels.count == 4)
        #expect(nexus.x.unit == "m" && nexus.channels.allSatisfy { ["A", "m"].contains($0.unit) })
    }

    @Test func addressSplitting() {
        #expect(HDF5Reader.splitAddress("a/b.h5:/x/y") == ("a/b.h5", "/x/y"))
        #expect(HDF5Reader.splitAddress("a/b.h5") == ("a/b.h5", nil))
    }
}
