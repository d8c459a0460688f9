import Foundation
import Testing
@testable import Model

/// A2′'s χ in the two i-wave conventions (docs/pairing.md): the conversion names the same state
/// (the triplet-to-singlet ratio of the gap, computed from the lattice harmonics, is unchanged),
/// it is undone by its inverse, and models and data sets made before the i-wave was normalised
/// are read as the bare shell sum, so the shipped network's A2′ χ is reported in the simulator's
/// convention.
@Suite struct IWaveNormalisationTests {
    @Test(arguments: [-1.4, -0.6, 0.05, 0.3, 0.9, 1.5])
    func conversionKeepsTheState(chiShellSum: Double) {
        let chi = IWaveNormalisation.shellSum.mixAngle(chiShellSum, of: .a2Prime, in: .unitMaximum)
        for k in [SIMD2(0.7, 0.2), SIMD2(-1.9, 1.1), SIMD2(2.3, -0.4)] {
            let h = LatticeHarmonics(k: k)
            let bare = h.iWave * LatticeHarmonics.iWaveMaximum        // the (1/3)-sum itself
            let before = sin(chiShellSum) * h.fB / (cos(chiShellSum) * bare)
            let after = sin(chi) * h.fB / (cos(chi) * h.iWave)
            #expect(abs(after - before) <= 1e-12 * max(1, abs(before)))
        }
        #expect(abs(IWaveNormalisation.unitMaximum.mixAngle(chi, of: .a2Prime, in: .shellSum) - chiShellSum) < 1e-14)
        #expect(abs(chi) <= abs(chiShellSum) && chi * chiShellSum > 0)     // |χ| shrinks, sign kept
    }

    @Test func olderRecipesAreTheShellSum() throws {
        var recipe = DatasetRecipe(seed: 1, count: 1, material: try Material.nbse2())
        #expect(recipe.iWaveNormalisation == .unitMaximum)
        recipe.iWave = nil
        let decoded = try JSONDecoder().decode(DatasetRecipe.self, from: try JSONEncoder().encode(recipe))
        #expect(decoded.iWaveNormalisation == .shellSum)
        #expect(try PairingClassifier.bundled().metadata.trainingData.iWaveNormalisation == .shellSum)
    }

    @Test func predictionsReportTheSimulatorsConvention() {
        let regression: [Float] = [0.4, 1, 0, 0]
        let a2 = PairingPrediction.parameters(regression, pairingClass: PairingClass.a2Prime.label, iWave: .shellSum)
        #expect(abs(a2["chi_rad"]! - atan(tan(Double(Float(0.4))) / LatticeHarmonics.iWaveMaximum)) < 1e-12)
        let a1 = PairingPrediction.parameters(regression, pairingClass: PairingClass.a1Prime.label, iWave: .shellSum)
        #expect(a1["chi_rad"] == Double(Float(0.4)))
        let current = PairingPrediction.parameters(regression, pairingClass: PairingClass.a2Prime.label, iWave: .unitMaximum)
        #expect(current["chi_rad"] == Double(Float(0.4)))
    }
}
