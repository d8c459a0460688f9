import Foundation
import Testing
import TestSupport
@testable import Model

/// The impurity fit's local Green's function against the simulator's own routes (the DOS from
/// the eigensystem, δρ on the impurity's site from the FFT route of PHYSICS.md §5), and V0 fitted
/// back from site spectra made by the simulator (docs/refinement.md §3).
@Suite struct ImpurityFitTests {
    static let pairing = PairingState(channel: .a2Prime, deltaMeV: 20, mixAngle: 0.4)
    static let energies = [-30.0, -22, -16, -10, -4, 0, 4, 10, 16, 22, 30]

    /// The simulation of `pairing` at `energies` (meV, at Δ0 = 20 meV) with impurity `v0` on a
    /// `size` mesh, η = 2 meV.
    static func simulate(v0: Double, size: Int, system: MeshEigensystem? = nil) throws -> QPISimulation {
        let parameters = SimulationParameters(material: try Material.nbse2(), pairing: pairing, etaMeV: 2, impurityMeV: v0,
                                              energiesMeV: energies, meshSize: size)
        return try system.map { try QPISimulator.run(parameters, on: $0) } ?? QPISimulator.run(parameters)
    }

    @Test func densityAndSiteChangeEqualTheSimulators() throws {
        let size = 64
        let system = try MeshEigensystem(hamiltonian: BdGHamiltonian(normal: NormalState(material: try Material.nbse2()), pairing: Self.pairing),
                                         size: size)
        let green = LocalGreen(system: system)
        for v0 in [200.0, -150] {
            let simulation = try Self.simulate(v0: v0, size: size, system: system)
            for (e, omega) in Self.energies.enumerated() {
                let g0 = green.matrix(at: omega / 20, broadening: 0.1)
                let density = LocalGreen.density(g0), change = try #require(LocalGreen.siteChange(g0, impurity: v0))
                // The histogram's bins (0.0025 Δ0) against the exact levels: well under 1e-3 of N.
                #expect(abs(density - simulation.dos[e]) <= 1e-3 * simulation.dos[e], "N at \(omega) meV")
                #expect(abs(change - simulation.latticeLDOS[e][0]) <= 1e-3 * simulation.dos[e], "δρ(0) at \(omega) meV, V0 = \(v0)")
            }
        }
    }

    /// Site spectra α (N + δρ(0)) + β0 + β1 E from the simulator (the eigensystem's DOS and the
    /// FFT route's δρ), at a sample gap of 1.2 meV: V0 and its sign come back.
    @Test(arguments: [150.0, -250])
    func fitsV0Back(v0: Double) throws {
        let simulation = try Self.simulate(v0: v0, size: 128)
        let delta0 = 1.2
        let sample = Self.energies.map { $0 / 20 * delta0 }
        let candidates = [(1.0, 0.1), (0.7, -0.05), (1.3, 0.2)].map { (alpha, beta) in
            [zip(simulation.dos, simulation.latticeLDOS.map { $0[0] }).enumerated().map { e, pair in
                alpha * (pair.0 + pair.1) * 1e3 + beta + 0.02 * sample[e]
            }]
        }
        let fit = try #require(try ImpurityFit.run(candidates: candidates, energiesMeV: sample, state: Self.pairing,
                                                  material: try Material.nbse2(), delta0MeV: delta0, broadening: 0.1, meshSize: 128))
        print("V0 \(v0): fitted \(fit.v0MeV) ± \(fit.uncertainty ?? .nan), explained \(fit.explainedFraction)")
        #expect(abs(fit.v0MeV - v0) <= 0.01 * abs(v0))
        #expect(fit.explainedFraction > 0.99)
        #expect(fit.isDetermined)
    }
}
