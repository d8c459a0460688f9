/// What the caller knows about a file that the file itself does not say (TIFF, PNG and generic
/// HDF5 carry no energies or pixel size).
public struct ReadOptions: Sendable, Equatable {
    /// Sweep values, one per layer, in `sweepUnit`.
    public var sweepValues: [Double]?
    /// Unit of `sweepValues` (default `V`; values given in mV are converted to V by the caller).
    public var sweepUnit: String
    /// Pixel size in m.
    public var pixelSize: Double?
    /// Unit of the samples.
    public var units: String?

    public init(sweepValues: [Double]? = nil, sweepUnit: String = "V", pixelSize: Double? = nil,
                units: String? = nil) {
        self.sweepValues = sweepValues
        self.sweepUnit = sweepUnit
        self.pixelSize = pixelSize
        self.units = units
    }

    /// The sweep axis for `count` layers: the given values, or the layer index (recorded in
    /// `assumptions`). Throws when the given values do not match the layer count.
    func sweepAxis(count: Int, path: String, assumptions: inout [String]) throws -> Axis {
        if let sweepValues {
            guard sweepValues.count == count else {
                throw FormatError(.invalidRequest, path: path,
                                  "\(sweepValues.count) energies given but the data has \(count) layers")
            }
            return Axis(name: "Bias", unit: sweepUnit, values: sweepValues)
        }
        assumptions.append("no energies in the file or on the command line: the sweep axis is the layer index (use --energies)")
        return Axis(name: "index", unit: "", values: (0..<count).map(Double.init))
    }

    /// Pixel-coordinate axes for an image of `rows × columns`, recording what was assumed.
    func spatialAxes(rows: Int, columns: Int, assumptions: inout [String]) -> (x: Axis, y: Axis) {
        let step: Double
        if let pixelSize {
            step = pixelSize
        } else {
            step = 1e-10
            assumptions.append("no pixel size in the file or on the command line: assumed 0.1 nm (use --pixel-size)")
        }
        return (Axis(name: "x", unit: "m", values: (0..<columns).map { Double($0) * step }),
                Axis(name: "y", unit: "m", values: (0..<rows).map { Double($0) * step }))
    }

    /// The sample unit, recording an assumption when unknown.
    func sampleUnit(assumptions: inout [String]) -> String {
        if let units { return units }
        assumptions.append("no unit for the samples: stored as dimensionless (use --units)")
        return ""
    }
}
