import Foundation

/// The DOS of one pairing state in units of its gap scale Δ0, kept as a histogram of the BdG
/// levels weighted by their electron content, so that it can be broadened and rescaled for every
/// trial of a fit without a new diagonalisation (docs/refinement.md).
///
/// N(x; r) = (1/N²) Σ_{k,n} w_n(k) · (r/π) / ((x − E_n(k)/Δ0)² + r²), x = E/Δ0, r = η/Δ0: the
/// DOS of `MeshEigensystem.dos` in states per Δ0, with each level's weight shared linearly between
/// the two nearest histogram bins (so the histogram moves smoothly with the state's parameters).
public struct ReducedDOS: Sendable {
    /// Bin centres and weights (already divided by N²), fine bins first; empty bins dropped.
    let centres: [Double]
    let weights: [Double]
    /// The mesh the levels came from.
    public let meshSize: Int

    /// The histogram of the levels of `hamiltonian` on a `size` mesh, in units of its Δ0
    /// (`MeshEigensystem.levelHistogram`: neither eigenvectors nor levels kept).
    public init(hamiltonian: BdGHamiltonian, size: Int) throws {
        (centres, weights) = try MeshEigensystem.levelHistogram(hamiltonian, size: size).nonEmpty
        meshSize = size
    }

    /// N(x) at each reduced energy `x` (E/Δ0) with the reduced broadening `r` (η/Δ0), in states
    /// per Δ0 and site (both spins). Eight bins per step (this sum is most of a fit's time).
    public func dos(at x: [Double], broadening r: Double) -> [Double] {
        let lanes = 8
        let (r2, count) = (r * r, centres.count)
        guard count > 0 else { return x.map { _ in 0 } }
        return centres.withUnsafeBufferPointer { c in
            weights.withUnsafeBufferPointer { w in
                let (cs, ws) = (UnsafeRawPointer(c.baseAddress!), UnsafeRawPointer(w.baseAddress!))
                return x.map { x in
                    var sum = SIMD8<Double>(repeating: 0)
                    let (xs, rs) = (SIMD8<Double>(repeating: x), SIMD8<Double>(repeating: r2))
                    var i = 0
                    while i + lanes <= count {
                        let stride = i * MemoryLayout<Double>.stride
                        let d = xs - cs.loadUnaligned(fromByteOffset: stride, as: SIMD8<Double>.self)
                        sum += ws.loadUnaligned(fromByteOffset: stride, as: SIMD8<Double>.self) / (d * d + rs)
                        i += lanes
                    }
                    var total = sum.sum()
                    for j in i..<count {
                        let d = x - c[j]
                        total += w[j] / (d * d + r2)
                    }
                    return total * r / Double.pi
                }
            }
        }
    }
}
