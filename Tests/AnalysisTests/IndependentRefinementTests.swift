import Foundation
import Testing
import Analysis
import Model
import Preprocess
import TestSupport

/// The refinement on grids that another implementation of the physics made
/// (../shared/data/independent): χ, Δ0 = 1 meV and η/Δ0 = 0.1 (the truth files' `delta`, `eta`,
/// `mix`) within 2σ, fitted for the true channel as `qpi fit --class --mesh 256 --exact-mesh` would: those grids'
/// spectra are sums over the levels of a 256 mesh (their README), whose sampling error the fit's
/// default 512 mesh does not share — on a1p_chi0.25 it moves χ by 0.004 rad, 2σ of that grid's
/// uncertainty, which holds the noise and the fit's own mesh error but not the data's (a measured
/// spectrum has none). V0 (+200 meV in every grid) from the impurities' own sites within 5 %:
/// their 0.3 a orbitals put a few per cent of the neighbours' LDOS on a site's pixel, which the
/// on-site model lacks (docs/refinement.md §3), so the check is on the value, not on 2σ.
@Suite(.enabled(if: TestSupport.isCI || TestSupport.sharedAvailable(["independent"]), "../shared/data/independent is absent"))
struct IndependentRefinementTests {
    static func refine(_ name: String, channel: PairingChannel, combination: PairingState.Combination? = nil) throws -> Refinement {
        let path = TestSupport.sharedData.appendingPathComponent("independent/\(name).h5").path
        let model = try LoadedModel.load(path: nil)
        let prepared = try PreparedMaps.load(path, request: AnalysisRequest(), model: model.classifier.metadata)
        let (prediction, _) = try model.classify(prepared)
        return try Refiner.refine(try #require(prepared.result), prediction: prediction, channel: channel, meshSize: 256, correctsMesh: false)
    }

    static func expectWithinTwoSigma(_ refinement: Refinement, _ name: String, truth: Double, _ label: String) {
        guard let parameter = refinement.parameters[name] else { Issue.record("\(label): no \(name)"); return }
        let sigma = parameter.uncertainty ?? .infinity
        #expect(abs(SpectrumFit.wrapped(parameter.value - truth)) <= 2 * sigma,
                "\(label): \(name) = \(parameter.value) ± \(sigma), truth \(truth)")
    }

    static func expectV0(_ refinement: Refinement, _ label: String) {
        guard let v0 = refinement.parameters["v0_meV"] else { Issue.record("\(label): V0 not determined: \(refinement.impurity?.note ?? "no impurity")"); return }
        #expect(abs(v0.value - 200) <= 10, "\(label): V0 = \(v0.value) ± \(v0.uncertainty ?? .nan) meV, truth 200")
        #expect(v0.uncertainty != nil)
    }

    /// The impurities' own share of the averaged DOS (docs/refinement.md §2) is in the model of
    /// these grids, whose impurities have a determined V0; without it their χ²/dof were 2.2 and 33,
    /// chiral E′ 71 (with it 0.05, 1.8 and 5.5).
    static func expectImpurityShare(_ refinement: Refinement, chi2PerDofBelow bound: Double, _ label: String) {
        #expect(refinement.spectrum.impurityShare != nil, "\(label): no impurity share")
        #expect(refinement.chi2PerDof < bound, "\(label): χ²/dof \(refinement.chi2PerDof)")
    }

    @Test(arguments: [("a1p_chi0.25", 0.25, 1.0), ("a1p_chi0.6", 0.6, 10)])
    func ising(name: String, chi: Double, chi2PerDofBound: Double) throws {
        let refinement = try Self.refine(name, channel: .a1Prime)
        Self.expectImpurityShare(refinement, chi2PerDofBelow: chi2PerDofBound, name)
        print("\(name): χ = \(refinement.parameters["chi_rad"]!.value) ± \(refinement.parameters["chi_rad"]!.uncertainty ?? .nan)")
        Self.expectWithinTwoSigma(refinement, "chi_rad", truth: chi, name)
        Self.expectWithinTwoSigma(refinement, "delta0_meV", truth: 1, name)
        Self.expectWithinTwoSigma(refinement, "eta_over_delta0", truth: 0.1, name)
        Self.expectV0(refinement, name)
        #expect(refinement.converged)
    }

    @Test(arguments: [("ep_nematic1.0", 0.0, 1.0), ("ep_chiral-1", 1.0, 40)])
    func ePrime(name: String, chiral: Double, chi2PerDofBound: Double) throws {
        let refinement = try Self.refine(name, channel: .ePrime)
        Self.expectImpurityShare(refinement, chi2PerDofBelow: chi2PerDofBound, name)
        Self.expectWithinTwoSigma(refinement, "chi_rad", truth: 0, name)
        Self.expectWithinTwoSigma(refinement, "delta0_meV", truth: 1, name)
        #expect(abs((refinement.parameters["chirality"]?.value ?? .nan) - chiral) < 0.05, "\(name): chirality")
        Self.expectV0(refinement, name)
    }

    /// A2′ (χ = 0.3) with the i-wave normalised to unit maximum (docs/pairing.md): with the
    /// earlier (1/3)-sum normalisation (maximum 1.288) no χ matched this grid (χ²/dof ≈ 550, the
    /// fit at χ = 1.04), because the same state then needed Δ0 = 16 meV where the fit's model has
    /// the enlarged gap's 20; the χ²/dof bound keeps the conventions from drifting apart again.
    @Test func a2Prime() throws {
        let refinement = try Self.refine("a2p_chi0.3", channel: .a2Prime)
        Self.expectWithinTwoSigma(refinement, "chi_rad", truth: 0.3, "a2p_chi0.3")
        Self.expectWithinTwoSigma(refinement, "delta0_meV", truth: 1, "a2p_chi0.3")
        Self.expectWithinTwoSigma(refinement, "eta_over_delta0", truth: 0.1, "a2p_chi0.3")
        #expect(refinement.chi2PerDof < 5, "χ²/dof \(refinement.chi2PerDof)")
        Self.expectV0(refinement, "a2p_chi0.3")
    }
}
