import Foundation

/// Where the atoms are on a (drift-corrected) image: the Bragg peaks q_i and their phases θ_i in
/// the topograph, T(r) ≈ Σ_i A_i cos(q_i · r + θ_i), so that the atoms sit where every
/// q_i · r + θ_i is a multiple of 2π. Positions are (column, row) in pixels, as the peaks'
/// (qx, qy) in radians per pixel.
public struct AtomLattice: Sendable, Equatable {
    /// The two Bragg vectors used and their phases.
    public var vectors: [SIMD2<Double>]
    public var phases: [Double]

    /// The lattice of `topograph` from its first two Bragg peaks; nil with fewer than two or
    /// when they are parallel.
    public init?(topograph: Plane, peaks: [BraggPeak]) {
        guard peaks.count >= 2 else { return nil }
        let q = peaks.prefix(2).map(\.vector)
        guard abs(q[0].x * q[1].y - q[0].y * q[1].x) > 1e-12 else { return nil }
        vectors = q
        phases = q.map { v in
            var (re, im) = (0.0, 0.0)
            for row in 0..<topograph.rows {
                for column in 0..<topograph.columns {
                    let t = topograph.values[row * topograph.columns + column]
                    let phase = v.x * Double(column) + v.y * Double(row)
                    (re, im) = (re + t * cos(phase), im - t * sin(phase))
                }
            }
            return atan2(im, re)
        }
    }

    /// The atom nearest to `position` (column, row).
    public func nearestAtom(to position: SIMD2<Double>) -> SIMD2<Double> {
        // Lattice coordinates t_i = (q_i · r + θ_i)/2π; the atoms at integer t. The four integer
        // corners around t hold the nearest atom in pixels.
        let t = (0..<2).map { (vectors[$0].x * position.x + vectors[$0].y * position.y + phases[$0]) / (2 * .pi) }
        let determinant = vectors[0].x * vectors[1].y - vectors[0].y * vectors[1].x
        func atom(_ n0: Double, _ n1: Double) -> SIMD2<Double> {
            let (b0, b1) = (2 * .pi * n0 - phases[0], 2 * .pi * n1 - phases[1])
            return SIMD2((b0 * vectors[1].y - b1 * vectors[0].y) / determinant, (vectors[0].x * b1 - vectors[1].x * b0) / determinant)
        }
        var candidates: [SIMD2<Double>] = []
        for n0 in [t[0].rounded(.down), t[0].rounded(.up)] {
            for n1 in [t[1].rounded(.down), t[1].rounded(.up)] { candidates.append(atom(n0, n1)) }
        }
        return candidates.min { distance($0, position) < distance($1, position) }!
    }
}

private func distance(_ a: SIMD2<Double>, _ b: SIMD2<Double>) -> Double { ((a - b) * (a - b)).sum().squareRoot() }
