import ArgumentParser
import Formats
import Model
import Preprocess

/// What `classify` and `analyze` share: the gap of a raw grid and the classifier to use.
struct AnalysisOptions: ParsableArguments {
    @Option(help: "Gap Δ in meV for a raw grid (default: estimated from the averaged spectrum).")
    var delta: Double?
    @Option(help: "Model file (.safetensors; default: the model bundled with QPIKit).")
    var model: String?

    func validate() throws {
        if let delta, !(delta > 0) { throw ValidationError("--delta must be positive (meV)") }
    }

    /// The classifier and the SHA-256 of its file.
    func load() throws -> (PairingClassifier, String) {
        let path = try model ?? PairingClassifier.bundledPath()
        return (try PairingClassifier.load(path: path), try SHA256.hexDigest(ofFile: path))
    }

    /// The classifier, its file's SHA-256, the input as prepared for it, and the maps at its
    /// energies: a preprocessed file as it is (unless `forceRaw`), a raw grid preprocessed with the
    /// defaults, the model's frame and energies, and `delta` when given.
    func prepare(_ input: String, forceRaw: Bool = false) throws -> (model: PairingClassifier, modelSHA256: String,
                                                                     prepared: PreparedMaps, maps: [[Float]]) {
        let (model, hash) = try load()
        var preprocessing = PreprocessingOptions()
        preprocessing.delta = delta
        preprocessing.ratios = model.metadata.energiesOverGap
        preprocessing.frame = model.metadata.frame
        let prepared = try PreparedMaps.load(input, options: preprocessing, forceRaw: forceRaw)
        return (model, hash, prepared, try prepared.maps(for: model.metadata, path: input))
    }
}
