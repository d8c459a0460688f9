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

    /// The histogram of `system`'s levels in units of its Δ0.
    public init(system: MeshEigensystem) {
        let delta = system.hamiltonian.pairing.deltaMeV
        let points = system.size * system.size
        let fineCount = Int((2 * Self.fineRange / Self.fineWidth).rounded()) + 1
        var largest = Self.fineRange
        for level in system.energies { largest = max(largest, abs(level) / delta) }
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
        for k in 0..<points {
            let (block, lane) = (k / 4, k % 4)
            for n in 0..<4 {
                let x = system.energies[block * MeshEigensystem.blockEnergies + n * 4 + lane] / delta
                let weight = system.electronWeight(block: block, lane: lane, band: n) / Double(points)
                if abs(x) < Self.fineRange {
                    deposit(x, weight, into: &fine, origin: -Self.fineRange, width: Self.fineWidth)
                } else {
                    deposit(x, weight, into: &coarse, origin: coarseOrigin, width: Self.coarseWidth)
                }
            }
        }
        var centres: [Double] = [], weights: [Double] = []
        for (i, w) in fine.enumerated() where w != 0 { centres.append(-Self.fineRange + Double(i) * Self.fineWidth); weights.append(w) }
        for (i, w) in coarse.enumerated() where w != 0 { centres.append(coarseOrigin + Double(i) * Self.coarseWidth); weights.append(w) }
        self.centres = centres
        self.weights = weights
        meshSize = system.size
    }

    /// N(x) at each reduced energy `x` (E/Δ0) with the reduced broadening `r` (η/Δ0), in states
    /// per Δ0 and site (both spins).
    public func dos(at x: [Double], broadening r: Double) -> [Double] {
        x.map { x in
            var total = 0.0
            for i in centres.indices {
                let d = x - centres[i]
                total += weights[i] / (d * d + r * r)
            }
            return total * r / Double.pi
        }
    }
}
