import Foundation
import QPICore

/// The lattice harmonics of docs/physics.md §3 at one wave vector: real, dimensionless, order one.
public struct LatticeHarmonics: Sendable {
    /// cos(k·δj), sin(k·δj).
    public var c: SIMD3<Double>
    public var s: SIMD3<Double>
    /// Σj sin(k·βj).
    public var betaSineSum: Double
    /// Σj cos(k·βj).
    public var betaCosineSum: Double
    /// Σj cos(2k·δj).
    public var thirdCosineSum: Double
    /// Difference of the cosine sums over the two √7 orbits.
    public var sevenDifference: Double

    /// Evaluates every harmonic at `k` (Cartesian, units of 1/a). Allocation-free.
    public init(k: SIMD2<Double>) {
        typealias G = LatticeGeometry
        @inline(__always) func phase(_ v: G.Vector) -> Double { (k * v.cartesian).sum() }
        let d = SIMD3(phase(G.delta[0]), phase(G.delta[1]), phase(G.delta[2]))
        c = SIMD3(cos(d[0]), cos(d[1]), cos(d[2]))
        s = SIMD3(sin(d[0]), sin(d[1]), sin(d[2]))
        let b = SIMD3(phase(G.beta[0]), phase(G.beta[1]), phase(G.beta[2]))
        betaSineSum = sin(b[0]) + sin(b[1]) + sin(b[2])
        betaCosineSum = cos(b[0]) + cos(b[1]) + cos(b[2])
        thirdCosineSum = cos(2 * d[0]) + cos(2 * d[1]) + cos(2 * d[2])
        var seven = 0.0
        for index in 0..<3 {
            seven += cos(phase(G.sevenPlus[index])) - cos(phase(G.sevenMinus[index]))
        }
        sevenDifference = seven
    }

    /// Evaluates every harmonic at the mesh point k(m, n) = (m b1 + n b2)/N from a table of
    /// cos(2πt/N) and sin(2πt/N): on the mesh k·R(i, j) = 2π(mi + nj)/N exactly, so no
    /// trigonometric call is needed (equal to `init(k:)` to rounding; tested). Allocation-free.
    @inline(__always)
    init(m: Int, n: Int, table: MeshPhaseTable) {
        typealias G = LatticeGeometry
        @inline(__always) func index(_ v: G.Vector) -> Int { table.index(m * v.i + n * v.j) }
        let d = (index(G.delta[0]), index(G.delta[1]), index(G.delta[2]))
        c = SIMD3(table.cosine[d.0], table.cosine[d.1], table.cosine[d.2])
        s = SIMD3(table.sine[d.0], table.sine[d.1], table.sine[d.2])
        betaSineSum = 0
        betaCosineSum = 0
        thirdCosineSum = 0
        var seven = 0.0
        for j in 0..<3 {
            let b = index(G.beta[j])
            betaSineSum += table.sine[b]
            betaCosineSum += table.cosine[b]
            thirdCosineSum += table.cosine[index(G.third[j])]
            seven += table.cosine[index(G.sevenPlus[j])] - table.cosine[index(G.sevenMinus[j])]
        }
        sevenDifference = seven
    }

    /// The harmonics at −k: the cosines are even, the sines odd.
    var negated: LatticeHarmonics {
        var h = self
        h.s = -s
        h.betaSineSum = -betaSineSum
        return h
    }

    static let rootThree = 3.0.squareRoot()

    /// s1 = (1/3) Σ cos(k·δj), extended s-wave.
    public var s1: Double { c.sum() / 3 }
    /// dA = (1/3)[2cos(k·δ1) − cos(k·δ2) − cos(k·δ3)] (x² − y²-like).
    public var dA: Double { (2 * c[0] - c[1] - c[2]) / 3 }
    /// dB = (1/√3)[cos(k·δ2) − cos(k·δ3)] (xy-like).
    public var dB: Double { (c[1] - c[2]) / Self.rootThree }
    /// pA = (1/3)[2sin(k·δ1) − sin(k·δ2) − sin(k·δ3)] (x-like).
    public var pA: Double { (2 * s[0] - s[1] - s[2]) / 3 }
    /// pB = (1/√3)[sin(k·δ2) − sin(k·δ3)] (y-like).
    public var pB: Double { (s[1] - s[2]) / Self.rootThree }
    /// Ising form factor gI = (2/(3√3)) Σ sin(k·δj), gI(K) = −1; also the f-wave fI.
    public var gI: Double { 2 / (3 * Self.rootThree) * s.sum() }
    /// The other f-wave orientation fB = (2/(3√3)) Σ sin(k·βj).
    public var fB: Double { 2 / (3 * Self.rootThree) * betaSineSum }
    /// Lattice Rashba form factor (gx, gy) = (2/3) Σ sin(k·δj) δj.
    public var rashba: SIMD2<Double> {
        // δ1 = (1, 0), δ2 = (−1/2, √3/2), δ3 = (−1/2, −√3/2).
        let gx = s[0] - (s[1] + s[2]) / 2
        let gy = (s[1] - s[2]) * Self.rootThree / 2
        return 2 / 3 * SIMD2(gx, gy)
    }
    /// i-wave (A2) singlet harmonic (1/3)[Σ_{√7+} cos − Σ_{√7−} cos] / M, normalised to
    /// max_k |i-wave| = 1 as gI and fB are (docs/pairing.md).
    public var iWave: Double { sevenDifference / (3 * Self.iWaveMaximum) }
    /// M = max_k |(1/3)[Σ_{√7+} cos − Σ_{√7−} cos]| over the Brillouin zone (a stationary point
    /// solved to 30 digits; the 256 mesh reaches 1.28744).
    static let iWaveMaximum = 1.287975155039879
}
