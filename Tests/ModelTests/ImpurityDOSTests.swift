import Foundation
import Testing
@testable import Model

/// The impurity's whole-lattice DOS change (`ImpurityDOS`, from g0's derivatives in energy and
/// chemical potential) against the simulator's own route: the FFT route's δρ(R) of PHYSICS.md §5
/// summed over every site of the same periodic mesh.
@Suite struct ImpurityDOSTests {
    /// A2′ χ = 0.4 at Δ0 = 20 meV, η = 2 meV, from −30 to 30 meV: within 0.5 % of the largest |δN|
    /// (measured 0.10–0.25 %; the μ step's second-order error, 3–4 % at a step five times as
    /// large, is what this bound would catch, as would a wrong sign of either derivative).
    @Test(arguments: [(200.0, 64), (-150, 64), (200, 128)])
    func equalsTheLatticeSumOfTheLDOSChange(v0: Double, size: Int) throws {
        let simulation = try ImpurityFitTests.simulate(v0: v0, size: size)
        let share = try ImpurityDOS(state: ImpurityFitTests.pairing, material: try Material.nbse2(), v0MeV: v0, broadening: 0.1,
                                    reach: 2, meshSize: size)
        // ImpurityDOS is per Δ0 = 20 meV, the lattice sum per meV.
        let computed = share.dos(at: ImpurityFitTests.energies.map { $0 / 20 }).map { $0 / 20 }
        let sums = simulation.latticeLDOS.map { $0.reduce(0, +) }
        let largest = sums.map(abs).max()!
        for (e, omega) in ImpurityFitTests.energies.enumerated() {
            #expect(abs(computed[e] - sums[e]) <= 0.005 * largest, "ω = \(omega) meV: δN \(computed[e]), Σ_R δρ \(sums[e])")
        }
    }
}
