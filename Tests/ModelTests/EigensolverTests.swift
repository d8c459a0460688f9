import Foundation
import Numerics
import Testing
@testable import Model
import QPICore

/// The mesh eigensystem's SIMD Jacobi eigensolver against LAPACK's zheev (an independent
/// implementation), and the table-driven lattice harmonics against direct trigonometry.
@Suite struct EigensolverTests {
    static let pairings: [PairingState] = [
        PairingState(channel: .a1Prime, deltaMeV: 20, mixAngle: 0.4, extendedS: 0.2),
        PairingState(channel: .a2Prime, deltaMeV: 20, mixAngle: -0.7),
        PairingState(channel: .ePrime, deltaMeV: 20, mixAngle: 0.3, combination: .nematic(angle: 0.5)),
        PairingState(channel: .ePrime, deltaMeV: 1, mixAngle: 1.2, combination: .chiral(sign: -1)),
        PairingState(channel: .a1DoublePrime, deltaMeV: 20),
        PairingState(channel: .a2DoublePrime, deltaMeV: 20),
        PairingState(channel: .eDoublePrime, deltaMeV: 20, combination: .general(angle: 0.3, phase: 1.1)),
    ]

    /// H(k) at mesh point k as a row-major complex matrix, and LAPACK's ascending eigenvalues.
    static func lapack(_ hamiltonian: BdGHamiltonian, k: SIMD2<Double>) -> [Double] {
        var matrix = [Double](repeating: 0, count: 32), values = [Double](repeating: 0, count: 4)
        let ok = matrix.withUnsafeMutableBufferPointer { a in
            values.withUnsafeMutableBufferPointer { w in
                hamiltonian.fill(k: k, into: a.baseAddress!)
                return HermitianEigensolver4().solve(a.baseAddress!, values: w.baseAddress!)
            }
        }
        #expect(ok)
        return values
    }

    /// At every point of a 32 mesh (Γ, M and K included, where bands are degenerate), for every
    /// channel: eigenvalues equal LAPACK's, U diag(E) U† = H and U†U = 1, all to 1e-12 ‖H‖.
    @Test(arguments: pairings)
    func jacobiMatchesLAPACK(_ pairing: PairingState) throws {
        let size = 32
        let hamiltonian = BdGHamiltonian(normal: NormalState(material: try Material.nbse2()), pairing: pairing)
        let system = try MeshEigensystem(hamiltonian: hamiltonian, size: size)
        var worst = (values: 0.0, reconstruction: 0.0, orthonormality: 0.0)
        for k in 0 ..< size * size {
            let point = LatticeGeometry.meshPoint(k / size, k % size, size: size)
            let h = hamiltonian.matrix(k: point)
            let scale = max(1, h.map(\.length).max()!)
            let (block, lane) = (k / 4, k % 4)
            let values = (0..<4).map { system.energies[block * MeshEigensystem.blockEnergies + $0 * 4 + lane] }
            func u(_ a: Int, _ n: Int) -> Complex<Double> {
                let base = block * MeshEigensystem.blockVectors + lane
                return Complex(system.vectors[base + MeshEigensystem.vectorOffset(row: a, band: n, part: 0)],
                               system.vectors[base + MeshEigensystem.vectorOffset(row: a, band: n, part: 1)])
            }
            let reference = Self.lapack(hamiltonian, k: point)
            for (ours, theirs) in zip(values.sorted(), reference) {
                worst.values = max(worst.values, abs(ours - theirs) / scale)
            }
            for r in 0..<4 {
                for c in 0..<4 {
                    var rebuilt = Complex<Double>.zero, overlap = Complex<Double>.zero
                    for n in 0..<4 {
                        rebuilt += u(r, n) * Complex(values[n]) * u(c, n).conjugate
                        overlap += u(n, r).conjugate * u(n, c)
                    }
                    worst.reconstruction = max(worst.reconstruction, (rebuilt - h[r * 4 + c]).length / scale)
                    worst.orthonormality = max(worst.orthonormality, (overlap - (r == c ? .one : .zero)).length)
                }
            }
        }
        #expect(worst.values <= 1e-12, "eigenvalues differ from LAPACK by \(worst.values) ‖H‖")
        #expect(worst.reconstruction <= 1e-12, "U E U† − H = \(worst.reconstruction) ‖H‖")
        #expect(worst.orthonormality <= 1e-12, "U†U − 1 = \(worst.orthonormality)")
    }

    /// Exact degeneracies, a diagonal matrix (no rotation needed), zero and a NaN lane.
    @Test func jacobiEdgeCases() {
        typealias J = HermitianJacobi4
        var a = [SIMD4<Double>](repeating: .zero, count: 32), v = a
        // Lane 0: diag(3, −1, 3, 2) with nothing off the diagonal.
        for (r, value) in [3.0, -1, 3, 2].enumerated() { a[J.re(r, r)][0] = value }
        // Lane 1: 2·(projector on (1, i, 0, 1)/√3) + 5·1: eigenvalues 7 once and 5 three times.
        let x: [Complex<Double>] = [.one, .i, .zero, .one]
        for r in 0..<4 {
            for c in 0..<4 {
                let element = Complex(2.0 / 3) * x[r] * x[c].conjugate + (r == c ? Complex(5.0) : .zero)
                a[J.re(r, c)][1] = element.real
                a[J.im(r, c)][1] = element.imaginary
            }
        }
        // Lane 2 stays zero; lane 3 holds a NaN.
        a[J.re(0, 1)][3] = .nan
        a[J.re(1, 0)][3] = .nan
        let pending = a.withUnsafeMutableBufferPointer { a in
            v.withUnsafeMutableBufferPointer { v in J.diagonalise(a.baseAddress!, vectors: v.baseAddress!) }
        }
        #expect(!pending[0] && !pending[1] && !pending[2])
        #expect(pending[3], "a NaN lane must be reported, not returned as diagonal")
        let eigenvalues = { (lane: Int) in (0..<4).map { a[J.re($0, $0)][lane] }.sorted() }
        #expect(eigenvalues(0) == [-1, 2, 3, 3])
        #expect(zip(eigenvalues(1), [5.0, 5, 5, 7]).allSatisfy { abs($0 - $1) <= 1e-14 })
        #expect(eigenvalues(2) == [0, 0, 0, 0])
        for r in 0..<4 {
            for c in 0..<4 { #expect(v[J.re(r, c)][0] == (r == c ? 1 : 0) && v[J.im(r, c)][0] == 0) }
        }
    }

    /// The harmonics read from the phase table equal direct trigonometry at every point of
    /// meshes of several sizes.
    @Test func tableHarmonicsMatchTrigonometry() {
        for size in [6, 30, 64] {
            let table = MeshPhaseTable(size: size)
            for m in 0..<size {
                for n in 0..<size {
                    let direct = LatticeHarmonics(k: LatticeGeometry.meshPoint(m, n, size: size))
                    let tabled = LatticeHarmonics(m: m, n: n, table: table)
                    let differences = [
                        largest(direct.c - tabled.c), largest(direct.s - tabled.s),
                        abs(direct.betaSineSum - tabled.betaSineSum), abs(direct.betaCosineSum - tabled.betaCosineSum),
                        abs(direct.thirdCosineSum - tabled.thirdCosineSum), abs(direct.sevenDifference - tabled.sevenDifference),
                    ]
                    #expect(differences.max()! <= 1e-12, "mesh \(size) point (\(m), \(n))")
                }
            }
        }
    }
}

/// max |x_i|.
private func largest(_ x: SIMD3<Double>) -> Double { max(abs(x.x), abs(x.y), abs(x.z)) }
