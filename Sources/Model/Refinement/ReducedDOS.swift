import Foundation

/// The DOS of one pairing state in units of its gap scale Δ0, kept as a histogram of the BdG
/// levels weighted by their electron content, so that it can be broadened and rescaled for every
/// trial of a fit without a new diagonalisation (docs/refinement.md).
///
/// N(x; r) = (1/N²) Σ_{k,n} w_n(k) · (r/π) / ((x − E_n(k)/Δ0)² + r²), x = E/Δ0, r = η/Δ0: the
/// DOS of `MeshEigensystem.dos` in states per Δ0, with each level's weight shared linearly between
/// the two nearest histogram bins (so the histogram moves smoothly with the state's parameters).
public struct ReducedDOS: Sendable {
    /// Bin width near the gap (|x| ≤ `fineRange`) and beyond it, in units of Δ0.
    static let fineWidth = 0.0025, fineRange = 4.0, coarseWidth = 0.1
    /// Bin centres and weights (already divided by N²), fine bins first; empty bins dropped.
    let centres: [Double]
    let weights: [Double]
    /// The mesh the levels came from.
    public let meshSize: Int

    /// The histogram of the levels of `hamiltonian` on a `size` mesh, in units of its Δ0
    /// (`MeshEigensystem.levels`: no eigenvectors kept).
    public init(hamiltonian: BdGHamiltonian, size: Int) throws {
        let delta = hamiltonian.pairing.deltaMeV
        let (levels, electronWeights) = try MeshEigensystem.levels(hamiltonian, size: size)
        let points = size * size
        let fineCount = Int((2 * Self.fineRange / Self.fineWidth).rounded()) + 1
        var largest = Self.fineRange
        for level in levels { largest = max(largest, abs(level) / delta) }
        let coarseCount = Int((2 * largest / Self.coarseWidth).rounded(.up)) + 2
        var fine = [Double](repeating: 0, count: fineCount), coarse = [Double](repeating: 0, count: coarseCount)
        func deposit(_ x: Double, _ weight: Double, into bins: inout [Double], origin: Double, width: Double) {
            let position = (x - origin) / width
            let lower = min(max(Int(position.rounded(.down)), 0), bins.count - 2)
            let upper = position - Double(lower)
            bins[lower] += weight * (1 - upper)
            bins[lower + 1] += weight * upper
        }
        let coarseOrigin = -Double(coarseCount - 1) / 2 * Self.coarseWidth
        for (level, electronWeight) in zip(levels, electronWeights) {
            let (x, weight) = (level / delta, electronWeight / Double(points))
            if abs(x) < Self.fineRange {
                deposit(x, weight, into: &fine, origin: -Self.fineRange, width: Self.fineWidth)
            } else {
                deposit(x, weight, into: &coarse, origin: coarseOrigin, width: Self.coarseWidth)
            }
        }
        var centres: [Double] = [], weights: [Double] = []
        for (i, w) in fine.enumerated() where w != 0 { centres.append(-Self.fineRange + Double(i) * Self.fineWidth); weights.append(w) }
        for (i, w) in coarse.enumerated() where w != 0 { centres.append(coarseOrigin + Double(i) * Self.coarseWidth); weights.append(w) }
        self.centres = centres
        self.weights = weights
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
