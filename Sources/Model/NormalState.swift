import Numerics

/// The normal-state Hamiltonian of docs/physics.md §2 in spin space (basis ↑, ↓), energies in meV:
/// h(k) = ξ(k) σ0 + λI gI(k) σz + αR [gx(k) σy − gy(k) σx].
public struct NormalState: Sendable, Equatable {
    public var material: Material

    public init(material: Material) { self.material = material }

    /// ξ(k) = −μ + Σ_s 2 t_s Σ_{v in shell s} cos(k·v).
    public func dispersion(_ h: LatticeHarmonics) -> Double {
        let t = material.hoppingsMeV
        @inline(__always) func hopping(_ shell: Int) -> Double { shell < t.count ? t[shell] : 0 }
        return -material.chemicalPotentialMeV
            + 2 * (hopping(0) * h.c.sum() + hopping(1) * h.betaCosineSum + hopping(2) * h.thirdCosineSum)
    }

    /// h(k) as a 2×2 matrix.
    public func matrix(_ h: LatticeHarmonics) -> Matrix2 {
        let xi = dispersion(h)
        let ising = material.isingMeV * h.gI
        let g = material.rashbaMeV * h.rashba
        // gx σy − gy σx = [[0, −gy − i gx], [−gy + i gx, 0]]
        return Matrix2(Complex(xi + ising), Complex(-g.y, -g.x), Complex(-g.y, g.x), Complex(xi - ising))
    }

    /// The two normal-state band energies ξ ± √((λI gI)² + αR² |g|²).
    public func bands(_ h: LatticeHarmonics) -> (Double, Double) {
        let xi = dispersion(h)
        let split = ((material.isingMeV * h.gI) * (material.isingMeV * h.gI)
                     + material.rashbaMeV * material.rashbaMeV * (h.rashba * h.rashba).sum()).squareRoot()
        return (xi - split, xi + split)
    }
}
