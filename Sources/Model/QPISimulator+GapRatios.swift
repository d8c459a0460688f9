import QPICore

extension QPISimulator {
    /// The smallest k-mesh on which the gap of a simulated state is estimated.
    public static let gapMeshSize = 192

    /// Simulates `parameters` at ω = ratio × Δ × `calibration`, where Δ is the coherence peak of
    /// the simulated DOS found by the preprocessing's estimator (docs/physics.md §6): the gap a
    /// measurement of this state would report, so the maps compare with measured maps at the same
    /// ω/Δ. With `sweep`, Δ is estimated from the DOS sampled on that measurement-like sweep
    /// instead of a fine grid. `calibration` ≠ 1 puts the maps where a gap estimate off by that
    /// factor would. Returns the simulation (energies filled in; its DOS from the gap's mesh) and
    /// Δ in meV. The gap and the DOS come from a mesh of at least `spectrumMeshSize`.
    public static func runAtGapRatios(_ parameters: SimulationParameters, ratios: [Double], calibration: Double = 1,
                                      sweep: GapSweep? = nil, spectrumMeshSize: Int = gapMeshSize,
                                      threads: Int? = nil) throws -> (simulation: QPISimulation, gapMeV: Double) {
        var parameters = parameters
        let hamiltonian = BdGHamiltonian(normal: NormalState(material: parameters.material), pairing: parameters.pairing)
        let (delta, eta) = (parameters.pairing.deltaMeV, parameters.etaMeV)
        // The DOS of the maps' own mesh (96 by default) has finite-mesh bumps as large as the
        // coherence peaks at η ≈ 0.1 Δ0 (the peak of A1′ at χ = 0.6 comes out at 29 meV on 96,
        // 22.8 on 192 and 23.2 on 288): the gap is estimated on a mesh of at least `gapMeshSize`.
        // The maps' mesh is diagonalised only where it is that mesh; otherwise the simulation
        // diagonalises it itself if its route needs it (not for spin-conserving states).
        let spectrum = try MeshEigensystem(hamiltonian: hamiltonian, size: max(parameters.meshSize, spectrumMeshSize))
        let gap = sweep.map { spectrum.measuredGap(delta: delta, eta: eta, sweep: $0) } ?? spectrum.coherencePeakGap(delta: delta, eta: eta)
        parameters.energiesMeV = ratios.map { $0 * gap * calibration }
        var simulation = try simulate(parameters, system: spectrum.size == parameters.meshSize ? spectrum : nil,
                                      threads: threads, progress: nil)
        if parameters.meshSize < spectrumMeshSize {
            // N(ω) of the same converged mesh, so a grid rendered with it shows the peak at Δ.
            simulation.dos = spectrum.dos(energies: parameters.energiesMeV, eta: eta)
        }
        return (simulation, gap)
    }
}
