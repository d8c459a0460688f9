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

    /// The prediction for `stack` (with parameter uncertainties from 8 re-noised copies) after its
    /// `Screening`, which may lower the probabilities, and the screening itself.
    public func classify(_ stack: QMapStack) throws -> (prediction: PairingPrediction, screening: Screening) {
        Network.useThreads(1)
        let screening = Screening(stack)
        return (screening.apply(to: try classifier.predict(stack, draws: 8)), screening)
    }
}
