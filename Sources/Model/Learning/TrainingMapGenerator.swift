import Foundation
import Preprocess

/// Simulates the classifier's input for a `TrainingCase`: the maps |δρ(q)| at fixed ω/Δ in the
/// common q-frame, where Δ is the coherence peak of the simulated DOS (what the preprocessing
/// measures on a real grid), degraded by the case's measurement effects.
public struct TrainingMapGenerator: Sendable {
    public var material: Material
    /// k-mesh size of the simulations (96 by default: fast, and the maps' features are resolved).
    public var meshSize: Int
    public var frame: QFrame
    /// The energies of the maps, in units of the gap.
    public var energiesOverGap: [Double]

    public init(material: Material, meshSize: Int = 96, frame: QFrame = .standard,
                energiesOverGap: [Double] = EnergyAxis.defaultRatios) {
        self.material = material
        self.meshSize = meshSize
        self.frame = frame
        self.energiesOverGap = energiesOverGap
    }

    /// The simulation parameters of `example` (energies filled in by `maps`).
    public func simulationParameters(_ example: TrainingCase) -> SimulationParameters {
        var material = self.material
        material.chemicalPotentialMeV += example.chemicalPotentialShiftMeV
        material.hoppingsMeV = material.hoppingsMeV.map { $0 * example.hoppingScale }
        material.isingMeV = example.isingMeV
        material.rashbaMeV = example.rashbaMeV
        return SimulationParameters(material: material, pairing: example.pairing, etaMeV: example.etaMeV,
                                    impurityMeV: example.impurityMeV, meshSize: meshSize, frame: frame)
    }

    /// The maps of `example`, `[energy][frame pixel]`, computed on one thread, and the gap used.
    public func maps(_ example: TrainingCase) throws -> (maps: [[Float]], gapMeV: Double) {
        var parameters = simulationParameters(example)
        let system = try MeshEigensystem(
            hamiltonian: BdGHamiltonian(normal: NormalState(material: parameters.material), pairing: parameters.pairing),
            size: meshSize)
        let gap = system.coherencePeakGap(delta: example.pairing.deltaMeV, eta: example.etaMeV)
        parameters.energiesMeV = energiesOverGap.map { $0 * gap * example.gapCalibration }
        let simulation = try QPISimulator.run(parameters, on: system, threads: 1)
        let maps = simulation.meshMaps.map { mesh in
            example.measurement.apply(toMesh: QPISimulator.suppressingOrigin(mesh, size: meshSize), size: meshSize, frame: frame)
        }
        return (maps, gap)
    }
}
