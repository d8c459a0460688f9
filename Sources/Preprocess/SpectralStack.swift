/// A stack of maps sharing one pixel grid: `layers × rows × columns` doubles, layer-major, with
/// one energy (meV) per layer. The normalisation steps work on stacks.
public struct SpectralStack: Sendable, Equatable {
    public var energies: [Double]
    public var rows: Int
    public var columns: Int
    public var values: [Double]

    public init(energies: [Double], rows: Int, columns: Int, values: [Double]) {
        precondition(values.count == energies.count * rows * columns, "SpectralStack: size mismatch")
        self.energies = energies
        self.rows = rows
        self.columns = columns
        self.values = values
    }

    public var pixelCount: Int { rows * columns }

    /// Layer `k` as a plane.
    public func layer(_ k: Int) -> Plane {
        Plane(rows: rows, columns: columns, values: Array(values[k * pixelCount ..< (k + 1) * pixelCount]))
    }

    /// The spatially averaged spectrum.
    public var averageSpectrum: [Double] {
        (0..<energies.count).map { k in values[k * pixelCount ..< (k + 1) * pixelCount].reduce(0, +) / Double(pixelCount) }
    }

    /// The standard uncertainty of `averageSpectrum`, one value for all energies: the pixels are
    /// dealt into `groups` × `groups` interleaved sets of `block` × `block` blocks, each set's
    /// averaged spectrum is taken, and the variance of the sets' means about their average
    /// (pooled over energies) is divided by the number of sets. It holds the white noise and the
    /// spatial variation on scales below the block pattern's period (impurities, inhomogeneity):
    /// what makes a second field of view's average differ. Needs at least 2 × 2 blocks.
    public func averageSpectrumUncertainty() -> Double? {
        guard Self.hasBlockSets(rows: rows, columns: columns) else { return nil }
        return values.withUnsafeBufferPointer { v in
            Self.pooledUncertainty((0..<energies.count).map { k in
                Self.blockSetVariance(UnsafeBufferPointer(rebasing: v[k * pixelCount ..< (k + 1) * pixelCount]), rows: rows, columns: columns)
            })
        }
    }

    /// Side of the blocks and number of interleaved sets per axis of `averageSpectrumUncertainty`.
    static let block = 8, groups = 4

    /// Whether a `rows × columns` layer holds at least 2 × 2 blocks.
    static func hasBlockSets(rows: Int, columns: Int) -> Bool { rows >= 2 * block && columns >= 2 * block }

    /// One layer's share of `averageSpectrumUncertainty`: the variance of the block sets' means,
    /// divided by the number of sets; the pixels in `excluded` (true = left out) take no part.
    static func blockSetVariance<T: BinaryFloatingPoint>(_ layer: UnsafeBufferPointer<T>, rows: Int, columns: Int,
                                                         excluded: [Bool]? = nil) -> Double {
        let sets = groups * groups
        var sums = [Double](repeating: 0, count: sets), counts = sums
        for row in 0..<rows {
            for column in 0..<columns where !(excluded?[row * columns + column] ?? false) {
                let set = ((row / block) % groups) * groups + (column / block) % groups
                sums[set] += Double(layer[row * columns + column])
                counts[set] += 1
            }
        }
        let means = zip(sums, counts).filter { $0.1 > 0 }.map { $0.0 / $0.1 }
        let mean = means.reduce(0, +) / Double(means.count)
        return means.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(means.count - 1) / Double(means.count)
    }

    /// The uncertainty from every layer's `blockSetVariance`, pooled over energies.
    static func pooledUncertainty(_ variances: [Double]) -> Double {
        (variances.reduce(0, +) / Double(variances.count)).squareRoot()
    }
}
