import Formats
import Preprocess
import QPICore

/// What a classifier model file says about itself (stored as JSON under the safetensors
/// metadata key `qpikit`): its classes and outputs, the input frame, the calibration
/// temperature, the ranges it was trained on and how the training went.
public struct ModelMetadata: Codable, Sendable, Equatable {
    public var name: String
    /// Class labels in output order.
    public var classes: [String]
    /// Regression outputs in order (`RegressionTarget` raw values).
    public var regressions: [String]
    public var network: NetworkSpec
    /// The input: maps at these ω/Δ (`ratios`) in this frame.
    public var frame: QFrame
    public var ratios: [Double]
    /// Softmax temperature fitted on the validation set (Guo et al. 2017).
    public var temperature: Double
    /// The training data's recipe (ranges, mesh, material).
    public var trainingData: DatasetRecipe
    public var training: TrainingSummary
    /// QPIKit version that trained the model.
    public var software: String
    /// Mean absolute error of each estimated parameter per class (label → parameter → error),
    /// measured on a fresh simulated test set by `qpi evaluate --record`; predictions carry it as
    /// their typical error. Nil until recorded.
    public var testErrors: [String: [String: Double]]?
    /// Which data `testErrors` was measured on.
    public var testSet: String?

    /// Model files keep the ω/Δ list under its earlier name.
    enum CodingKeys: String, CodingKey {
        case name, classes, regressions, network, frame, ratios = "energiesOverGap", temperature, trainingData, training
        case software, testErrors, testSet
    }
}

/// How a model was trained.
public struct TrainingSummary: Codable, Sendable, Equatable {
    public var options: TrainingOptions
    public var trainingExamples: Int
    public var validationExamples: Int
    public var epochsRun: Int
    public var bestEpoch: Int
    public var bestValidationLoss: Double
    public var validationAccuracy: Double
    /// Wall-clock training time in seconds (summed over resumed runs).
    public var seconds: Double
    public var history: [EpochRecord]
}

/// One epoch of training.
public struct EpochRecord: Codable, Sendable, Equatable {
    public var epoch: Int
    public var learningRate: Double
    public var trainingLoss: Double
    public var validationLoss: Double
    public var validationAccuracy: Double
    public var seconds: Double
}

/// Training hyper-parameters.
public struct TrainingOptions: Codable, Sendable, Equatable {
    public var epochs = 30
    public var batchSize = 32
    /// Peak learning rate (cosine decay to zero over `epochs`).
    public var learningRate = 2e-3
    public var weightDecay = 1e-4
    public var validationFraction = 0.1
    /// Stop after this many epochs without a better validation loss.
    public var patience = 5
    public var seed: UInt64 = 1
    public var regressionWeight = 1.0

    public init() {}
}
