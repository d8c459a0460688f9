import Foundation
import Numerics
@testable import Model
import QPICore

/// An independent, deliberately plain implementation of docs/physics.md §§2, 4, 5 for cross-checks:
/// Cartesian vectors instead of integer mesh phases, explicit k-sums instead of FFTs, direct
/// matrix inversion instead of eigendecomposition.
enum Reference {
    typealias C = Complex<Double>

    static let r3 = 3.0.squareRoot()
    static let delta: [SIMD2<Double>] = [SIMD2(1, 0), SIMD2(-0.5, r3 / 2), SIMD2(-0.5, -r3 / 2)]
    static let beta: [SIMD2<Double>] = [delta[0] - delta[2], delta[1] - delta[0], delta[2] - delta[1]]

    static func dot(_ a: SIMD2<Double>, _ b: SIMD2<Double>) -> Double { (a * b).sum() }

    /// h(k) of docs/physics.md §2, row-major 2×2.
    static func normal(_ m: Material, _ k: SIMD2<Double>) -> [C] {
        let t = m.hoppingsMeV + [0, 0, 0]
        var xi = -m.chemicalPotentialMeV
        for j in 0..<3 {
            xi += 2 * t[0] * cos(dot(k, delta[j])) + 2 * t[1] * cos(dot(k, beta[j])) + 2 * t[2] * cos(2 * dot(k, delta[j]))
        }
        let gI = 2 / (3 * r3) * delta.map { sin(dot(k, $0)) }.reduce(0, +)
        var g = SIMD2<Double>(0, 0)
        for d in delta { g += (2.0 / 3.0) * sin(dot(k, d)) * d }
        let a = m.rashbaMeV
        // αR (gx σy − gy σx)
        return [C(xi + m.isingMeV * gI), C(-a * g.y, -a * g.x), C(-a * g.y, a * g.x), C(xi - m.isingMeV * gI)]
    }

    /// Inverse of a square complex matrix (row-major) by Gaussian elimination with pivoting.
    static func inverse(_ m: [C], _ n: Int) -> [C] {
        var a = m, inv = (0..<(n * n)).map { $0 / n == $0 % n ? C.one : C.zero }
        for col in 0..<n {
            let p = (col..<n).max { a[$0 * n + col].length < a[$1 * n + col].length }!
            for c in 0..<n { a.swapAt(p * n + c, col * n + c); inv.swapAt(p * n + c, col * n + c) }
            let s = C.one / a[col * n + col]
            for c in 0..<n { a[col * n + c] = a[col * n + c] * s; inv[col * n + c] = inv[col * n + c] * s }
            for r in 0..<n where r != col {
                let f = a[r * n + col]
                for c in 0..<n { a[r * n + c] = a[r * n + c] - f * a[col * n + c]; inv[r * n + c] = inv[r * n + c] - f * inv[col * n + c] }
            }
        }
        return inv
    }

    static func multiply(_ a: [C], _ b: [C], _ n: Int) -> [C] {
        (0..<(n * n)).map { i in (0..<n).reduce(C.zero) { $0 + a[(i / n) * n + $1] * b[$1 * n + i % n] } }
    }

    /// Cartesian lattice vector R = i a1 + j a2.
    static func site(_ i: Int, _ j: Int) -> SIMD2<Double> { SIMD2(Double(i) + Double(j) / 2, Double(j) * r3 / 2) }

    /// δρ(R) at the given sites by explicit double k-sums, for a Green's function `green(k)`
    /// (dim × dim, electron block = first two indices) and impurity potential diag `v`.
    static func ldos(size n: Int, omega: Double, eta: Double, v: [Double], dim: Int,
                     sites: [(Int, Int)], green: (SIMD2<Double>) -> [C]) -> [Double] {
        var ks: [SIMD2<Double>] = []
        var gs: [[C]] = []
        for m in 0..<n {
            for q in 0..<n {
                let k = (Double(m) * LatticeGeometry.b1 + Double(q) * LatticeGeometry.b2) / Double(n)
                ks.append(k)
                gs.append(green(k))
            }
        }
        let norm = 1 / Double(n * n)
        var g0 = [C](repeating: .zero, count: dim * dim)
        for g in gs { for i in 0..<(dim * dim) { g0[i] = g0[i] + g[i] } }
        g0 = g0.map { $0 * C(norm) }
        let oneMinusVg = (0..<(dim * dim)).map { (($0 / dim == $0 % dim) ? C.one : C.zero) - C(v[$0 / dim]) * g0[$0] }
        let inv = inverse(oneMinusVg, dim)
        let t = (0..<(dim * dim)).map { inv[$0] * C(v[$0 % dim]) }
        return sites.map { (i, j) in
            let r = site(i, j)
            var plus = [C](repeating: .zero, count: dim * dim), minus = plus
            for (k, g) in zip(ks, gs) {
                let e = C(cos(dot(k, r)), sin(dot(k, r)))
                for x in 0..<(dim * dim) { plus[x] = plus[x] + e * g[x]; minus[x] = minus[x] + e.conjugate * g[x] }
            }
            plus = plus.map { $0 * C(norm) }
            minus = minus.map { $0 * C(norm) }
            let product = multiply(multiply(plus, t, dim), minus, dim)
            return -(product[0].imaginary + product[dim + 1].imaginary) / Double.pi
        }
    }
}
