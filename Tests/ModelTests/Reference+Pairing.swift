import Foundation
import Numerics
@testable import Model

/// H(k) of docs/physics.md §4 built from the formulas of docs/pairing.md alone (Cartesian
/// harmonics, the gap matrix written out), independent of `BdGHamiltonian` and `LatticeHarmonics`.
extension Reference {
    /// The √7 shell of the i-wave, S+ and S− (docs/pairing.md), in Cartesian units of a.
    static let sevenPlus: [SIMD2<Double>] = [(2, 1), (-3, 2), (1, -3)].map { site($0.0, $0.1) }
    static let sevenMinus: [SIMD2<Double>] = [(-3, 1), (1, 2), (2, -3)].map { site($0.0, $0.1) }

    /// max_k |(1/3)[Σ_{S+} cos − Σ_{S−} cos]|, found here by scanning a fine k-mesh and
    /// refining by Newton steps on the gradient (docs/pairing.md: the i-wave has unit maximum).
    static let iWaveMaximum: Double = {
        func value(_ k: SIMD2<Double>) -> Double {
            (sevenPlus.map { cos(dot(k, $0)) }.reduce(0, +) - sevenMinus.map { cos(dot(k, $0)) }.reduce(0, +)) / 3
        }
        func gradient(_ k: SIMD2<Double>) -> SIMD2<Double> {
            (sevenMinus.map { sin(dot(k, $0)) * $0 }.reduce(.zero, +) - sevenPlus.map { sin(dot(k, $0)) * $0 }.reduce(.zero, +)) / 3
        }
        func hessian(_ k: SIMD2<Double>) -> (Double, Double, Double) {
            var (xx, xy, yy) = (0.0, 0.0, 0.0)
            for (vectors, sign) in [(sevenPlus, -1.0), (sevenMinus, 1.0)] {
                for v in vectors {
                    let c = sign * cos(dot(k, v)) / 3
                    (xx, xy, yy) = (xx + c * v.x * v.x, xy + c * v.x * v.y, yy + c * v.y * v.y)
                }
            }
            return (xx, xy, yy)
        }
        // The reciprocal cell k = (m b1 + n b2)/400, b1 = 2π(1, −1/√3), b2 = 2π(0, 2/√3).
        var best = SIMD2<Double>.zero
        for m in 0..<400 {
            for n in 0..<400 {
                let k = 2 * Double.pi / 400 * SIMD2(Double(m), -Double(m) / r3 + 2 * Double(n) / r3)
                if abs(value(k)) > abs(value(best)) { best = k }
            }
        }
        for _ in 0..<20 {
            let (g, (xx, xy, yy)) = (gradient(best), hessian(best))
            let determinant = xx * yy - xy * xy
            best -= SIMD2(yy * g.x - xy * g.y, xx * g.y - xy * g.x) / determinant
        }
        return abs(value(best))
    }()

    /// (ψ, dx, dy, dz) of `state` at k.
    static func gapComponents(_ state: PairingState, _ k: SIMD2<Double>) -> (C, C, C, C) {
        let c = delta.map { cos(dot(k, $0)) }, s = delta.map { sin(dot(k, $0)) }
        let dA = (2 * c[0] - c[1] - c[2]) / 3, dB = (c[1] - c[2]) / r3
        let pA = (2 * s[0] - s[1] - s[2]) / 3, pB = (s[1] - s[2]) / r3
        let sineSum: Double = s.reduce(0, +)
        let fI = 2 / (3 * r3) * sineSum
        let betaSines: Double = beta.map { sin(dot(k, $0)) }.reduce(0, +)
        let fB = 2 / (3 * r3) * betaSines
        let plus: Double = sevenPlus.map { cos(dot(k, $0)) }.reduce(0, +)
        let minus: Double = sevenMinus.map { cos(dot(k, $0)) }.reduce(0, +)
        let iWave = (plus - minus) / 3 / iWaveMaximum
        let s1 = c.reduce(0, +) / 3
        let (d0, chi) = (state.deltaMeV, state.mixAngle)
        let (c1, c2): (C, C)
        switch state.combination {
        case .nematic(let angle): (c1, c2) = (C(cos(angle)), C(sin(angle)))
        case .chiral(let sign): (c1, c2) = (C(1 / 2.0.squareRoot()), C(0, Double(sign) / 2.0.squareRoot()))
        case .general(let angle, let phase): (c1, c2) = (C(cos(angle)), C(cos(phase), sin(phase)) * C(sin(angle)))
        }
        let zero = C.zero
        switch state.channel {
        case .a1Prime: return (C(d0 * (cos(chi) + state.extendedS * s1)), zero, zero, C(d0 * sin(chi) * fI))
        case .a2Prime: return (C(d0 * cos(chi) * iWave), zero, zero, C(d0 * sin(chi) * fB))
        case .ePrime: return (C(d0 * cos(chi)) * (c1 * C(dA) + c2 * C(dB)), zero, zero, C(d0 * sin(chi)) * (c1 * C(pA) + c2 * C(pB)))
        case .a1DoublePrime: return (zero, C(d0 * pA), C(d0 * pB), zero)
        case .a2DoublePrime: return (zero, C(d0 * pB), C(-d0 * pA), zero)
        case .eDoublePrime: return (zero, C(d0) * (c1 * C(pA) + c2 * C(pB)), C(d0) * (c1 * C(-pB) + c2 * C(pA)), zero)
        }
    }

    /// Δ(k) = [ψ σ0 + d·σ] iσy = [[−dx + i dy, ψ + dz], [−ψ + dz, dx + i dy]], row-major.
    static func gapMatrix(_ state: PairingState, _ k: SIMD2<Double>) -> [C] {
        let (psi, dx, dy, dz) = gapComponents(state, k)
        let i = C(0, 1)
        return [-dx + i * dy, psi + dz, -psi + dz, dx + i * dy]
    }

    /// H(k) = [[h(k), Δ(k)], [Δ(k)†, −h(−k)*]], row-major 4×4.
    static func bdg(_ material: Material, _ state: PairingState, _ k: SIMD2<Double>) -> [C] {
        let h = normal(material, k), hm = normal(material, -k), gap = gapMatrix(state, k)
        var out = [C](repeating: .zero, count: 16)
        for r in 0..<2 {
            for c in 0..<2 {
                out[r * 4 + c] = h[r * 2 + c]
                out[r * 4 + c + 2] = gap[r * 2 + c]
                out[(r + 2) * 4 + c] = gap[c * 2 + r].conjugate
                out[(r + 2) * 4 + c + 2] = -hm[r * 2 + c].conjugate
            }
        }
        return out
    }
}
