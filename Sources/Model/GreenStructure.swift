/// Which components of the Nambu Green's function G_ab(k, ω) an energy of the T-matrix
/// simulation has to transform (docs/physics.md §5).
///
/// δρ(R) needs G_sa(R) and G_bs(−R) for the electron spins s = ↑, ↓ (Nambu indices 0, 1) and
/// every a, b that couple to s. In general that is 12 of the 16 components. Without Rashba
/// coupling and with d(k) ∥ ẑ (A1′, A2′, E′) S_z is conserved: H(k), G and the T-matrix of a
/// scalar impurity are block-diagonal in (e↑, h↓) ⊕ (e↓, h↑) — indices {0, 3} and {1, 2} — and 6
/// components suffice, half the Fourier transforms and half the contraction.
public enum GreenStructure: Sendable, Equatable {
    /// Every component that couples to an electron spin (12 transforms).
    case general
    /// S_z conserved: the blocks {0, 3} and {1, 2} (6 transforms).
    case spinConserving

    /// The structure of `hamiltonian`: spin-conserving when the normal state has no Rashba
    /// coupling and the channel's d-vector is along ẑ (the channels with singlet–triplet mixing).
    public init(_ hamiltonian: BdGHamiltonian) {
        let conserving = hamiltonian.normal.material.rashbaMeV == 0 && hamiltonian.pairing.channel.hasMixing
        self = conserving ? .spinConserving : .general
    }

    /// The Nambu indices coupled to electron spin s (0 = ↑, 1 = ↓), s first.
    public func partners(ofSpin s: Int) -> [Int] {
        switch self {
        case .general: return [0, 1, 2, 3]
        case .spinConserving: return s == 0 ? [0, 3] : [1, 2]
        }
    }

    /// The components (a, b) transformed, in FFT-slot order: rows s and columns s of every
    /// electron spin within its partners.
    public var slots: [(Int, Int)] {
        switch self {
        case .general:
            return [(0, 0), (0, 1), (0, 2), (0, 3), (1, 0), (1, 1), (1, 2), (1, 3), (2, 0), (2, 1), (3, 0), (3, 1)]
        case .spinConserving:
            return [(0, 0), (0, 3), (1, 1), (1, 2), (2, 1), (3, 0)]
        }
    }

}
