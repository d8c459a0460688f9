import Foundation
import Formats
import QPICore

/// What a checkpoint holds besides the current weights and the optimiser moments.
struct CheckpointState {
    var history: [EpochRecord]
    var best: [String: Safetensors.Tensor]
    var bestLoss: Double
    var bestEpoch: Int
    var seconds: Double
}

extension Trainer {
    /// Writes weights (`<name>`), best weights (`best.<name>`), AdamW moments and the training
    /// state (metadata) to a safetensors checkpoint.
    func save(_ state: CheckpointState, to path: String) throws {
        var tensors = network.weights
        for (name, tensor) in state.best { tensors["best." + name] = tensor }
        for (name, values) in optimizer.state(for: network.parameters) {
            tensors[name] = Safetensors.Tensor(shape: [values.count], values: values)
        }
        try Safetensors(tensors: tensors, metadata: [
            "history": try JSONCoding.encode(state.history), "best_loss": "\(state.bestLoss)",
            "best_epoch": "\(state.bestEpoch)", "seconds": "\(state.seconds)", "adam_step": "\(optimizer.step)",
            "options": try JSONCoding.encode(options), "network": try JSONCoding.encode(network.spec),
            "data": try dataIdentity(),
        ]).write(to: path)
    }

    /// What identifies the training data: the example count and every file's recipe.
    func dataIdentity() throws -> String {
        "\(data.count) examples from " + (try JSONCoding.encode(data.recipes))
    }

    /// Restores a checkpoint written by `save` for the same options and network.
    func resume(from path: String) throws -> CheckpointState {
        let file = try Safetensors.read(path: path)
        let meta = file.metadata
        guard let options = meta["options"], let spec = meta["network"],
              try JSONDecoder().decode(TrainingOptions.self, from: Data(options.utf8)) == self.options,
              try JSONDecoder().decode(NetworkSpec.self, from: Data(spec.utf8)) == network.spec else {
            throw ModelError.mismatchedFile(path: path, reason: "checkpoint was made with other training options or another network")
        }
        guard meta["data"] == (try dataIdentity()) else {
            throw ModelError.mismatchedFile(path: path, reason: "checkpoint was made with other training data; delete it to start afresh")
        }
        guard let history = meta["history"], let bestLoss = meta["best_loss"].flatMap(Double.init),
              let bestEpoch = meta["best_epoch"].flatMap(Int.init), let seconds = meta["seconds"].flatMap(Double.init),
              let step = meta["adam_step"].flatMap(Int.init) else {
            throw FormatError(.corrupt, path: path, "checkpoint lacks its training state")
        }
        try network.load(file.tensors)
        optimizer.restore(file.tensors.filter { $0.key.hasPrefix("adam.") }.mapValues(\.values), step: step)
        let best = Dictionary(uniqueKeysWithValues: file.tensors.filter { $0.key.hasPrefix("best.") }.map { (String($0.key.dropFirst(5)), $0.value) })
        return CheckpointState(history: try JSONDecoder().decode([EpochRecord].self, from: Data(history.utf8)),
                               best: best, bestLoss: bestLoss, bestEpoch: bestEpoch, seconds: seconds)
    }
}
