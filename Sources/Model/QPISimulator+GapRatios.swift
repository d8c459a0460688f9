import QPICore

extension QPISimulator {
    /// Simulates `parameters` at ω = ratio × Δ × `calibration`, where Δ is the coherence peak of
    /// the simulated DOS found by the preprocessing's estimator (docs/physics.md §6): the gap a
    /// measurement of this state would report, so the maps compare with measured maps at the same
    /// ω/Δ. With `sweep`, Δ is estimated from the DOS sampled on that measurement-like sweep
    /// instead of a fine grid. `calibration` ≠ 1 puts the maps where a gap estimate off by that
    /// factor would. Returns the simulation (energies filled in) and Δ in meV.
    public static func runAtGapRatios(_ parameters: SimulationParameters, ratios: [Double], calibration: Double = 1,
                                      sweep: GapSweep? = nil, threads: Int? = nil) throws -> (simulation: QPISimulation, gapMeV: Double) {
        var parameters = parameters
        let system = try MeshEigensystem(
            hamiltonian: BdGHamiltonian(normal: NormalState(material: parameters.material), pairing: parameters.pairing),
            size: parameters.meshSize)
        let (delta, eta) = (parameters.pairing.deltaMeV, parameters.etaMeV)
        let gap = sweep.map { system.measuredGap(delta: delta, eta: eta, sweep: $0) } ?? system.coherencePeakGap(delta: delta, eta: eta)
        parameters.energiesMeV = ratios.map { $0 * gap * calibration }
        return (try run(parameters, on: system, threads: threads), gap)
    }
}
