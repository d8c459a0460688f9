import Foundation
import Testing
import Formats
import TestSupport

/// The same input gives the same output bit for bit, run after run, so a figure can be made again
/// from its provenance. (FFTW plans chosen by timing, FFTW_MEASURE, once made two runs of
/// `qpi preprocess` differ at 1e-16; the preprocessing now plans with FFTW_ESTIMATE.)
@Suite struct ReproducibilityTests {
    @Test func preprocessingIsReproducible() throws {
        let folder = TestSupport.scratch()
        let sample = TestSupport.root.appendingPathComponent("samples/synthetic_grid.h5").path
        var outputs: [HDF5Arrays] = []
        for run in 0..<2 {
            let out = folder.appendingPathComponent("run\(run).h5").path
            let (status, output) = TestSupport.qpi(["preprocess", sample, "--out", out])
            try #require(status == 0, "\(output)")
            outputs.append(try HDF5Arrays(path: out))
        }
        for name in ["entry/qmaps/qmaps_raw", "entry/layer_maps/maps"] {
            #expect(try outputs[0].floats(name) == outputs[1].floats(name), "\(name)")
        }
        for name in ["entry/diagnostics/bragg_peaks", "entry/diagnostics/displacement_x", "entry/diagnostics/phases"] {
            #expect(try outputs[0].doubles(name) == outputs[1].doubles(name), "\(name)")
        }
    }
}
