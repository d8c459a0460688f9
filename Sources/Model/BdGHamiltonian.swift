import Numerics

/// The 4×4 Bogoliubov–de Gennes Hamiltonian of docs/physics.md §4 in the Nambu basis
/// (c_k↑, c_k↓, c†_−k↑, c†_−k↓): H(k) = [[h(k), Δ(k)], [Δ(k)†, −h(−k)*]].
public struct BdGHamiltonian: Sendable, Equatable {
    public var normal: NormalState
    public var pairing: PairingState

    public init(normal: NormalState, pairing: PairingState) {
        self.normal = normal
        self.pairing = pairing
    }

    /// H(k) written column-major into `out` (16 complex numbers as 32 doubles, re/im
    /// interleaved), the layout LAPACK expects. Allocation-free.
    public func fill(k: SIMD2<Double>, into out: UnsafeMutablePointer<Double>) {
        fill(harmonics: LatticeHarmonics(k: k), amplitudes: pairing.amplitudes, into: out)
    }

    /// H(k) from the harmonics at k (those at −k follow by parity) and the pairing's
    /// precomputed amplitudes, laid out as `fill(k:into:)`.
    func fill(harmonics plus: LatticeHarmonics, amplitudes: PairingState.Amplitudes, into out: UnsafeMutablePointer<Double>) {
        let h = normal.matrix(plus)
        let hm = normal.matrix(plus.negated)
        let delta = pairing.matrix(plus, amplitudes)
        @inline(__always) func set(_ row: Int, _ column: Int, _ value: Complex<Double>) {
            out[2 * (column * 4 + row)] = value.real
            out[2 * (column * 4 + row) + 1] = value.imaginary
        }
        for r in 0..<2 {
            for c in 0..<2 {
                set(r, c, h[r, c])
                set(r, c + 2, delta[r, c])
                set(r + 2, c, delta[c, r].conjugate)          // Δ†
                set(r + 2, c + 2, -hm[r, c].conjugate)        // −h(−k)*
            }
        }
    }

    /// H(k) as a row-major array of 16 complex numbers (for tests and reports).
    public func matrix(k: SIMD2<Double>) -> [Complex<Double>] {
        var raw = [Double](repeating: 0, count: 32)
        raw.withUnsafeMutableBufferPointer { fill(k: k, into: $0.baseAddress!) }
        return (0..<16).map { index in
            let (row, column) = (index / 4, index % 4)
            return Complex(raw[2 * (column * 4 + row)], raw[2 * (column * 4 + row) + 1])
        }
    }
}
