import Foundation
import Formats
import Preprocess
import Testing
import TestSupport
@testable import Model
import QPICore

/// A short training run on a task with a known answer: the loss must fall, the network must
/// learn it, and a resumed run must continue exactly where a checkpoint left it.
@Suite struct TrainingRunTests {
    /// Class 0: a horizontal stripe, class 1: a vertical one, class 2: a spot, at random places,
    /// with noise; the regression target is the feature's position.
    static func toyData(count: Int, seed: UInt64) throws -> LabelledMaps {
        var random = SeededRandom(seed: seed)
        let n = 12, r = RegressionTarget.allCases.count
        var data = LabelledMaps(inputs: [], classes: ["stripe", "column", "spot"], labels: [], targets: [], masks: [], cases: [], inputShape: [1, n, n],
                                recipe: DatasetRecipe(seed: 0, count: count, material: try Material.nbse2(), frame: QFrame(halfWidth: 1, pixels: n)))
        for _ in 0..<count {
            let label = Int(random.next() % 3), position = Int(random.next() % UInt64(n))
            var image = (0 ..< n * n).map { _ in Float(0.3 * random.gaussian()) }
            for i in 0..<n {
                switch label {
                case 0: image[position * n + i] += 1
                case 1: image[i * n + position] += 1
                default: if i < 3 { image[(position / 2 + i) * n + n / 2] += 1.5 }
                }
            }
            data.inputs += image
            data.labels.append(label)
            var target = [Float](repeating: 0, count: r), mask = target
            target[0] = Float(position) / Float(n); mask[0] = 1
            data.targets += target
            data.masks += mask
        }
        return data
    }

    static let spec = NetworkSpec(inputShape: [1, 12, 12], layers: [
        .convolution(outputs: 8, kernel: 3), .groupNorm(groups: 2), .relu, .maxPool,
        .flatten, .dense(outputs: 16), .relu, .dense(outputs: 3 + RegressionTarget.allCases.count),
    ])

    @Test func lossFallsAndTheTaskIsLearnt() throws {
        var options = TrainingOptions()
        options.epochs = 6
        options.batchSize = 16
        options.learningRate = 5e-3
        options.epochs = 20
        options.patience = 20
        let trainer = try Trainer(data: try Self.toyData(count: 480, seed: 1), spec: Self.spec, options: options)
        var records: [EpochRecord] = []
        let model = try trainer.train(checkpoint: nil, epochDone: { records.append($0) })
        #expect(records.count == 20)
        #expect(records.last!.trainingLoss < 0.2 * records.first!.trainingLoss)
        #expect(records.last!.validationAccuracy > 0.85)
        #expect(model.metadata.temperature > 0.1 && model.metadata.temperature < 10)
    }

    @Test func resumedTrainingEqualsAnUninterruptedOne() throws {
        let data = try Self.toyData(count: 96, seed: 2)
        var options = TrainingOptions()
        options.epochs = 3
        options.batchSize = 16
        let checkpoint = TestSupport.scratch().appendingPathComponent("run.checkpoint").path
        let straight = try Trainer(data: data, spec: Self.spec, options: options).train(checkpoint: nil)
        // Two epochs, "interrupted", then the same command again resumes from the checkpoint.
        _ = try Trainer(data: data, spec: Self.spec, options: options).train(checkpoint: checkpoint, epochLimit: 2)
        let continued = try Trainer(data: data, spec: Self.spec, options: options).train(checkpoint: checkpoint)
        #expect(continued.metadata.training.epochsRun == 3)
        #expect(continued.metadata.training.history.map(\.trainingLoss) == straight.metadata.training.history.map(\.trainingLoss))
        for (name, tensor) in straight.network.weights {
            #expect(continued.network.weights[name]?.values.map(\.bitPattern) == tensor.values.map(\.bitPattern))
        }
        // The checkpoint remembers its data: other examples are refused.
        let otherData = try Self.toyData(count: 97, seed: 3)
        #expect(throws: ModelError.mismatchedFile(path: checkpoint, reason: "checkpoint was made with other training data; delete it to start afresh")) {
            try Trainer(data: otherData, spec: Self.spec, options: options).train(checkpoint: checkpoint)
        }
        // The checkpoint remembers its options: a different batch size is refused.
        var other = options
        other.batchSize = 8
        #expect(throws: ModelError.mismatchedFile(path: checkpoint, reason: "checkpoint was made with other training options or another network")) {
            try Trainer(data: data, spec: Self.spec, options: other).train(checkpoint: checkpoint)
        }
    }
}
