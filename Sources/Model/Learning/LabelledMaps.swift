import Formats
import Preprocess

/// Examples loaded from training data sets, normalised for the network and held in memory.
public struct LabelledMaps: Sendable {
    /// `[count, energies, pixels, pixels]`, normalised by `ClassifierInput`.
    public var inputs: [Float]
    /// Class labels, and each example's index into them.
    public var classes: [String]
    public var labels: [Int]
    /// `[count, regressions]`.
    public var targets: [Float]
    public var masks: [Float]
    /// `[count, TrainingCase.columnNames.count]`.
    public var cases: [Double]
    /// `[energies, pixels, pixels]`.
    public var inputShape: [Int]
    /// The recipe of the first file (all files must share frame and energies).
    public var recipe: DatasetRecipe
    /// The recipe of every file, in order (what a checkpoint checks before resuming).
    public var recipes: [DatasetRecipe] = []

    public var count: Int { labels.count }

    /// What the examples are labelled with.
    public enum Labelling: String, Sendable, CaseIterable {
        /// The classes the maps can tell apart (`PairingClass`): the shipped model's.
        case pairingClass = "class"
        /// The pairing channel itself (A1′ … E″), for studies where the maps might separate more.
        case channel

        /// The labels in output order.
        public var classes: [String] {
            switch self {
            case .pairingClass: PairingClass.allCases.map(\.label)
            case .channel: PairingChannel.allCases.map(\.rawValue)
            }
        }

        /// The labelling whose classes are `classes`, if any.
        public init?(classes: [String]) {
            guard let match = Self.allCases.first(where: { $0.classes == classes }) else { return nil }
            self = match
        }
    }

    /// Loads and normalises every example of the data sets at `paths`, a block at a time.
    public static func load(_ paths: [String], labelling: Labelling = .pairingClass) throws -> LabelledMaps {
        guard let first = paths.first else { throw ModelError.noData }
        let recipe = try TrainingDataset.recipe(of: first)
        let (e, m) = (recipe.ratios.count, recipe.frame.pixels)
        let used = ClassifierInput.usedPixels(recipe.frame)
        var out = LabelledMaps(inputs: [], classes: labelling.classes, labels: [], targets: [], masks: [], cases: [], inputShape: [e, m, m], recipe: recipe)
        for path in paths {
            let other = try TrainingDataset.recipe(of: path)
            guard other.frame == recipe.frame, other.ratios == recipe.ratios else {
                throw ModelError.mismatchedFile(path: path, reason: "uses another q-frame or energy list than \(first)")
            }
            out.recipes.append(other)
            let file = try HDF5Arrays(path: path)
            let n = try file.shape("labels")[0]
            for start in stride(from: 0, to: n, by: TrainingDataset.blockSize) {
                let rows = start ..< min(start + TrainingDataset.blockSize, n)
                let maps = try file.floats("maps", rows: rows)
                for r in 0..<rows.count {
                    let stack = (0..<e).map { k in Array(maps[(r * e + k) * m * m ..< (r * e + k + 1) * m * m]) }
                    out.inputs += ClassifierInput.normalise(stack, frame: recipe.frame, used: used)
                }
                let cases = try file.doubles("cases", rows: rows)
                switch labelling {
                case .pairingClass: out.labels += try file.integers("labels", rows: rows).map { Int($0) }
                case .channel: out.labels += stride(from: 0, to: cases.count, by: TrainingCase.columnNames.count).map { Int(cases[$0]) }
                }
                out.targets += try file.floats("targets", rows: rows)
                out.masks += try file.floats("target_mask", rows: rows)
                out.cases += cases
            }
        }
        return out
    }

    /// The batch of examples `indices`: inputs `[batch, energies, pixels, pixels]` and targets.
    public func batch(_ indices: [Int]) -> (Tensor, MultiTaskLoss.Targets) {
        (inputs(indices), targets(indices))
    }

    /// The inputs of examples `indices`, `[batch, energies, pixels, pixels]`.
    public func inputs(_ indices: [Int]) -> Tensor {
        let size = inputShape.reduce(1, *)
        var data = [Float]()
        data.reserveCapacity(indices.count * size)
        for i in indices { data += inputs[i * size ..< (i + 1) * size] }
        return Tensor(shape: [indices.count] + inputShape, data: data)
    }

    /// The labels and regression targets of examples `indices`.
    public func targets(_ indices: [Int]) -> MultiTaskLoss.Targets {
        let r = RegressionTarget.allCases.count
        var values = [Float](), mask = [Float]()
        for i in indices {
            values += targets[i * r ..< (i + 1) * r]
            mask += masks[i * r ..< (i + 1) * r]
        }
        return MultiTaskLoss.Targets(labels: indices.map { labels[$0] }, values: values, mask: mask)
    }
}
