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
}
