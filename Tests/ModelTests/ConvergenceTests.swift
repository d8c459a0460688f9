import Foundation
import Testing
@testable import Model

/// Mesh convergence and the reference numbers measured for docs/physics.md §5–6 with the defaults.
@Suite struct ConvergenceTests {
    static func ldos(size: Int) throws -> [Double] {
        let parameters = SimulationParameters(material: try Material.nbse2(),
                                              pairing: PairingState(channel: .a1Prime, deltaMeV: 20, mixAngle: 0.3),
                                              energiesMeV: [12], meshSize: size)
        return try QPISimulator.run(parameters).latticeLDOS[0]
    }

    /// δρ(R) at the sites within 20 lattice constants of the impurity.
    static func nearImpurity(_ values: [Double], size n: Int) -> [Double] {
        var out: [Double] = []
        for i in -20...20 { for j in -20...20 {
            let (x, y) = (Double(i) + Double(j) / 2, Double(j) * 3.0.squareRoot() / 2)
            guard x * x + y * y <= 400 else { continue }
            out.append(values[((i + n) % n) * n + (j + n) % n])
        } }
        return out
    }

    static func relative(_ a: [Double], _ b: [Double]) -> Double {
        (zip(a, b).map { ($0 - $1) * ($0 - $1) }.reduce(0, +) / b.map { $0 * $0 }.reduce(0, +)).squareRoot()
    }

    @Test func convergesAsThePhysicsContractMeasured() throws {
        let reference = Self.nearImpurity(try Self.ldos(size: 512), size: 512)
        let coarse = Self.relative(Self.nearImpurity(try Self.ldos(size: 128), size: 128), reference)
        let fine = Self.relative(Self.nearImpurity(try Self.ldos(size: 256), size: 256), reference)
        print("mesh convergence near the impurity: N=128 \(coarse), N=256 \(fine) (relative to N=512)")
        #expect(coarse > 0.05 && coarse < 0.08)   // docs/physics.md: ≈ 6 % (measured 6.3 %)
        #expect(fine > 0.001 && fine < 0.004)     // docs/physics.md: ≈ 0.2 % (measured 0.21 %)
    }

    static func dos(_ state: PairingState, energies: [Double], size: Int = 256) throws -> [Double] {
        let parameters = SimulationParameters(material: try Material.nbse2(), pairing: state, energiesMeV: energies, meshSize: size)
        return try QPISimulator.run(parameters).dos
    }

    @Test func coherencePeakOfConventionalIsingPairing() throws {
        let energies = stride(from: 10.0, through: 34, by: 0.5).map { $0 }
        let dos = try Self.dos(PairingState(channel: .a1Prime, deltaMeV: 20), energies: energies)
        let peak = energies[dos.indices.max { dos[$0] < dos[$1] }!]
        print("A1′ coherence peak at \(peak) meV")
        #expect(abs(peak - 21) <= 0.5)   // docs/physics.md §6: 21 meV (one step of this energy grid)
    }

    /// Ising SOC depairs the in-plane (equal-spin) triplets: partners k↑ and −k↑ are split by
    /// 2λI|gI(k)|, so only the Γ pocket near gI ≈ 0 keeps a gap. Without λI the same p-wave gaps
    /// the whole Fermi surface. (docs/physics.md §6: N(0)/N_normal = 0.70 at η = 2 meV, mesh 256.)
    @Test func isingCouplingDepairsInPlaneTriplets() throws {
        func ratio(ising: Double) throws -> Double {
            var material = try Material.nbse2()
            material.isingMeV = ising
            func dos(_ delta: Double) throws -> Double {
                let parameters = SimulationParameters(material: material, pairing: PairingState(channel: .a1DoublePrime, deltaMeV: delta),
                                                      energiesMeV: [0], meshSize: 256)
                return try QPISimulator.run(parameters).dos[0]
            }
            return try dos(20) / dos(0)
        }
        let withIsing = try ratio(ising: 75), without = try ratio(ising: 0)
        print("A1″ N(0)/N_normal = \(withIsing) with λI = 75 meV, \(without) with λI = 0")
        #expect(abs(withIsing - 0.70) < 0.03)   // docs/physics.md §6: 0.70 (an earlier contract's 0.9 fails here)
        #expect(without > 0.1 && without < 0.2)
    }
}
