import ArgumentParser
import Formats
import Model

/// Which classifier to use: the bundled one or a model file.
struct ModelOptions: ParsableArguments {
    @Option(help: "Model file (.safetensors; default: the model bundled with QPIKit).")
    var model: String?

    /// The classifier and the SHA-256 of its file.
    func load() throws -> (PairingClassifier, String) {
        let path = try model ?? PairingClassifier.bundledPath()
        return (try PairingClassifier.load(path: path), try SHA256.hexDigest(ofFile: path))
    }
}
