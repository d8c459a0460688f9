import Formats
import Model
import QPICore

/// A classifier with the SHA-256 of its file, for the provenance of every result it gives.
public struct LoadedModel {
    public let classifier: PairingClassifier
    public let sha256: String

    /// The model at `path`, or the one bundled with QPIKit.
    public static func load(path: String?) throws -> LoadedModel {
        let path = try path ?? PairingClassifier.bundledPath()
        return LoadedModel(classifier: try PairingClassifier.load(path: path), sha256: try FileDigest.sha256(ofFile: path))
    }

    /// The prediction for `prepared` (with parameter uncertainties from 8 re-noised copies) after
    /// its `Screening` — the calls on its gap variants pooled with it and checked for a class
    /// that moves, then the signal check — which may lower the probabilities, and the screening
    /// itself.
    public func classify(_ prepared: PreparedMaps) throws -> (prediction: PairingPrediction, screening: Screening) {
        Network.useThreads(1)
        var screening = Screening(prepared.stack)
        var prediction = try classifier.predict(prepared.stack, draws: 8)
        if !prepared.gapVariants.isEmpty {
            let variants = try prepared.gapVariants.map { try classifier.predict($0.stack) }
            prediction = screening.poolGapVariants(prediction, variants: variants, factors: prepared.gapVariants.map(\.factor))
        }
        return (screening.apply(to: prediction), screening)
    }
}
