import Foundation
import Formats
import Testing
import TestSupport
@testable import Model

/// `Evaluation` and `qpi evaluate --record`: the scores agree with the classifier's predictions
/// taken one by one, and recorded errors come back with every prediction.
@Suite(.serialized) struct EvaluationTests {
    /// A small labelled set in the shipped model's frame (coarse mesh: only consistency matters).
    static func dataset(_ folder: URL, count: Int) throws -> String {
        let path = folder.appendingPathComponent("set.h5").path
        let recipe = DatasetRecipe(seed: 77, count: count, meshSize: 24, material: try Material.nbse2())
        try TrainingDataset.generate(recipe, indices: 0 ..< count, to: path)
        return path
    }

    @Test func scoresAgreeWithPredictionsOneByOne() throws {
        let model = try PairingClassifier.bundled()
        let data = try LabelledMaps.load([try Self.dataset(TestSupport.scratch(), count: 30)])
        let evaluation = Evaluation.run(model, on: data, batch: 7)
        var confusion = [[Int]](repeating: [Int](repeating: 0, count: 5), count: 5)
        for i in 0 ..< data.count {
            let predicted = model.metadata.classes.firstIndex(of: model.predict(data.inputs([i]))[0].pairingClass)!
            confusion[data.labels[i]][predicted] += 1
        }
        #expect(evaluation.confusion == confusion)
        #expect(evaluation.accuracy == Double((0..<5).reduce(0) { $0 + confusion[$1][$1] }) / 30)
        // χ per class: counts from the targets' masks, errors that average to the overall one.
        let r = RegressionTarget.allCases.count
        var total = 0.0
        for (c, label) in model.metadata.classes.enumerated() {
            let withChi = (0 ..< data.count).filter { data.labels[$0] == c && data.masks[$0 * r] > 0 }.count
            #expect(evaluation.perClassParameters[label]?["chi_rad"]?.count ?? 0 == withChi, "\(label)")
            total += Double(withChi) * (evaluation.perClassParameters[label]?["chi_rad"]?.meanAbsoluteError ?? 0)
        }
        let overall = try #require(evaluation.parameters["chi_rad"])
        #expect(abs(total / Double(overall.count) - overall.meanAbsoluteError!) < 1e-12)
    }

    /// Nematic angles are directors (φ ≡ φ + π); a measured frame fixes them only modulo π/3.
    @Test func angleErrorsWrapAtTheirPeriod() {
        let pairs = [(0.1, 0.1 + Double.pi / 3), (3.1, 0.05), (0.5, 0.4)]
        let expectedHalfTurn = (Double.pi / 3 + (Double.pi - 3.05) + 0.1) / 3
        let expectedSixth = (0 + (Double.pi - 3.05) + 0.1) / 3   // 3.05 = 3 · π/3 − 0.0916
        #expect(abs(Evaluation.angleScore(pairs).meanAbsoluteError! - expectedHalfTurn) < 1e-12)
        #expect(abs(Evaluation.angleScore(pairs, period: Double.pi / 3).meanAbsoluteError! - expectedSixth) < 1e-12)
    }

    @Test func recordedErrorsTravelWithTheModelAndItsPredictions() throws {
        let folder = TestSupport.scratch()
        let data = try Self.dataset(folder, count: 16)
        let model = folder.appendingPathComponent("model.safetensors").path
        try FileManager.default.copyItem(atPath: try PairingClassifier.bundledPath(), toPath: model)
        #expect(TestSupport.qpi(["evaluate", data, "--out", folder.appendingPathComponent("x").path, "--record"]).status != 0)

        let out = folder.appendingPathComponent("eval").path
        let run = TestSupport.qpi(["evaluate", data, "--model", model, "--out", out, "--record"])
        #expect(run.status == 0, "\(run.output)")
        let evaluation = try JSONDecoder().decode(Evaluation.self, from: Data(contentsOf: URL(fileURLWithPath: out + "/evaluation.json")))
        let recorded = try PairingClassifier.load(path: model), bundled = try PairingClassifier.bundled()
        #expect(recorded.metadata.testErrors == evaluation.typicalErrors && !evaluation.typicalErrors.isEmpty)
        #expect(recorded.metadata.testSet == "16 maps, seed 77, reciprocal route")
        #expect(recorded.network.weights == bundled.network.weights)

        let maps = try LabelledMaps.load([data])
        for prediction in recorded.predict(maps.inputs(Array(0 ..< maps.count))) {
            for (name, estimate) in prediction.parameters {
                #expect(estimate.typicalError == recorded.metadata.testErrors?[prediction.pairingClass]?[name])
            }
        }
    }
}
