/// The simulation of one energy (`EnergyWorker`), in double whatever the worker's precision.
struct EnergyResult: Sendable {
    /// δρ(R) at R = i a1 + j a2, `[i * N + j]`, states/meV/site (both spins).
    var latticeLDOS: [Double]
    /// |δρ(q)| at q = (m/N) b1 + (n/N) b2, `[m * N + n]`.
    var qpi: [Double]
    /// N(ω) = −(1/π) Im Tr_e g0(ω), states/meV/site (both spins).
    var dos: Double
}
