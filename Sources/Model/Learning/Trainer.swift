import Foundation
import Formats
import Preprocess
import QPICore

/// Trains a pairing classifier on `LabelledMaps`: AdamW with a cosine learning-rate schedule,
/// a validation split, early stopping on the validation loss (the best weights are kept),
/// temperature calibration on the validation set, and a checkpoint after every epoch from which
/// an interrupted run resumes exactly.
public final class Trainer {
    public let options: TrainingOptions
    public let data: LabelledMaps
    public let network: Network
    let optimizer: AdamW
    let loss: MultiTaskLoss
    /// Shuffled example indices, split into training and validation.
    public let trainingIndices: [Int]
    public let validationIndices: [Int]

    /// A trainer for a new network with `spec`, started from `initialWeights` when given (fine-tuning
    /// a trained model on new data) or from He-initialised weights drawn from `options.seed`.
    public init(data: LabelledMaps, spec: NetworkSpec, options: TrainingOptions,
                initialWeights: [String: Safetensors.Tensor]? = nil) throws {
        self.options = options
        self.data = data
        network = try Network(spec: spec, seed: options.seed)
        if let initialWeights { try network.load(initialWeights) }
        optimizer = AdamW(learningRate: Float(options.learningRate), weightDecay: Float(options.weightDecay))
        loss = MultiTaskLoss(classes: data.classes.count, regressions: RegressionTarget.allCases.count,
                             regressionWeight: Float(options.regressionWeight))
        var random = SeededRandom(seed: options.seed &+ 0x5EED)
        let order = Self.shuffled(Array(0 ..< data.count), &random)
        let validation = max(1, Int(Double(data.count) * options.validationFraction))
        validationIndices = Array(order.prefix(validation))
        trainingIndices = Array(order.dropFirst(validation))
    }

    static func shuffled(_ values: [Int], _ random: inout SeededRandom) -> [Int] {
        var out = values
        for i in stride(from: out.count - 1, to: 0, by: -1) { out.swapAt(i, Int(random.next() % UInt64(i + 1))) }
        return out
    }

    /// Progress of a run, reported after every batch.
    public struct Progress: Sendable {
        public var epoch: Int
        public var batch: Int
        public var batches: Int
        public var runningLoss: Double
    }

    /// Trains up to `options.epochs` (at most `epochLimit` more in this call), checkpointing to
    /// `checkpoint` after each epoch (resuming from it when it exists), and returns the calibrated
    /// model with the best validation loss.
    public func train(checkpoint: String?, epochLimit: Int? = nil, progress: ((Progress) -> Void)? = nil,
                      epochDone: ((EpochRecord) -> Void)? = nil) throws -> PairingClassifier {
        var state = try checkpoint.flatMap { FileManager.default.fileExists(atPath: $0) ? try resume(from: $0) : nil }
            ?? CheckpointState(history: [], best: network.weights, bestLoss: .infinity, bestEpoch: -1, seconds: 0)
        let batches = max(1, trainingIndices.count / options.batchSize)
        let stop = min(options.epochs, state.history.count + (epochLimit ?? options.epochs))
        while state.history.count < stop,
              state.history.count - state.bestEpoch <= options.patience || state.bestEpoch < 0 {
            let epoch = state.history.count
            let start = Date()
            let rate = options.learningRate * 0.5 * (1 + cos(Double.pi * Double(epoch) / Double(options.epochs)))
            optimizer.learningRate = Float(rate)
            var random = SeededRandom(seed: options.seed &+ UInt64(epoch) &* 7919)
            let order = Self.shuffled(trainingIndices, &random)
            var total = 0.0
            for b in 0..<batches {
                let (input, targets) = data.batch(Array(order[b * options.batchSize ..< (b + 1) * options.batchSize]))
                network.clearGradients()
                let outputs = network.forward(input, training: true)
                let result = loss.evaluate(outputs, targets)
                network.backward(result.gradient)
                optimizer.update(network.parameters)
                total += result.loss
                progress?(Progress(epoch: epoch, batch: b + 1, batches: batches, runningLoss: total / Double(b + 1)))
            }
            let (validationLoss, accuracy) = validate()
            let record = EpochRecord(epoch: epoch, learningRate: rate, trainingLoss: total / Double(batches),
                                     validationLoss: validationLoss, validationAccuracy: accuracy,
                                     seconds: Date().timeIntervalSince(start))
            state.history.append(record)
            state.seconds += record.seconds
            if validationLoss < state.bestLoss {
                state.bestLoss = validationLoss
                state.best = network.weights
                state.bestEpoch = epoch
            }
            if let checkpoint { try save(state, to: checkpoint) }
            epochDone?(record)
        }
        try network.load(state.best)
        let temperature = calibrateTemperature()
        let best = state.history[max(state.bestEpoch, 0)]
        let recipe = data.recipe
        let summary = TrainingSummary(options: options, trainingExamples: trainingIndices.count,
                                      validationExamples: validationIndices.count, epochsRun: state.history.count,
                                      bestEpoch: state.bestEpoch, bestValidationLoss: state.bestLoss,
                                      validationAccuracy: best.validationAccuracy, seconds: state.seconds, history: state.history)
        let metadata = ModelMetadata(
            name: "qpikit-pairing-d3h", classes: data.classes,
            regressions: RegressionTarget.allCases.map(\.rawValue), network: network.spec, frame: recipe.frame,
            ratios: recipe.ratios, temperature: temperature, trainingData: recipe, training: summary,
            software: "QPIKit \(QPIKitVersion.current)")
        return PairingClassifier(network: network, metadata: metadata)
    }

    /// The outputs of the network for `indices`, in batches; `mirrorAveraged` as the finished
    /// classifier gives them (`MirrorAveraging`).
    func outputs(_ indices: [Int], mirrorAveraged: Bool = false) -> [Float] {
        var out: [Float] = []
        for start in stride(from: 0, to: indices.count, by: 64) {
            let inputs = data.inputs(Array(indices[start ..< min(start + 64, indices.count)]))
            out += (mirrorAveraged ? MirrorAveraging.outputs(of: network, for: inputs, classes: data.classes.count)
                                   : network.forward(inputs)).data
        }
        return out
    }

    /// Mean loss and accuracy on the validation examples.
    func validate() -> (loss: Double, accuracy: Double) {
        let outputs = self.outputs(validationIndices)
        let targets = data.targets(validationIndices)
        let width = network.outputs
        let result = loss.evaluate(Tensor(shape: [validationIndices.count, width], data: outputs), targets)
        let k = data.classes.count
        let correct = validationIndices.indices.filter { s in
            let row = outputs[s * width ..< s * width + k]
            return row.indices.max { row[$0] < row[$1] }! - s * width == targets.labels[s]
        }.count
        return (result.loss, Double(correct) / Double(validationIndices.count))
    }

    /// The softmax temperature minimising the validation negative log-likelihood (golden-section
    /// search on log T ∈ [−2, 2]; Guo et al., ICML 2017), for the mirror-averaged outputs.
    func calibrateTemperature() -> Double {
        let outputs = self.outputs(validationIndices, mirrorAveraged: true)
        let width = network.outputs, k = data.classes.count
        func nll(_ logT: Double) -> Double {
            validationIndices.indices.reduce(0.0) { sum, s in
                let p = MultiTaskLoss.softmax(Array(outputs[s * width ..< s * width + k]), temperature: exp(logT))
                return sum - log(max(p[data.labels[validationIndices[s]]], 1e-300))
            }
        }
        var (a, b) = (-2.0, 2.0)
        let ratio = (5.0.squareRoot() - 1) / 2
        for _ in 0..<40 {
            let c = b - ratio * (b - a), d = a + ratio * (b - a)
            if nll(c) < nll(d) { b = d } else { a = c }
        }
        return exp((a + b) / 2)
    }
}
