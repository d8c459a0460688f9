import QPICore

extension QPISimulator {
    /// Simulates `parameters` at ω = ratio × Δ × `calibration`, where Δ is the coherence peak of
    /// the simulated DOS found by the preprocessing's estimator (docs/physics.md §6): the gap a
    /// measurement of this state would report, so the maps compare with measured maps at the same
    /// ω/Δ. `calibration` ≠ 1 puts the maps where a gap estimate off by that factor would.
    /// Returns the simulation (energies filled in) and Δ in meV.
    public static func runAtGapRatios(_ parameters: SimulationParameters, ratios: [Double], calibration: Double = 1,
                                      threads: Int? = nil) throws -> (simulation: QPISimulation, gapMeV: Double) {
        var parameters = parameters
        let system = try MeshEigensystem(
            hamiltonian: BdGHamiltonian(normal: NormalState(material: parameters.material), pairing: parameters.pairing),
            size: parameters.meshSize)
        let gap = system.coherencePeakGap(delta: parameters.pairing.deltaMeV, eta: parameters.etaMeV)
        parameters.energiesMeV = ratios.map { $0 * gap * calibration }
        return (try run(parameters, on: system, threads: threads), gap)
    }
}
