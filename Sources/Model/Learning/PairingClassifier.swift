import Foundation
import Formats
import Preprocess
import QPICore

/// A trained pairing classifier: the network and its metadata, stored as one safetensors file.
public final class PairingClassifier {
    public let metadata: ModelMetadata
    public let network: Network

    public init(network: Network, metadata: ModelMetadata) {
        self.network = network
        self.metadata = metadata
    }

    /// The architecture of the shipped model for maps of `energies` layers in `frame` and
    /// `classes` classes (plus the regression outputs).
    public static func standardSpec(energies: Int, frame: QFrame, classes: Int = PairingClass.allCases.count) -> NetworkSpec {
        NetworkSpec(inputShape: [energies, frame.pixels, frame.pixels], layers: [
            .averagePool,
            .convolution(outputs: 16, kernel: 3), .groupNorm(groups: 4), .relu, .maxPool,
            .convolution(outputs: 32, kernel: 3), .groupNorm(groups: 8), .relu, .maxPool,
            .convolution(outputs: 64, kernel: 3), .groupNorm(groups: 8), .relu, .maxPool,
            .convolution(outputs: 64, kernel: 3), .groupNorm(groups: 8), .relu,
            .flatten, .dense(outputs: 128), .relu,
            .dense(outputs: classes + RegressionTarget.allCases.count),
        ])
    }

    /// Loads a model file.
    public static func load(path: String) throws -> PairingClassifier {
        let file = try Safetensors.read(path: path)
        guard let json = file.metadata["qpikit"] else {
            throw FormatError(.corrupt, path: path, "not a QPIKit model (no 'qpikit' metadata)")
        }
        let metadata: ModelMetadata
        do { metadata = try JSONDecoder().decode(ModelMetadata.self, from: Data(json.utf8)) } catch {
            throw FormatError(.corrupt, path: path, "unreadable model metadata: \(error)")
        }
        let network: Network
        do {
            network = try Network(spec: metadata.network, seed: 0)
            try network.load(file.tensors)
        } catch let error as ModelError {
            throw ModelError.mismatchedFile(path: path, reason: error.description)
        }
        let (frame, regressions) = (metadata.frame, RegressionTarget.allCases.count)
        guard metadata.network.inputShape == [metadata.ratios.count, frame.pixels, frame.pixels] else {
            throw ModelError.mismatchedFile(path: path, reason: "the network takes input \(metadata.network.inputShape), but the model says its maps are \(metadata.ratios.count) layers of \(frame.pixels) × \(frame.pixels) pixels")
        }
        guard network.outputs == metadata.classes.count + regressions else {
            throw ModelError.mismatchedFile(path: path, reason: "the network has \(network.outputs) outputs; \(metadata.classes.count) classes and \(regressions) parameters need \(metadata.classes.count + regressions)")
        }
        return PairingClassifier(network: network, metadata: metadata)
    }

    /// The path of the model shipped with QPIKit.
    public static func bundledPath() throws -> String {
        guard let path = Bundle.module.path(forResource: "pairing-classifier", ofType: "safetensors") else {
            throw FormatError(.io, path: "pairing-classifier.safetensors", "the bundled model is missing from this build")
        }
        return path
    }

    /// The model shipped with QPIKit.
    public static func bundled() throws -> PairingClassifier { try load(path: try bundledPath()) }

    /// The safetensors file: weights plus metadata (`qpikit`: the JSON metadata; `classes`,
    /// `regressions`: JSON arrays, for readers that only want those).
    public func safetensors() throws -> Safetensors {
        Safetensors(tensors: network.weights, metadata: [
            "qpikit": try JSONCoding.encode(metadata),
            "classes": try JSONCoding.encode(metadata.classes),
            "regressions": try JSONCoding.encode(metadata.regressions),
            "format": "pt",
        ])
    }

    /// Writes the model file atomically.
    public func write(to path: String) throws { try safetensors().write(to: path) }

    /// Predictions for a batch of normalised inputs `[batch, energies, pixels, pixels]`, from the
    /// outputs averaged over the frame's mirrors (`MirrorAveraging`).
    public func predict(_ inputs: Tensor) -> [PairingPrediction] {
        let k = metadata.classes.count
        let outputs = MirrorAveraging.outputs(of: network, for: inputs, classes: k)
        let width = outputs.shape[1]
        return (0 ..< outputs.shape[0]).map { s in
            let row = Array(outputs.data[s * width ..< (s + 1) * width])
            return PairingPrediction(logits: Array(row[..<k]), regression: Array(row[k...]), metadata: metadata)
        }
    }

    /// The prediction for one map stack: its unsymmetrised maps at the model's ω/Δ in the model's
    /// frame (throws `MapStackError` naming what does not match). With `draws` > 0 each parameter
    /// also gets an uncertainty: the standard deviation of its estimate over `draws` copies of the
    /// maps with fresh noise at signal-to-noise 10 added (a sensitivity to the measurement, not a
    /// full posterior).
    public func predict(_ stack: QMapStack, draws: Int = 0, seed: UInt64 = 1) throws -> PairingPrediction {
        let maps = try stack.selecting(ratios: metadata.ratios, frame: metadata.frame).maps
        let m = metadata.frame.pixels
        func tensor(_ maps: [[Float]]) -> Tensor {
            Tensor(shape: [1, maps.count, m, m], data: ClassifierInput.normalise(maps, frame: metadata.frame))
        }
        var prediction = predict(tensor(maps))[0]
        guard draws > 1 else { return prediction }
        var random = SeededRandom(seed: seed)
        var samples: [String: [Double]] = [:]
        let k = metadata.classes.count
        for _ in 0..<draws {
            let noisy = maps.map { MeasurementEffects.addingNoise(to: $0, signalToNoise: 10, random: &random) }
            let outputs = MirrorAveraging.outputs(of: network, for: tensor(noisy), classes: k).data
            for (name, value) in PairingPrediction.parameters(Array(outputs[k...]), pairingClass: prediction.pairingClass,
                                                                    iWave: metadata.trainingData.iWaveNormalisation) {
                samples[name, default: []].append(value)
            }
        }
        for (name, values) in samples where prediction.parameters[name] != nil {
            let mean = values.reduce(0, +) / Double(values.count)
            prediction.parameters[name]?.uncertainty = (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count - 1)).squareRoot()
        }
        return prediction
    }
}
