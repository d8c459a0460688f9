import Foundation
import Formats
import Preprocess
import QPICore

/// A realistic synthetic lab grid made from the simulator: several impurities at random sites
/// (their LDOS changes superposed, neglecting multiple scattering between them), the averaged
/// DOS as background, an atomic-lattice topograph, Gaussian orbitals on a rotated, sheared and
/// drifting pixel grid, noise, and energies scaled to a chosen gap.
public struct SyntheticGrid: Sendable {
    /// The pairing state and material of the simulation (its gap scale stays the simulator's).
    public var simulation: SimulationParameters
    /// The gap of the synthetic sample in meV: the coherence peak of the simulator's N(ω) (or
    /// the gap estimated on `gapSweep`) is mapped onto it, so energies are in the same units of
    /// the gap.
    public var sampleGapMeV: Double
    /// Sample biases of the layers, in units of the sample gap.
    public var ratios: [Double]
    /// Image size in pixels, lattice constant in pixels.
    public var pixels = 128
    public var latticePixels = 5.0
    public var impurities = 3
    public var rotation = 0.25
    public var shear = 0.02
    /// Drift amplitude in lattice constants.
    public var drift = 0.3
    /// Signal-to-noise ratio of the LDOS-change maps: the standard deviation of the rendered
    /// impurity-induced change over that of the white noise added to every pixel (∞: no noise).
    public var signalToNoise = Double.infinity
    public var seed: UInt64 = 1
    /// Gaussian width σ of the orbital on every site, in lattice constants.
    public var orbitalWidth = 0.2
    /// Impurities are drawn uniformly over the central 80 % of the image or, with a margin m > 0,
    /// over the image widened by m of its width on every side: impurities outside the field then
    /// reach into it, as in a sample (docs/refinement.md §6). (1 + 2m) times the field of view
    /// should not exceed the k-mesh.
    public var impurityMargin = 0.0
    /// The sweep the gap unit is estimated on (nil: the coherence peak on a fine grid).
    public var gapSweep: GapSweep?

    /// The smallest k-mesh of the gap and the averaged DOS (256, as training uses; one finer than
    /// the refinement's 512 gives a grid whose spectrum, like a real sample's, is more converged
    /// than the model).
    public var spectrumMeshSize = 256

    public init(simulation: SimulationParameters, sampleGapMeV: Double, ratios: [Double]) {
        self.simulation = simulation
        self.sampleGapMeV = sampleGapMeV
        self.ratios = ratios
    }

    /// Builds the grid. The field of view (`pixels / latticePixels` lattice constants) should not
    /// exceed the k-mesh, whose LDOS is periodic with that many sites.
    public func make() throws -> Dataset {
        // The gap and the averaged DOS (the grid's background, hence its averaged spectrum) on a
        // mesh of at least `spectrumMeshSize`: nodal spectra still change visibly from 192 to 256
        // (and from 256 to 512, docs/refinement.md §4).
        let (result, gap) = try QPISimulator.runAtGapRatios(simulation, ratios: ratios, sweep: gapSweep,
                                                            spectrumMeshSize: spectrumMeshSize)
        let n = simulation.meshSize
        var random = SeededRandom(seed: seed)
        let (a, size, driftAmplitude) = (latticePixels, Double(pixels), drift * latticePixels)
        let renderer = RealSpaceRenderer(pixels: pixels, latticeConstant: a, rotation: rotation, shear: shear,
                                         origin: SIMD2(size / 2, size / 2), orbitalWidth: orbitalWidth) { p in
            SIMD2(driftAmplitude * sin(2 * Double.pi * p.y / size + 0.3), 0.8 * driftAmplitude * cos(2 * Double.pi * p.x / size))
        }
        // Impurities at the sites nearest to uniform points in the central 80 % of the image, or
        // in the image widened by the margin.
        let (low, span) = impurityMargin > 0 ? (-impurityMargin * size, (1 + 2 * impurityMargin) * size) : (0.1 * size, 0.8 * size)
        let sites = (0..<impurities).map { _ in
            let f = renderer.latticeCoordinates(SIMD2(random.uniform(), random.uniform()) * span + low)
            return (Int(f.x.rounded()), Int(f.y.rounded()))
        }
        let footprint = renderer.footprint()
        let topograph = footprint.render { _, _ in 1 }
        var layers: [Float] = []
        for (index, ldos) in result.latticeLDOS.enumerated() {
            let background = result.dos[index]   // both spins, per site: the unit of δρ (PHYSICS.md §5)
            let change = footprint.render { i, j in
                sites.reduce(0.0) { sum, site in
                    sum + ldos[(((i - site.0) % n + n) % n) * n + ((j - site.1) % n + n) % n]
                }
            }
            let sigma = signalToNoise.isFinite ? change.standardDeviation / signalToNoise : 0
            for (t, d) in zip(topograph.values, change.values) {
                layers.append(Float(background * t + d + (sigma > 0 ? sigma * random.gaussian() : 0)))
            }
        }
        let pixelSize = simulation.material.latticeConstantAngstrom * 1e-10 / a
        let x = Axis.pixelCentres(name: "x", center: 0, width: size * pixelSize, count: pixels)
        let step = ProcessStep(step: "synth", parameters: [
            "simulation": .string(result.parametersJSON), "sample_gap_meV": .number(sampleGapMeV), "simulator_gap_meV": .number(gap),
            "impurity_sites": .list(sites.map { .numbers([Double($0.0), Double($0.1)]) }), "pixels": .number(Double(pixels)),
            "lattice_pixels": .number(a), "rotation_rad": .number(rotation), "shear": .number(shear),
            "drift_lattice_constants": .number(drift), "signal_to_noise": .number(signalToNoise), "seed": .string("\(seed)"),
            "orbital_width_a": .number(orbitalWidth),
        ])
        return Dataset(
            sweep: Axis(name: "Bias", unit: "V", values: ratios.map { $0 * sampleGapMeV / 1000 }),
            x: x, y: Axis(name: "y", unit: "m", values: x.values),
            channels: [Channel(name: "LI Demod 1 X", unit: "a.u.", longName: "LI Demod 1 X (a.u.) — simulated dI/dV", data: layers)],
            parameters: [PixelParameter(name: "Z", unit: "m", values: topograph.values.map { Float($0 * 2e-11) })],
            metadata: Metadata(source: SourceInfo(format: "QPIKit synth", fileName: "synthetic"),
                               scanAngleDegrees: 0, assumptions: ["synthetic grid: impurities superposed without multiple scattering"],
                               provenance: [step]))
    }
}
