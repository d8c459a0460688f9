import Foundation

extension MeshEigensystem {
    /// The electron spectral function A(k, ω) = −(1/π) Im Tr_e G0(k, ω + iη) at every mesh point,
    /// `[m * N + n]`, in states/meV (both spins): its constant-energy contours are what QPI
    /// connects. Summed over the mesh and divided by N² it is the DOS N(ω).
    public func spectralFunction(energy omega: Double, eta: Double) -> [Double] {
        (0 ..< size * size).map { k in
            let (block, lane) = (k / 4, k % 4)
            var total = 0.0
            for n in 0..<4 {
                let x = omega - energies[block * Self.blockEnergies + n * 4 + lane]
                let imaginary = -eta / (x * x + eta * eta)
                // |U_0n|² + |U_1n|²: the electron weight of band n.
                var weight = 0.0
                for a in 0..<2 {
                    for part in 0..<2 {
                        let u = vectors[block * Self.blockVectors + Self.vectorOffset(row: a, band: n, part: part) + lane]
                        weight += u * u
                    }
                }
                total += weight * imaginary
            }
            return -total / Double.pi
        }
    }

    /// The superconducting gap on the normal-state Fermi surface: at every mesh point where one
    /// of the two normal-state bands lies within `tolerance` meV of the Fermi level, the smallest
    /// BdG excitation energy min_n |E_n(k)|. Returns the mesh indices and the gaps in meV.
    public func gapOnFermiSurface(tolerance: Double) -> [(m: Int, n: Int, gap: Double)] {
        let normal = hamiltonian.normal
        let gaps = quasiparticleGap
        var out: [(Int, Int, Double)] = []
        for m in 0..<size {
            for n in 0..<size {
                let (lower, upper) = normal.bands(LatticeHarmonics(k: LatticeGeometry.meshPoint(m, n, size: size)))
                if abs(lower) <= tolerance || abs(upper) <= tolerance { out.append((m, n, gaps[m * size + n])) }
            }
        }
        return out
    }
}
