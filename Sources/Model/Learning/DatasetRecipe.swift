import Formats
import Preprocess
import QPICore

/// Everything that determines a training data set: example `i` depends only on the recipe and
/// `i`, so shards made anywhere merge into exactly the set one run would make.
public struct DatasetRecipe: Codable, Sendable, Equatable {
    public var seed: UInt64
    /// Examples in the whole set (over all shards).
    public var count: Int
    public var randomization: DomainRandomization
    /// k-mesh size, material, frame and energies (ω/Δ, `ratios`) of the simulations.
    public var meshSize: Int
    public var material: Material
    public var frame: QFrame
    public var ratios: [Double]
    /// Only this class (label), or every class with equal probability when nil.
    public var onlyClass: String?
    /// How the maps are made (nil: `.reciprocal`).
    public var route: TrainingMapGenerator.Route?
    /// The precision of the simulations (nil: double, as in sets made before single existed).
    public var precision: Precision?
    /// The A2′ i-wave's normalisation of the χ labels (nil: `.shellSum`, sets made before the
    /// i-wave was normalised to unit maximum).
    public var iWave: IWaveNormalisation?

    /// Data sets keep the ω/Δ list under its earlier name.
    enum CodingKeys: String, CodingKey {
        case seed, count, randomization, meshSize, material, frame, ratios = "energiesOverGap", onlyClass, route, precision, iWave
    }

    public init(seed: UInt64, count: Int, randomization: DomainRandomization = .standard, meshSize: Int = 96,
                material: Material, frame: QFrame = .standard, ratios: [Double] = EnergyAxis.defaultRatios,
                onlyClass: String? = nil, route: TrainingMapGenerator.Route? = nil, precision: Precision? = nil) {
        self.seed = seed
        self.count = count
        self.randomization = randomization
        self.meshSize = meshSize
        self.material = material
        self.frame = frame
        self.ratios = ratios
        self.onlyClass = onlyClass
        self.route = route
        self.precision = precision
        self.iWave = .unitMaximum
    }

    /// The convention of this set's A2′ χ labels.
    public var iWaveNormalisation: IWaveNormalisation { iWave ?? .shellSum }

    /// The generator of the maps.
    public var generator: TrainingMapGenerator {
        TrainingMapGenerator(material: material, meshSize: meshSize, frame: frame, ratios: ratios, precision: precision ?? .double)
    }

    /// Example `index`.
    public func example(_ index: Int) -> TrainingCase {
        randomization.draw(seed: seed, index: index, forcedClass: onlyClass.flatMap(PairingClass.init(label:)))
    }

    /// The examples of shard `shard` (0-based) of `shards`: a contiguous block of indices.
    public func indices(shard: Int, of shards: Int) -> Range<Int> {
        (count * shard / shards) ..< (count * (shard + 1) / shards)
    }
}
