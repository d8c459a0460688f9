import Dispatch
import Foundation
import Formats
import Preprocess
import Testing
import TestSupport
@testable import Model
import QPICore

/// The model bundled with QPIKit, on maps simulated afresh with a seed never used in training.
@Suite struct ShippedModelTests {
    @Test func metadataNamesTheClassesAndTheFrame() throws {
        let model = try PairingClassifier.bundled()
        #expect(model.metadata.classes == ["A1'", "A2'", "E'", "A1''+A2''+E''", "E''(non-unitary)"])
        #expect(model.metadata.frame == .standard && model.metadata.ratios == EnergyAxis.defaultRatios)
        #expect(model.metadata.trainingData.randomization.rashbaMeV == 0 ... 0)
    }

    @Test func classifiesFreshSimulationsCorrectly() throws {
        let model = try PairingClassifier.bundled()
        let recipe = DatasetRecipe(seed: 424_242, count: 60, meshSize: model.metadata.trainingData.meshSize,
                                   material: try Material.nbse2())
        let generator = recipe.generator
        let results = IndexedResults<Result<QMapStack, any Error>>(count: recipe.count)
        DispatchQueue.concurrentPerform(iterations: recipe.count) { index in
            results.set(index, Result { try generator.maps(recipe.example(index)).maps })
        }
        // The network caches activations, so predictions run one after another.
        let correct = try results.values.enumerated().filter { index, maps in
            try model.predict(maps.get()).pairingClass == recipe.example(index).pairingClass.label
        }.count
        #expect(Double(correct) / Double(recipe.count) >= 0.9, "\(correct) of \(recipe.count) right")
    }
}
