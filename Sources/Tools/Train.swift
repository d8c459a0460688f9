import ArgumentParser
import Foundation
import Formats
import Model

/// `qpi train`: trains the pairing classifier on data sets from `qpi dataset`.
struct Train: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Train the pairing classifier on simulated data sets.",
        discussion: """
            Holds out a validation split, stops early when the validation loss stops improving, keeps the best weights, calibrates the probabilities (temperature scaling) and writes a safetensors model. A checkpoint is saved after every epoch; run the same command again to resume an interrupted training.

            Examples:
              qpi train data/train/dataset.h5 --out model.safetensors --epochs 30
              qpi train data/train/dataset.h5 data/real/dataset.h5 --initial-weights model.safetensors \
                  --learning-rate 5e-4 --epochs 8 --out tuned.safetensors
            """)

    @Argument(help: "Training data sets (HDF5 from qpi dataset).")
    var data: [String]
    @Option(help: "Output model file (.safetensors).")
    var out: String
    @Option(help: "Checkpoint file (default: OUT.checkpoint).")
    var checkpoint: String?
    @Option(help: "Maximum number of epochs.")
    var epochs: Int = 30
    @Option(help: "Examples per batch.")
    var batchSize: Int = 32
    @Option(help: "Peak learning rate (cosine decay).")
    var learningRate: Double = 2e-3
    @Option(help: "Stop after this many epochs without improvement.")
    var patience: Int = 5
    @Option(help: "Fraction of the examples held out for validation.")
    var validation: Double = 0.1
    @Option(name: .customLong("regression-weight"), help: "Weight of the parameters' squared error against the cross-entropy.")
    var regressionWeight: Double = 1
    @Option(help: "Random seed (initial weights, split, batch order).")
    var seed: UInt64 = 1
    @Option(help: "Labels: class (the classes the maps can tell apart; the shipped model) or channel (A1' … E'', for studies).")
    var labels: String = LabelledMaps.Labelling.pairingClass.rawValue
    @Option(name: .customLong("initial-weights"), help: "Start from this model's weights (fine-tuning) instead of random ones.")
    var initialWeights: String?
    @Option(help: "Threads for the matrix products (default: all cores).")
    var threads: Int?

    func validate() throws {
        guard !data.isEmpty else { throw ValidationError("give at least one data set") }
        guard out.hasSuffix(".safetensors") else { throw ValidationError("--out must end in .safetensors") }
        guard epochs >= 1, batchSize >= 1, patience >= 0 else { throw ValidationError("--epochs and --batch-size must be ≥ 1, --patience ≥ 0") }
        guard learningRate > 0 else { throw ValidationError("--learning-rate must be positive") }
        guard validation > 0, validation < 0.5 else { throw ValidationError("--validation must be in (0, 0.5)") }
        guard regressionWeight >= 0 else { throw ValidationError("--regression-weight must be ≥ 0") }
        guard LabelledMaps.Labelling(rawValue: labels) != nil else { throw ValidationError("--labels must be class or channel") }
    }

    func run() throws {
        let loadStart = Date()
        let maps = try LabelledMaps.load(data, labelling: LabelledMaps.Labelling(rawValue: labels)!)
        print(String(format: "loaded %d examples in %.1f s", maps.count, Date().timeIntervalSince(loadStart)))
        var options = TrainingOptions()
        options.epochs = epochs
        options.batchSize = batchSize
        options.learningRate = learningRate
        options.patience = patience
        options.validationFraction = validation
        options.seed = seed
        options.regressionWeight = regressionWeight
        guard Int(Double(maps.count) * (1 - validation)) >= batchSize else {
            throw ValidationError("\(maps.count) examples are too few for batches of \(batchSize)")
        }
        Network.useThreads(threads ?? ProcessInfo.processInfo.activeProcessorCount)
        let start = try initialWeights.map { try PairingClassifier.load(path: $0) }
        let spec = start?.network.spec ?? PairingClassifier.standardSpec(energies: maps.inputShape[0], frame: maps.recipe.frame,
                                                                          classes: maps.classes.count)
        let trainer = try Trainer(data: maps, spec: spec, options: options, initialWeights: start?.network.weights)
        let bar = ProgressBar("train")
        let model = try trainer.train(checkpoint: checkpoint ?? out + ".checkpoint", progress: { bar.update($0.batch, $0.batches) }) { record in
            print(String(format: "epoch %2d  lr %.2e  train loss %.4f  validation loss %.4f  accuracy %.2f %%  %.0f s",
                         record.epoch + 1, record.learningRate, record.trainingLoss, record.validationLoss,
                         100 * record.validationAccuracy, record.seconds))
            fflush(nil)   // each epoch's line reaches a log file at once
        }
        try model.write(to: out)
        let t = model.metadata.training
        print(String(format: "wrote %@: best epoch %d of %d, validation accuracy %.2f %%, temperature %.3f, %.0f s of training",
                     out, t.bestEpoch + 1, t.epochsRun, 100 * t.validationAccuracy, model.metadata.temperature, t.seconds))
    }
}
