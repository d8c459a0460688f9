import QPICore

/// The outcome of a simulation: per energy, the lattice LDOS change, the QPI map on the mesh and
/// in the common frame, and the spatially averaged DOS.
public struct QPISimulation: Sendable {
    /// The complete configuration that produced this result.
    public var parameters: SimulationParameters
    /// δρ(R, ω) per energy, `[e][i * N + j]` for R = i a1 + j a2, in states/meV/site (both spins).
    public var latticeLDOS: MeshLayers
    /// |δρ(q, ω)| per energy on the mesh, `[e][m * N + n]` for q = (m/N) b1 + (n/N) b2.
    public var meshMaps: MeshLayers
    /// |δρ(q, ω)| per energy in `parameters.frame` (rows along qy), with the q = 0 pixel of the
    /// mesh replaced by the mean of its six neighbours (docs/physics.md §5). Their energies are
    /// ω/Δ0: the stack's gap is the pairing amplitude Δ0, not a measured gap (a normal-state
    /// simulation, Δ0 = 0, has no gap and NaN ratios; `parameters.energiesMeV` has the energies).
    public var maps: QMapStack
    /// N(ω) per energy, states/meV/site (both spins).
    public var dos: [Double]
}
