import Foundation
import Testing
import Formats
import Preprocess
import TestSupport
@testable import Model

/// `qpi preprocess` on a rendered lattice grid: the output layout, provenance and previews.
@Suite struct PreprocessCommandTests {
    /// A 96 × 96 × 5 grid of simulated maps on a rotated, drifting lattice, written as QPIKit HDF5.
    static func renderedGrid(at path: String) throws {
        let n = 32
        let energies = [8.0, 12, 16, 20, 24]
        let simulation = try QPISimulator.run(SimulationParameters(material: try Material.nbse2(),
                                                                   pairing: PairingState(channel: .a1Prime, deltaMeV: 20),
                                                                   etaMeV: 6, energiesMeV: energies, meshSize: n))
        let renderer = RealSpaceRenderer(pixels: 96, latticeConstant: 3.5, rotation: 0.2) { p in SIMD2(0.5 * sin(p.y / 15), 0.4 * cos(p.x / 20)) }
        let layers = simulation.latticeLDOS.map { ldos in renderer.render { i, j in ldos[((i % n + n) % n) * n + (j % n + n) % n] } }
        let topograph = renderer.render { _, _ in 1 }
        let axis = Axis.pixelCentres(name: "x", center: 0, width: 96 * 0.1e-9, count: 96)
        let grid = Dataset(sweep: Axis(name: "Bias", unit: "V", values: energies.map { $0 / 1000 }), x: axis,
                           y: Axis(name: "y", unit: "m", values: axis.values),
                           channels: [Channel(name: "LI Demod 1 X", unit: "A", data: layers.flatMap { $0.values.map(Float.init) })],
                           parameters: [PixelParameter(name: "Z", unit: "m", values: topograph.values.map { Float($0 * 1e-11) })],
                           metadata: Metadata(source: SourceInfo(format: "test", fileName: "rendered")))
        try HDF5Writer.write(grid, to: path)
    }

    @Test func writesQmapsDiagnosticsAndPreviews() throws {
        let folder = TestSupport.scratch()
        let input = folder.appendingPathComponent("grid.h5").path, out = folder.appendingPathComponent("pre.h5").path
        try Self.renderedGrid(at: input)
        let (status, output) = TestSupport.qpi(["preprocess", input, "--out", out, "--gap", "20", "--symmetrize", "C6v",
                                                "--ratios", "0.5,1.0"])
        #expect(status == 0, "\(output)")
        #expect(output.contains("Δ = 20.000 meV (given)"))
        #expect(Set(TestSupport.contents(folder)) == ["grid.h5", "pre.h5", "pre_qmaps.png", "pre_topograph.png"])
        let (_, listing) = try #require(TestSupport.run("h5ls", ["-r", out]))
        let lines = Set(listing.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ") })
        for expected in ["/entry/qmaps/qmaps Dataset {2, 101, 101}", "/entry/qmaps/qmaps_raw Dataset {2, 101, 101}",
                         "/entry/qmaps/counts Dataset {2, 101, 101}", "/entry/qmaps/energy_over_gap Dataset {2}",
                         "/entry/layer_maps/maps Dataset {5, 101, 101}", "/entry/diagnostics/displacement_x Dataset {96, 96}",
                         "/entry/diagnostics/phases Dataset {3, 96, 96}", "/entry/data/LI_Demod_1_X_fwd Dataset {5, 96, 96}",
                         "/entry/diagnostics/clean_spectrum Dataset {5}", "/entry/diagnostics/clean_spectrum_excluded Dataset {96, 96}"] {
            #expect(lines.contains(expected), "missing \(expected)")
        }
        let (_, attributes) = try #require(TestSupport.run("h5dump", ["-A", "-g", "/entry/qmaps", out]))
        #expect(attributes.contains("\"energy_over_gap\", \"qy\", \"qx\"") && attributes.contains("\"C6v\""))
        // The corrected grid reads back with its provenance: every step recorded.
        let corrected = try DataFormat.read(path: out)
        #expect(corrected.metadata.provenance.map(\.step) == ["bragg-peaks", "drift-correction", "clean-spectrum", "normalisation",
                                                              "fft-frame", "gap", "energy-axis", "symmetrisation"])
    }

    @Test func stepsThatNeedMoreDataSaySo() throws {
        let folder = TestSupport.scratch()
        let input = folder.appendingPathComponent("grid.h5").path, out = folder.appendingPathComponent("pre.h5").path
        try Self.renderedGrid(at: input)
        let z = TestSupport.qpi(["preprocess", input, "--out", out, "--gap", "20", "--normalize", "zmap"])
        #expect(z.status == 1 && z.output.contains("needs energies recorded at both +E and −E"))
        let calibration = TestSupport.qpi(["preprocess", input, "--out", out, "--gap", "20", "--calibrate-lockin"])
        #expect(calibration.status == 1 && calibration.output.contains("needs the current channel"))
        #expect(TestSupport.contents(folder) == ["grid.h5"])
    }

    @Test func aGridWithoutLatticeFailsClearly() {
        let folder = TestSupport.scratch()
        let out = folder.appendingPathComponent("pre.h5").path
        let (status, output) = TestSupport.qpi(["preprocess", TestSupport.root.appendingPathComponent("samples/demo_grid.3ds").path, "--out", out])
        #expect(status == 1)
        #expect(output.contains("Bragg peaks") || output.contains("too small"))
        #expect(TestSupport.contents(folder).isEmpty)
    }
}

/// `qpi synth` makes a grid that `qpi preprocess` reads like a lab file, recovering the lattice
/// constant and the gap that were put in.
@Suite struct SynthCommandTests {
    @Test func synthesisedGridGivesBackItsLatticeAndGap() throws {
        let folder = TestSupport.scratch()
        let grid = folder.appendingPathComponent("syn.h5").path, out = folder.appendingPathComponent("pre.h5").path
        let energies = stride(from: -2.0, through: 2.0, by: 0.1).map { String(format: "%.1f", $0) }.joined(separator: ",")
        let made = TestSupport.qpi(["synth", "--gap", "1.5", "--pixels", "96", "--mesh", "64", "--ratios=\(energies)",
                                    "--snr", "5", "--out", grid])
        #expect(made.status == 0, "\(made.output)")
        let pre = TestSupport.qpi(["preprocess", grid, "--out", out])
        #expect(pre.status == 0, "\(pre.output)")
        let result = try DataFormat.read(path: out)
        #expect(result.metadata.provenance.first?.step == "synth")
        let (_, attributes) = try #require(TestSupport.run("h5dump", ["-A", "-g", "/entry/qmaps", out]))
        let delta = try #require(attributes.components(separatedBy: "\"delta_meV\"").dropFirst().first?
            .components(separatedBy: "(0): ").dropFirst().first?.split(separator: "\n").first.flatMap { Double($0.trimmingCharacters(in: .whitespaces)) })
        #expect(abs(delta - 1.5) < 0.1 * 1.5, "gap \(delta) meV, put in 1.5 meV")
        let lattice = try #require(pre.output.components(separatedBy: "lattice a = ").dropFirst().first?.split(separator: " ").first.flatMap { Double($0) })
        #expect(abs(lattice - 0.344) < 0.03 * 0.344, "lattice \(lattice) nm")
    }
}
