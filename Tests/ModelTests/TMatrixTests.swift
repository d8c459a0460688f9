import Foundation
import Numerics
import Testing
import TestSupport
@testable import Model
import QPICore

/// The FFT route against explicit sums over an H(k) built from the formulas alone, the normal-state
/// limit against an independent normal-state T-matrix (docs/physics.md §5), and the whole chain
/// against the numpy implementation in Benchmarks/.
@Suite struct TMatrixTests {
    static func material(rashba: Double = 0) throws -> Material {
        var m = try Material.nbse2()
        m.rashbaMeV = rashba
        return m
    }

    static let sites = [(0, 0), (1, 0), (0, 1), (2, -1), (3, 2), (-2, 5), (7, 7)]

    static func fromFFT(_ result: QPISimulation, energy: Int, size n: Int) -> [Double] {
        let layer = result.latticeLDOS[energy]
        return sites.map { (i, j) in layer[((i % n + n) % n) * n + (j % n + n) % n] }
    }

    /// With Rashba coupling every channel takes the general route (12 components); without it
    /// A1′, A2′ and E′ take the spin-conserving one (6 components, `GreenStructure`).
    @Test(arguments: [PairingChannel.a1Prime, .a2Prime, .ePrime, .eDoublePrime], [0.0, 15.0])
    func fftRouteEqualsExplicitDoubleSum(channel: PairingChannel, rashba: Double) throws {
        let n = 12
        let pairing = PairingState(channel: channel, deltaMeV: 20, mixAngle: 0.3,
                                   combination: channel == .eDoublePrime ? .chiral(sign: 1) : .nematic(angle: 0.4))
        let parameters = SimulationParameters(material: try Self.material(rashba: rashba), pairing: pairing,
                                              etaMeV: 2, impurityMeV: 200, energiesMeV: [6, 25], meshSize: n)
        let result = try QPISimulator.run(parameters)
        for (e, omega) in parameters.energiesMeV.enumerated() {
            let z = Complex(omega, parameters.etaMeV)
            let expected = Reference.ldos(size: n, omega: omega, eta: 2, v: [200, 200, -200, -200], dim: 4, sites: Self.sites) { k in
                let h = Reference.bdg(parameters.material, pairing, k)
                return Reference.inverse((0..<16).map { ($0 / 4 == $0 % 4 ? z : .zero) - h[$0] }, 4)
            }
            let got = Self.fromFFT(result, energy: e, size: n)
            let scale = expected.map(abs).max()!
            #expect(scale > 1e-6)
            for (a, b) in zip(got, expected) { #expect(abs(a - b) <= 1e-10 * scale, "\(a) vs \(b)") }
        }
    }

    /// The spin-conserving route is chosen exactly when H(k), built from the formulas alone, has
    /// no element outside the blocks (e↑, h↓) and (e↓, h↑) at any k.
    @Test(arguments: [PairingChannel.a1Prime, .a2Prime, .ePrime, .a1DoublePrime, .a2DoublePrime, .eDoublePrime], [0.0, 15.0])
    func spinConservingRouteMatchesTheHamiltonian(channel: PairingChannel, rashba: Double) throws {
        let material = try Self.material(rashba: rashba)
        let pairing = PairingState(channel: channel, deltaMeV: 20, mixAngle: 0.3,
                                   combination: channel.isTwoDimensional ? .chiral(sign: 1) : .nematic(angle: 0))
        let offBlock = [(0, 1), (0, 2), (1, 0), (1, 3), (2, 0), (2, 3), (3, 1), (3, 2)]
        var largest = 0.0
        for k in [SIMD2(0.3, -1.1), SIMD2(1.7, 0.4), SIMD2(2.0, 2.5), SIMD2(-0.9, 3.1)] {
            let h = Reference.bdg(material, pairing, k)
            for (a, b) in offBlock { largest = max(largest, h[4 * a + b].length) }
        }
        let structure = GreenStructure(BdGHamiltonian(normal: NormalState(material: material), pairing: pairing))
        #expect((structure == .spinConserving) == (largest == 0), "largest off-block element \(largest) meV")
    }

    /// Both routes give the same maps where S_z is conserved: the blocks of H(k) from the formulas
    /// and the eigensystem from the Jacobi diagonalisation. N = 30 has an odd number of 4-point
    /// blocks (the spin-conserving route's last block fills only half of its 8 lanes).
    @Test(arguments: [48, 30]) func spinConservingRouteEqualsGeneralRoute(size: Int) throws {
        let pairing = PairingState(channel: .ePrime, deltaMeV: 20, mixAngle: -0.7, combination: .chiral(sign: -1))
        let hamiltonian = BdGHamiltonian(normal: NormalState(material: try Self.material()), pairing: pairing)
        #expect(GreenStructure(hamiltonian) == .spinConserving)
        let blocks = EnergyWorker<Double>(source: .spinBlocks(SpinBlocks(hamiltonian: hamiltonian, size: size)))
        let general = EnergyWorker<Double>(source: .eigensystem(try MeshEigensystem(hamiltonian: hamiltonian, size: size)))
        for omega in [3.0, 17.0, 26.0] {
            let a = try blocks.compute(energy: omega, eta: 2, impurity: 150)
            let b = try general.compute(energy: omega, eta: 2, impurity: 150)
            let scale = b.latticeLDOS.map(abs).max()!
            #expect(zip(a.latticeLDOS, b.latticeLDOS).allSatisfy { abs($0 - $1) <= 1e-12 * scale })
            #expect(zip(a.qpi, b.qpi).allSatisfy { abs($0 - $1) <= 1e-12 * b.qpi.max()! })
            #expect(abs(a.dos - b.dos) <= 1e-13 * abs(b.dos))
        }
    }

    @Test func normalStateLimitEqualsIndependentNormalTMatrix() throws {
        let n = 16
        let material = try Self.material(rashba: 20)
        let parameters = SimulationParameters(material: material, pairing: PairingState(channel: .a1Prime, deltaMeV: 0),
                                              etaMeV: 3, impurityMeV: -150, energiesMeV: [-40, 0, 35], meshSize: n)
        let result = try QPISimulator.run(parameters)
        for (e, omega) in parameters.energiesMeV.enumerated() {
            let z = Complex(omega, 3)
            let expected = Reference.ldos(size: n, omega: omega, eta: 3, v: [-150, -150], dim: 2, sites: Self.sites) { k in
                let h = Reference.normal(material, k)
                return Reference.inverse([z - h[0], -h[1], -h[2], z - h[3]], 2)
            }
            let got = Self.fromFFT(result, energy: e, size: n)
            let scale = expected.map(abs).max()!
            for (a, b) in zip(got, expected) { #expect(abs(a - b) <= 1e-10 * scale, "\(a) vs \(b)") }
            // Normal-state DOS from the independent local Green's function.
            var local = Complex<Double>.zero
            for m in 0..<n { for q in 0..<n {
                let k = LatticeGeometry.meshPoint(m, q, size: n)
                let h = Reference.normal(material, k)
                let g = Reference.inverse([z - h[0], -h[1], -h[2], z - h[3]], 2)
                local = local + g[0] + g[3]
            } }
            let dos = -local.imaginary / Double(n * n) / Double.pi
            #expect(abs(result.dos[e] - dos) <= 1e-12 * abs(dos))
        }
    }

    @Test func normalHamiltonianMatchesTheFormulas() throws {
        let material = try Self.material(rashba: 12)
        let normal = NormalState(material: material)
        for k in [SIMD2(0.3, -1.1), SIMD2(4 * Double.pi / 3, 0), SIMD2(2.0, 2.5)] {
            let ours = normal.matrix(LatticeHarmonics(k: k))
            let theirs = Reference.normal(material, k)
            for (index, value) in [ours.a00, ours.a01, ours.a10, ours.a11].enumerated() {
                #expect((value - theirs[index]).length < 1e-12)
            }
        }
        // gI(K) = −1 and gI(K') = +1 (docs/physics.md §2).
        #expect(abs(LatticeHarmonics(k: SIMD2(4 * Double.pi / 3, 0)).gI + 1) < 1e-12)
        #expect(abs(LatticeHarmonics(k: SIMD2(-4 * Double.pi / 3, 0)).gI - 1) < 1e-12)
    }

    /// Every channel's H(k), with every partner combination, equals the one written out from the
    /// formulas of docs/pairing.md (with Rashba coupling, at generic and high-symmetry k).
    @Test func bdgHamiltonianMatchesTheFormulas() throws {
        let material = try Self.material(rashba: 12)
        let combinations: [PairingState.Combination] = [.nematic(angle: 0.7), .chiral(sign: -1), .general(angle: 0.4, phase: 1.1)]
        for channel in PairingChannel.allCases {
            for combination in combinations {
                let state = PairingState(channel: channel, deltaMeV: 17, mixAngle: 0.35, combination: combination, extendedS: 0.2)
                let ours = BdGHamiltonian(normal: NormalState(material: material), pairing: state)
                for k in [SIMD2(0.3, -1.1), SIMD2(4 * Double.pi / 3, 0), SIMD2(2.0, 2.5), SIMD2(-0.7, 0.2)] {
                    let theirs = Reference.bdg(material, state, k)
                    for (a, b) in zip(ours.matrix(k: k), theirs) {
                        #expect((a - b).length < 1e-12, "\(channel) \(combination) at \(k): \(a) vs \(b)")
                    }
                }
            }
        }
    }

    /// The lattice LDOS change of the numpy implementation (Benchmarks/numpy_tmatrix.py: A1′,
    /// Δ0 = 20 meV, χ = 0.3, η = 2 meV, V0 = 200 meV) on every site of a 16 × 16 mesh.
    @Test func agreesWithTheNumpyImplementation() throws {
        guard TestSupport.pythonHas(["numpy"]) else { return }
        let n = 16, energies = [6.0, 25.0]
        let script = """
            import json, sys
            sys.path.insert(0, sys.argv[1])
            import numpy as np, numpy_tmatrix as t
            E, U = np.linalg.eigh(t.hamiltonians(\(n), 20.0, 0.3))
            print(json.dumps([t.ldos(E, U, w, 2.0, 200.0).tolist() for w in \(energies)]))
            """
        let benchmarks = TestSupport.root.appendingPathComponent("Benchmarks").path
        let (status, output) = try #require(TestSupport.run(TestSupport.python, ["-c", script, benchmarks]))
        try #require(status == 0, "\(output)")
        let numpy = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [[[Double]]])
        let parameters = SimulationParameters(material: try Self.material(), pairing: PairingState(channel: .a1Prime, deltaMeV: 20, mixAngle: 0.3),
                                              etaMeV: 2, impurityMeV: 200, energiesMeV: energies, meshSize: n)
        let result = try QPISimulator.run(parameters)
        for e in energies.indices {
            let expected = numpy[e].flatMap { $0 }
            let scale = expected.map(abs).max()!
            #expect(scale > 1e-6)
            for (a, b) in zip(result.latticeLDOS[e], expected) { #expect(abs(a - b) <= 1e-10 * scale, "\(a) vs \(b)") }
        }
    }
}

extension EnergyWorker {
    /// One energy into new arrays: δρ(R), |δρ(q)| and N(ω) (`compute(energy:eta:impurity:ldos:qpi:)`).
    func compute(energy omega: Double, eta: Double, impurity v0: Double) throws -> (latticeLDOS: [Double], qpi: [Double], dos: Double) {
        var (ldos, qpi) = ([Double](repeating: 0, count: size * size), [Double](repeating: 0, count: size * size))
        let dos = try ldos.withUnsafeMutableBufferPointer { ldos in
            try qpi.withUnsafeMutableBufferPointer { qpi in
                try compute(energy: omega, eta: eta, impurity: v0, ldos: ldos.baseAddress!, qpi: qpi.baseAddress!)
            }
        }
        return (ldos, qpi, dos)
    }
}
