import Foundation
@testable import Preprocess

/// Synthetic atomic-lattice images with known Bragg vectors and displacement fields.
enum SyntheticLattice {
    /// Σ_i cos(Q_i·(r + u(r))) + noise, Q_i in radians per pixel, `u` in pixels.
    static func image(size n: Int, bragg: [SIMD2<Double>], noise: Double = 0, seed: UInt64 = 1,
                      displacement: (Double, Double) -> SIMD2<Double> = { _, _ in .zero }) -> Plane {
        var generator = SplitMix(seed: seed)
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

/// A small deterministic random generator (SplitMix64) with Gaussian samples.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E3779B97F4A7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
        z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
        return z ^ (z >> 31)
    }
    mutating func uniform() -> Double { Double(next() >> 11) / Double(1 << 53) }
    mutating func gaussian() -> Double {
        let u = max(uniform(), 1e-300), v = uniform()
        return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v)
    }
}
