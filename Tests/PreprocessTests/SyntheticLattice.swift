import Foundation
@testable import Preprocess
import QPICore

/// Synthetic atomic-lattice images with known Bragg vectors and displacement fields.
enum SyntheticLattice {
    /// Σ_i cos(Q_i·(r + u(r))) + noise, Q_i in radians per pixel, `u` in pixels.
    static func image(size n: Int, bragg: [SIMD2<Double>], noise: Double = 0, seed: UInt64 = 1,
                      displacement: (Double, Double) -> SIMD2<Double> = { _, _ in .zero }) -> Plane {
        var generator = SeededRandom(seed: seed)
        var plane = Plane(rows: n, columns: n)
        for r in 0..<n {
            for c in 0..<n {
                let position = SIMD2(Double(c), Double(r)) + displacement(Double(c), Double(r))
                var v = bragg.reduce(0.0) { $0 + cos(($1 * position).sum()) }
                if noise > 0 { v += noise * generator.gaussian() }
                plane[r, c] = v
            }
        }
        return plane
    }

    /// Hexagonal Bragg vectors of a lattice with constant `a` pixels, the first at `angle`.
    static func hexagonal(a: Double, angle: Double) -> [SIMD2<Double>] {
        let length = 4 * Double.pi / (3.0.squareRoot() * a)
        return (0..<3).map { i in
            let t = angle + Double(i) * Double.pi / 3
            return length * SIMD2(cos(t), sin(t))
        }
    }
}
