import Foundation

/// cos(2πt/N) and sin(2πt/N) for every phase index t = mi + nj that a lattice vector R(i, j)
/// with |i| + |j| ≤ `span` reaches on an N × N k-mesh, since k(m, n)·R(i, j) = 2π(mi + nj)/N
/// (docs/physics.md §3). Indexed directly, without a modulo, for |t| ≤ span·N. Built once per
/// mesh size.
struct MeshPhaseTable: Sendable {
    /// The longest lattice vector the harmonics use, in |i| + |j| (the √7 shell has 5).
    static let span = 6
    let size: Int
    private let offset: Int
    let cosine: [Double]
    let sine: [Double]

    init(size: Int) {
        self.size = size
        offset = Self.span * size
        let step = 2 * Double.pi / Double(size)
        // Reduced to 0 ..< N before the call, so that equal phases give bit-equal values.
        let reduced = (-offset ... offset).map { (($0 % size) + size) % size }
        cosine = reduced.map { cos(step * Double($0)) }
        sine = reduced.map { sin(step * Double($0)) }
    }

    /// The table position of phase index t (|t| ≤ span·N).
    @inline(__always)
    func index(_ t: Int) -> Int { t + offset }
}
