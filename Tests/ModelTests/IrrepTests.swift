import Foundation
import Numerics
import Testing
@testable import Model
import QPICore

/// Each channel's gap transforms as its irreducible representation of D3h when k and spin are
/// rotated together: Δ'(k) = U Δ(R⁻¹k) Uᵀ (docs/physics.md §3).
@Suite struct IrrepTests {
    typealias C = Complex<Double>

    /// A D3h operation: its action on in-plane k (2×2) and its spin rotation U (2×2, row-major).
    struct Operation {
        var name: String
        var planar: PlanarMatrix
        var spin: [C]
    }

    /// A real 2×2 matrix acting on in-plane k, rows (a, b) and (c, d).
    struct PlanarMatrix {
        var a, b, c, d: Double
        func inverseApplied(_ k: SIMD2<Double>) -> SIMD2<Double> {
            let det = a * d - b * c
            return SIMD2((d * k.x - b * k.y) / det, (-c * k.x + a * k.y) / det)
        }
    }

    /// exp(−iθ n·σ/2).
    static func spinRotation(axis n: SIMD3<Double>, angle: Double) -> [C] {
        let (c, s) = (cos(angle / 2), sin(angle / 2))
        return [C(c, -s * n.z), C(-s * n.y, -s * n.x), C(s * n.y, -s * n.x), C(c, s * n.z)]
    }

    /// E, C3, C2′ (about y), σh, S3, σv (x → −x): one of each class. C2′ axes lie along y
    /// because the Ising term gI σz must be invariant.
    static let operations: [Operation] = {
        let (c, s) = (cos(2 * Double.pi / 3), sin(2 * Double.pi / 3))
        let c3 = PlanarMatrix(a: c, b: -s, c: s, d: c)
        let z = SIMD3<Double>(0, 0, 1)
        let c3Spin = spinRotation(axis: z, angle: 2 * Double.pi / 3)
        let c2zSpin = spinRotation(axis: z, angle: Double.pi)
        let s3Spin = Reference.multiply(c2zSpin, c3Spin, 2)
        return [
            Operation(name: "E", planar: .init(a: 1, b: 0, c: 0, d: 1), spin: [.one, .zero, .zero, .one]),
            Operation(name: "C3", planar: c3, spin: c3Spin),
            Operation(name: "C2'", planar: .init(a: -1, b: 0, c: 0, d: 1), spin: spinRotation(axis: SIMD3(0, 1, 0), angle: Double.pi)),
            Operation(name: "σh", planar: .init(a: 1, b: 0, c: 0, d: 1), spin: c2zSpin),
            Operation(name: "S3", planar: c3, spin: s3Spin),
            Operation(name: "σv", planar: .init(a: -1, b: 0, c: 0, d: 1), spin: spinRotation(axis: SIMD3(1, 0, 0), angle: Double.pi)),
        ]
    }()

    /// Characters of E, C3, C2′, σh, S3, σv.
    static let characters: [PairingChannel: [Double]] = [
        .a1Prime: [1, 1, 1, 1, 1, 1], .a2Prime: [1, 1, -1, 1, 1, -1], .ePrime: [2, -1, 0, 2, -1, 0],
        .a1DoublePrime: [1, 1, 1, -1, -1, -1], .a2DoublePrime: [1, 1, -1, -1, -1, 1], .eDoublePrime: [2, -1, 0, -2, 1, 0],
    ]

    static func gap(_ state: PairingState, _ k: SIMD2<Double>) -> [C] {
        let m = state.matrix(LatticeHarmonics(k: k))
        return [m.a00, m.a01, m.a10, m.a11]
    }

    static func transformed(_ state: PairingState, _ op: Operation, _ k: SIMD2<Double>) -> [C] {
        let u = op.spin
        let ut = [u[0], u[2], u[1], u[3]]
        return Reference.multiply(Reference.multiply(u, gap(state, op.planar.inverseApplied(k)), 2), ut, 2)
    }

    static let samples: [SIMD2<Double>] = (0..<12).flatMap { m in (0..<12).map { n in LatticeGeometry.meshPoint(m, n, size: 12) + SIMD2(0.013, 0.029) } }
        + (0..<12).flatMap { m in (0..<12).map { n in LatticeGeometry.meshPoint(m, n, size: 12) } }

    static func inner(_ f: (SIMD2<Double>) -> [C], _ g: (SIMD2<Double>) -> [C]) -> C {
        samples.reduce(C.zero) { sum, k in zip(f(k), g(k)).reduce(sum) { $0 + $1.0.conjugate * $1.1 } }
    }

    /// The partners of a channel (one for 1-D irreps), with a mixing angle where allowed.
    static func partners(_ channel: PairingChannel) -> [PairingState] {
        let mix = channel.hasMixing ? 0.4 : 0
        if channel.isTwoDimensional {
            return [0, Double.pi / 2].map { PairingState(channel: channel, deltaMeV: 1, mixAngle: mix, combination: .nematic(angle: $0)) }
        }
        return [PairingState(channel: channel, deltaMeV: 1, mixAngle: mix, extendedS: channel == .a1Prime ? 0.3 : 0)]
    }

    @Test(arguments: PairingChannel.allCases)
    func gapTransformsAsItsIrrep(channel: PairingChannel) {
        let basis = Self.partners(channel)
        for (index, op) in Self.operations.enumerated() {
            // D_ji = ⟨f_j, g f_i⟩ / ⟨f_j, f_j⟩, then check g f_i = Σ_j D_ji f_j pointwise.
            var trace = C.zero
            for (i, fi) in basis.enumerated() {
                let coefficients = basis.map { fj in
                    Self.inner({ Self.gap(fj, $0) }, { Self.transformed(fi, op, $0) }) / Self.inner({ Self.gap(fj, $0) }, { Self.gap(fj, $0) })
                }
                trace = trace + coefficients[i]
                for k in Self.samples.prefix(40) {
                    let lhs = Self.transformed(fi, op, k)
                    var rhs = [C](repeating: .zero, count: 4)
                    for (fj, d) in zip(basis, coefficients) { rhs = zip(rhs, Self.gap(fj, k)).map { $0 + d * $1 } }
                    for (a, b) in zip(lhs, rhs) { #expect((a - b).length < 1e-9, "\(channel) \(op.name) not closed") }
                }
            }
            #expect(abs(trace.real - Self.characters[channel]![index]) < 1e-9 && abs(trace.imaginary) < 1e-9,
                    "\(channel) \(op.name): character \(trace), expected \(Self.characters[channel]![index])")
        }
    }

    @Test func singletEvenTripletOdd() {
        for channel in PairingChannel.allCases {
            let state = PairingState(channel: channel, deltaMeV: 1, mixAngle: 0.5, combination: .chiral(sign: 1))
            for k in Self.samples.prefix(20) {
                let (p1, d1, i1) = state.components(LatticeHarmonics(k: k))
                let (p2, d2, i2) = state.components(LatticeHarmonics(k: -k))
                #expect((p1 - p2).length < 1e-12)
                #expect(((d1 + d2) * (d1 + d2)).sum() < 1e-24 && ((i1 + i2) * (i1 + i2)).sum() < 1e-24)
            }
        }
    }
}
