import Foundation
import Testing
import Analysis
import Formats
import Model
import Preprocess
import QPICore
import TestSupport

/// The gap-sensitivity screening: the maps at the gap × 0.85 and × 1.15 are those a preprocessing
/// with that gap given makes, the three calls are pooled (mean logit), and a class that changes
/// between them is flagged.
@Suite struct GapSensitivityTests {
    /// A prediction as `summary.json` writes it.
    static func prediction(_ label: String, _ probabilities: [String: Double], chi: Double? = nil) throws -> PairingPrediction {
        let p = probabilities.map { "\"\($0.key)\": \($0.value)" }.joined(separator: ", ")
        let parameters = chi.map { #""chi_rad": {"value": \#($0)}"# } ?? ""
        return try JSONDecoder().decode(PairingPrediction.self, from: Data(
            #"{"channel": "\#(label)", "probabilities": {\#(p)}, "parameters": {\#(parameters)}}"#.utf8))
    }

    /// Bit for bit the maps of a preprocessing run with Δ = estimate × factor given.
    @Test func variantsAreTheMapsAtTheScaledGap() throws {
        let sample = AnalysisLibraryTests.sample
        let model = try LoadedModel.load(path: nil).classifier.metadata
        let prepared = try PreparedMaps.load(sample, request: AnalysisRequest(), model: model)
        let gap = try #require(prepared.result?.gap.delta)
        #expect(prepared.gapVariants.map(\.factor) == PreparedMaps.gapFactors)
        for (factor, stack) in prepared.gapVariants {
            var options = PreprocessingOptions()
            options.ratios = model.ratios
            options.frame = model.frame
            options.delta = gap * factor
            let direct = try Preprocessor.run(try DataFormat.read(path: sample), options: options)
            #expect(stack.maps == direct.maps.maps, "×\(factor)")
            #expect(stack.ratios == model.ratios && stack.gap?.delta == gap * factor)
        }
    }

    /// The pool is the softmax of the mean logit: calls made from logits at one temperature.
    @Test func poolingAveragesTheLogits() throws {
        let temperature = 0.8
        let logits: [[Double]] = [[2.0, -1.0, 0.5], [0.3, 1.2, -0.4], [-3.0, 0.0, 40.0]]
        func softmax(_ z: [Double]) -> [String: Double] {
            let e = z.map { exp($0 / temperature) }, total = e.reduce(0, +)
            return Dictionary(uniqueKeysWithValues: zip(["a", "b", "c"], e.map { $0 / total }))
        }
        let mean = (0..<3).map { k in logits.reduce(0) { $0 + $1[k] } / 3 }
        let pooled = Screening.logarithmicPool(logits.map(softmax))
        for (label, value) in softmax(mean) { #expect(abs(pooled[label]! - value) < 1e-12, "\(label)") }
    }

    @Test func aStableClassKeepsItsParameters() throws {
        var screening = Screening(QMapStack(maps: [], frame: .standard, ratios: []))
        let nominal = try Self.prediction("A1'", ["A1'": 0.9, "E'": 0.1], chi: 0.3)
        let out = screening.poolGapVariants(nominal, variants: [try Self.prediction("A1'", ["A1'": 0.7, "E'": 0.3]),
                                                                try Self.prediction("A1'", ["A1'": 0.8, "E'": 0.2])], factors: [0.85, 1.15])
        let (a, e) = (pow(0.9 * 0.7 * 0.8, 1.0 / 3), pow(0.1 * 0.3 * 0.2, 1.0 / 3))
        #expect(out.pairingClass == "A1'" && out.parameters == nominal.parameters)
        #expect(abs(out.probabilities["A1'"]! - a / (a + e)) < 1e-12)
        #expect(screening.gapVariantClasses == ["0.85": "A1'", "1.15": "A1'"])
        #expect(screening.gapVariantProbabilities?["1.15"] == ["A1'": 0.8, "E'": 0.2])
        #expect(!screening.warnings.contains { $0.contains("energy unit") })
        // Unequal peaks on the two sides no longer warn once the class held at ± 15 %.
        var unequal = Screening(QMapStack(maps: [], frame: .standard, ratios: [], gap: GapEstimate(delta: 1, method: .coherencePeaks, peaks: [-1.2, 0.8])))
        #expect(unequal.warnings.contains { $0.hasPrefix("unstable gap estimate") })
        _ = unequal.poolGapVariants(nominal, variants: [nominal, nominal], factors: [0.85, 1.15])
        #expect(!unequal.warnings.contains { $0.hasPrefix("unstable gap estimate") })
    }

    @Test func aClassThatMovesIsPooledAndFlagged() throws {
        var screening = Screening(QMapStack(maps: [], frame: .standard, ratios: []))
        let nominal = try Self.prediction("A1'", ["A1'": 0.6, "E'": 0.4], chi: 0.3)
        let variants = [try Self.prediction("E'", ["A1'": 0.3, "E'": 0.7], chi: -0.2), try Self.prediction("E'", ["A1'": 0.2, "E'": 0.8], chi: 0.5)]
        let out = screening.poolGapVariants(nominal, variants: variants, factors: [0.85, 1.15])
        #expect(out.pairingClass == "E'")
        let (a, e) = (pow(0.6 * 0.3 * 0.2, 1.0 / 3), pow(0.4 * 0.7 * 0.8, 1.0 / 3))
        #expect(abs(out.probabilities["E'"]! - e / (a + e)) < 1e-12 && abs(out.probabilities["A1'"]! - a / (a + e)) < 1e-12)
        #expect(out.parameters["chi_rad"]?.value == -0.2)   // the first variant that called E′
        #expect(screening.gapVariantClasses == ["0.85": "E'", "1.15": "E'"])
        #expect(screening.warnings.contains { $0.contains("depends on the energy unit") })
    }
}
