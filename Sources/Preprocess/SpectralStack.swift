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
    public func averageSpectrumUncertainty(block: Int = 8, groups: Int = 4) -> Double? {
        let sets = groups * groups
        guard rows >= 2 * block, columns >= 2 * block else { return nil }
        var variance = 0.0
        for k in 0..<energies.count {
            var sums = [Double](repeating: 0, count: sets), counts = sums
            for row in 0..<rows {
                for column in 0..<columns {
                    let set = ((row / block) % groups) * groups + (column / block) % groups
                    sums[set] += values[k * pixelCount + row * columns + column]
                    counts[set] += 1
                }
            }
            let means = zip(sums, counts).filter { $0.1 > 0 }.map { $0.0 / $0.1 }
            let mean = means.reduce(0, +) / Double(means.count)
            variance += means.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(means.count - 1) / Double(means.count)
        }
        return (variance / Double(energies.count)).squareRoot()
    }
}
