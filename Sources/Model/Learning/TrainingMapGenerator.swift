import Foundation
import Preprocess
import QPICore

/// Simulates the classifier's input for a `TrainingCase`, by one of two routes:
/// - `.reciprocal`: the maps |δρ(q)| at fixed ω/Δ in the common q-frame, where Δ is the coherence
///   peak of the simulated DOS (what the preprocessing measures on a real grid), degraded by the
///   case's measurement effects applied in q-space;
/// - `.realSpace`: a synthetic lab grid (`SyntheticGrid`: several impurities, atomic lattice,
///   drift, shear, noise) run through the preprocessing exactly as a measurement is, gap estimate
///   included — slower, but with every artefact of the real pipeline.
public struct TrainingMapGenerator: Sendable {
    /// How the maps are made.
    public enum Route: String, Codable, Sendable, CaseIterable {
        case reciprocal
        case realSpace = "real-space"
    }

    public var material: Material
    /// k-mesh size of the simulations (96 by default: fast, and the maps' features are resolved).
    public var meshSize: Int
    public var frame: QFrame
    /// The energies of the maps, in units of the gap.
    public var ratios: [Double]
    /// The precision of the simulations (`qpi dataset` uses single).
    public var precision: Precision

    public init(material: Material, meshSize: Int = 96, frame: QFrame = .standard,
                ratios: [Double] = EnergyAxis.defaultRatios, precision: Precision = .double) {
        self.material = material
        self.meshSize = meshSize
        self.frame = frame
        self.ratios = ratios
        self.precision = precision
    }

    /// The simulation parameters of `example` (energies filled in by `maps`).
    public func simulationParameters(_ example: TrainingCase) -> SimulationParameters {
        var material = self.material
        material.chemicalPotentialMeV += example.chemicalPotentialShiftMeV
        material.hoppingsMeV = material.hoppingsMeV.map { $0 * example.hoppingScale }
        material.isingMeV = example.isingMeV
        material.rashbaMeV = example.rashbaMeV
        return SimulationParameters(material: material, pairing: example.pairing, etaMeV: example.etaMeV,
                                    impurityMeV: example.impurityMeV, meshSize: meshSize, frame: frame, precision: precision)
    }

    /// The maps of `example` by `route` at the generator's ω/Δ, where Δ (the stack's `gap`) is the
    /// gap the energies were scaled to: the true gap times the example's calibration error. Also
    /// the gap recorded in data sets (meV; for the real-space route, whose sample gap is 1 meV,
    /// 1 / calibration).
    public func maps(_ example: TrainingCase, route: Route) throws -> (maps: QMapStack, gapMeV: Double) {
        route == .reciprocal ? try maps(example) : try realSpaceMaps(example)
    }

    /// The sweep the example's gap is estimated on (docs/physics.md §6).
    func gapSweep(_ example: TrainingCase) -> GapSweep {
        GapSweep(step: example.measurement.sweepStep, window: example.measurement.sweepWindow,
                 relativeNoise: Self.spectrumNoise, seed: example.measurement.seed ^ 0x5EED)
    }

    /// Noise on the averaged spectrum relative to its mean (an average over many pixels).
    static let spectrumNoise = 0.005

    /// The real-space route: a synthetic grid of 160 to 256 pixels (the generator's k-mesh, sample
    /// gap 1 meV = the gap estimated on the example's sweep; 3 to 8 pixels per lattice constant, a
    /// field of view of 20 lattice constants or more and never more than the mesh) with random
    /// rotation, shear and drift and the example's impurities, orbital width and noise, with
    /// layers at the model's ω/Δ times the example's gap-calibration factor, preprocessed with the
    /// defaults and Δ = 1 meV given: the maps a measurement whose gap estimate is off by the
    /// calibration factor gives.
    func realSpaceMaps(_ example: TrainingCase) throws -> (maps: QMapStack, gapMeV: Double) {
        var synth = SyntheticGrid(simulation: simulationParameters(example), sampleGapMeV: 1,
                                  ratios: ratios.map { $0 * example.gapCalibration })
        synth.gapSweep = gapSweep(example)
        synth.orbitalWidth = example.measurement.orbitalWidth
        var random = SeededRandom(seed: example.measurement.seed ^ 0xA5A5)
        synth.pixels = 16 * (10 + Int(random.next() % 7))
        let fieldOfView = min(max(example.measurement.fieldOfView, 20), Double(min(100, meshSize)))
        synth.latticePixels = min(max(Double(synth.pixels) / fieldOfView, 3), 8)
        synth.rotation = Double.pi / 3 * random.uniform()
        synth.shear = 0.06 * (random.uniform() - 0.5)
        synth.drift = 0.4 * random.uniform()
        synth.impurities = example.measurement.impurities
        synth.signalToNoise = example.measurement.signalToNoise
        synth.seed = example.measurement.seed
        var options = PreprocessingOptions()
        options.ratios = ratios.map { $0 * example.gapCalibration }
        options.frame = frame
        options.delta = 1
        let result = try Preprocessor.run(try synth.make(), options: options)
        let stack = QMapStack(maps: result.maps.maps, frame: frame, ratios: ratios,
                              gap: GapEstimate(delta: example.gapCalibration, method: .given), provenance: result.maps.provenance)
        return (stack, 1 / example.gapCalibration)
    }

    /// The reciprocal route's maps of `example`, computed on one thread, and the gap estimated on
    /// the example's sweep of the simulated DOS in meV.
    public func maps(_ example: TrainingCase) throws -> (maps: QMapStack, gapMeV: Double) {
        let (simulation, gap) = try QPISimulator.runAtGapRatios(simulationParameters(example), ratios: ratios,
                                                                calibration: example.gapCalibration, sweep: gapSweep(example), threads: 1)
        let maps = simulation.meshMaps.map { mesh in
            example.measurement.apply(toMesh: QPISimulator.suppressingOrigin(mesh, size: meshSize), size: meshSize, frame: frame)
        }
        let stack = QMapStack(maps: maps, frame: frame, ratios: ratios,
                              gap: GapEstimate(delta: gap * example.gapCalibration, method: .simulatedCoherencePeak),
                              provenance: [ProcessStep(step: "simulate", parameters: ["configuration": .string(simulation.parametersJSON)])])
        return (stack, gap)
    }
}
