import ArgumentParser
import Foundation
import Formats
import Model
import Preprocess

/// `qpi synth`: a realistic synthetic lab grid made from the simulator.
struct Synth: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Make a synthetic spectroscopic grid (impurities, lattice, drift, noise) from the simulator.",
        discussion: """
            The simulator's maps (its enlarged gap Δ0, see docs/simulator.md) are placed on a rotated, sheared, drifting pixel lattice with several impurities; energies are scaled so that the coherence peak sits at --gap meV. The output is a QPIKit HDF5 grid with a topograph in the per-pixel parameter Z; `qpi preprocess` reads it like a lab file.

            Examples:
              qpi synth --pairing A1p --gap 1.2 --out sample.h5
              qpi synth --pairing Ep --nematic 0.4 --snr 3 --pixels 192 --out nematic.h5
            """)

    @OptionGroup var pairing: PairingOptions
    @Option(help: "Gap of the synthetic sample in meV (the coherence peak).")
    var gap: Double = 1.0
    @Option(help: "Layer energies in units of the gap (ω/Δ): a list or START:STOP:COUNT.")
    var ratios: String = "-1.6,-1.2,-0.9,-0.6,-0.3,0.3,0.6,0.9,1.2,1.6"
    @Option(name: .customLong("energies"), help: .hidden)
    var deprecatedEnergies: String?
    @Option(help: "Image size in pixels.")
    var pixels: Int = 128
    @Option(name: .customLong("lattice-pixels"), help: "Lattice constant in pixels.")
    var latticePixels: Double = 5
    @Option(help: "Number of impurities.")
    var impurities: Int = 3
    @Option(name: .customLong("impurity-margin"), help: "Draw the impurities over the image widened by this fraction of its width on every side (0: the central 80 % of the image), so that impurities outside the field reach into it as in a sample.")
    var impurityMargin: Double = 0
    @Option(help: "Scan rotation relative to the lattice, rad.")
    var rotation: Double = 0.25
    @Option(help: "Scan shear.")
    var shear: Double = 0.02
    @Option(help: "Drift amplitude in lattice constants.")
    var drift: Double = 0.3
    @Option(name: .customLong("orbital-width"), help: "Gaussian width σ of the orbital on every site, in lattice constants.")
    var orbitalWidth: Double = 0.2
    @Option(help: "Impurity strength V0 in meV (every impurity alike).")
    var v0: Double = 200
    @Option(help: "Signal-to-noise ratio of the maps (default: no noise).")
    var snr: Double?
    @Option(help: "k-mesh size of the simulation.")
    var mesh: Int = 96
    @Option(name: .customLong("spectrum-mesh"), help: "Smallest k-mesh of the averaged DOS and the gap (the refinement's model uses 512).")
    var spectrumMesh: Int = 256
    @Option(help: "Random seed (impurity sites, noise).")
    var seed: UInt64 = 1
    @Option(help: "Output grid (.h5).")
    var out: String

    func validate() throws {
        guard gap > 0 else { throw ValidationError("--gap must be positive (meV)") }
        if deprecatedEnergies != nil { Deprecation.warn("--energies for ω/Δ", use: "--ratios") }
        guard let list = ratioList, !list.isEmpty else { throw ValidationError("--ratios must be numbers: a list or START:STOP:COUNT") }
        guard pixels >= 32, latticePixels >= 2, impurities >= 0, mesh >= 8, mesh % 2 == 0 else {
            throw ValidationError("need --pixels ≥ 32, --lattice-pixels ≥ 2, --impurities ≥ 0 and an even --mesh ≥ 8")
        }
        guard spectrumMesh >= 16, spectrumMesh <= 1024, spectrumMesh % 2 == 0 else {
            throw ValidationError("--spectrum-mesh must be even in 16…1024, got \(spectrumMesh)")
        }
        guard v0.isFinite else { throw ValidationError("--v0 must be a finite number of meV") }
        guard orbitalWidth > 0, orbitalWidth <= 2 else { throw ValidationError("--orbital-width must lie in (0, 2] lattice constants") }
        guard impurityMargin >= 0, impurityMargin <= 2 else { throw ValidationError("--impurity-margin must lie in 0…2, got \(impurityMargin)") }
        let field = Double(pixels) / latticePixels, reach = (1 + 2 * impurityMargin) * field
        guard reach <= Double(mesh) else {
            throw ValidationError(impurityMargin > 0
                ? "the field of view with its impurity margins (\(reach) lattice constants) exceeds --mesh \(mesh), whose LDOS repeats every \(mesh) sites: raise --mesh or lower --impurity-margin"
                : "the field of view (\(pixels) / \(latticePixels) = \(field) lattice constants) exceeds --mesh \(mesh), whose LDOS repeats every \(mesh) sites: raise --mesh or --lattice-pixels")
        }
        try OutputPath.require(out, extensions: [".h5", ".hdf5"])
    }

    var ratioList: [Double]? {
        NumberList.parse(deprecatedEnergies ?? ratios)
    }

    func run() throws {
        let simulation = SimulationParameters(material: try Material.nbse2(), pairing: pairing.state(delta0: PairingState.enlargedGapMeV, defaultMix: 0.3),
                                              impurityMeV: v0, meshSize: mesh)
        var synth = SyntheticGrid(simulation: simulation, sampleGapMeV: gap, ratios: ratioList!)
        synth.pixels = pixels
        synth.latticePixels = latticePixels
        synth.impurities = impurities
        synth.impurityMargin = impurityMargin
        synth.rotation = rotation
        synth.shear = shear
        synth.drift = drift
        synth.signalToNoise = snr ?? .infinity
        synth.orbitalWidth = orbitalWidth
        synth.seed = seed
        synth.spectrumMeshSize = spectrumMesh
        let grid = try synth.make()
        try HDF5Writer.write(grid, to: out)
        print("wrote \(out): \(pixels) × \(pixels) × \(ratioList!.count) grid, \(simulation.pairing.channel.rawValue), gap \(gap) meV")
    }
}
