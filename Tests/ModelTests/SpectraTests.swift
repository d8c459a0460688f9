import Foundation
import Testing
@testable import Model

/// Spectral function, DOS and the gap on the Fermi surface against analytic limits.
@Suite struct SpectraTests {
    static func system(_ pairing: PairingState, size: Int = 64) throws -> MeshEigensystem {
        try MeshEigensystem(hamiltonian: BdGHamiltonian(normal: NormalState(material: try Material.nbse2()), pairing: pairing), size: size)
    }

    @Test func spectralFunctionSumsToTheDOS() throws {
        let pairing = PairingState(channel: .ePrime, deltaMeV: 20, mixAngle: 0.3, combination: .chiral(sign: 1))
        let system = try Self.system(pairing)
        let parameters = SimulationParameters(material: try Material.nbse2(), pairing: pairing, energiesMeV: [-15, 3, 22], meshSize: 64)
        let result = try QPISimulator.run(parameters, on: system)
        for (index, omega) in parameters.energiesMeV.enumerated() {
            let spectral = system.spectralFunction(energy: omega, eta: parameters.etaMeV)
            #expect(spectral.allSatisfy { $0 >= 0 })
            let dos = spectral.reduce(0, +) / Double(64 * 64)
            #expect(abs(dos - result.dos[index]) <= 1e-12 * result.dos[index])
        }
    }

    @Test func isingSWaveGapIsUniformOnTheFermiSurface() throws {
        // Singlet s-wave pairs k↑ with −k↓, degenerate under Ising SOC: the gap is exactly Δ0
        // where a band crosses the Fermi level, and only moves by the tolerance nearby.
        let points = try Self.system(PairingState(channel: .a1Prime, deltaMeV: 20), size: 128).gapOnFermiSurface(tolerance: 1)
        #expect(points.count > 50)
        // Within 0.025 meV of Δ0 (measured: 0.017 meV at most at this mesh).
        for point in points { #expect(abs(point.gap - 20) < 0.025) }
    }

    @Test func nodalDWaveHasSmallGapsOnTheFermiSurface() throws {
        let points = try Self.system(PairingState(channel: .ePrime, deltaMeV: 20, combination: .nematic(angle: 0)), size: 128)
            .gapOnFermiSurface(tolerance: 1)
        #expect(points.map(\.gap).min()! < 2)
        #expect(points.map(\.gap).max()! > 10)
    }
}
