import Numerics

/// The change that one scalar impurity makes to the whole lattice's density of states — the
/// spatial sum of its LDOS change, bound states and Friedel oscillations included:
///
///     δN(ω) = Σ_r δρ(r, ω) = −(1/π) Im Tr[T(ω) M(ω)],   M = (1/N²) Σ_k G0(k) P G0(k),
///
/// with T = [1 − V g0]⁻¹ V (PHYSICS.md §5) and P the projector on the electron components (what
/// the tip measures). M is the derivative of g0 for H + εP at ε = 0, and H + εP is H at the
/// chemical potential μ − ε/2 shifted by ε/2, so M = −½ (∂g0/∂μ + ∂g0/∂ω): the energy derivative
/// of the local Green's function plus its change with μ, from two more diagonalisations — no sum
/// over k per energy. A field with impurities at a density c per site has the averaged DOS
/// N + c δN to first order in c; an impurity's bound states reach a coherence length or more
/// from it, so in a field a few coherence lengths wide no part of the spectrum is free of them
/// (docs/refinement.md §1).
///
/// Kept on a grid of reduced energies x = ω/Δ0 at one broadening, in states per Δ0 (the unit of
/// `ReducedDOS`), and interpolated linearly.
public struct ImpurityDOS: Sendable {
    /// The impurity strength (meV, at the enlarged gap as the simulator's) and broadening η/Δ0.
    public let v0MeV: Double
    public let broadening: Double
    let start: Double, step: Double
    let values: [Double]

    /// The chemical-potential step of ∂g0/∂μ (meV): the central difference's error goes as its
    /// square (against the lattice sum on a 64 mesh: 0.1–0.25 % of the largest δN at 0.1 meV,
    /// 3–4 % at 0.5, 26–35 % at 2).
    static let potentialStep = 0.1

    /// δN of `state` (its channel, combination and mixing; taken at the enlarged gap) with an
    /// impurity `v0MeV` at reduced energies within ± `reach`, from a `meshSize` k-mesh.
    public init(state: PairingState, material: Material, v0MeV: Double, broadening: Double, reach: Double,
                meshSize: Int = 256) throws {
        var pairing = state
        pairing.deltaMeV = PairingState.enlargedGapMeV
        let delta = PairingState.enlargedGapMeV
        func green(_ shift: Double) throws -> LocalGreen {
            var shifted = material
            shifted.chemicalPotentialMeV += shift
            return LocalGreen(system: try MeshEigensystem(hamiltonian: BdGHamiltonian(normal: NormalState(material: shifted), pairing: pairing),
                                                          size: meshSize))
        }
        let (centre, above, below) = (try green(0), try green(Self.potentialStep), try green(-Self.potentialStep))
        // Steps of a quarter of the broadening, at most 0.005 Δ0; h for ∂/∂ω a tenth of a step.
        let step = min(0.005, broadening / 4), h = step / 10
        let count = Int((2 * reach / step).rounded(.up)) + 1
        var values: [Double] = []
        values.reserveCapacity(count)
        for i in 0..<count {
            let x = -reach + Double(i) * step
            let g0 = centre.matrix(at: x, broadening: broadening)
            guard let t = Matrix4.tMatrix(localGreen: g0, impurity: v0MeV) else { values.append(.nan); continue }
            let (up, down) = (above.matrix(at: x, broadening: broadening), below.matrix(at: x, broadening: broadening))
            let (later, earlier) = (centre.matrix(at: x + h, broadening: broadening), centre.matrix(at: x - h, broadening: broadening))
            // M = −½ (∂g0/∂μ + ∂g0/∂ω), both in 1/meV².
            let (byPotential, byEnergy) = (-0.25 / Self.potentialStep, -0.25 / (h * delta))
            let m = (0..<16).map { (j: Int) -> Complex<Double> in
                let potential: Complex<Double> = (up[j] - down[j]) * Complex(byPotential)
                let energy: Complex<Double> = (later[j] - earlier[j]) * Complex(byEnergy)
                return potential + energy
            }
            var trace = Complex<Double>.zero
            for a in 0..<4 { for b in 0..<4 { trace += t[a * 4 + b] * m[b * 4 + a] } }
            values.append(-trace.imaginary / .pi * delta)
        }
        self.v0MeV = v0MeV
        self.broadening = broadening
        start = -reach
        self.step = step
        self.values = values
    }

    /// δN at each reduced energy `x` (states per Δ0; 0 beyond the grid, NaN where 1 − V g0 is
    /// singular).
    public func dos(at x: [Double]) -> [Double] {
        x.map { x in
            let position = (x - start) / step
            let i = Int(position.rounded(.down))
            guard i >= 0, i + 1 < values.count else { return 0 }
            let f = position - Double(i)
            return values[i] * (1 - f) + values[i + 1] * f
        }
    }
}
