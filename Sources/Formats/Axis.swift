/// A named, sampled coordinate axis with its unit (SI in storage: `V`, `m`, `s`, …).
public struct Axis: Sendable, Equatable, Codable {
    /// The quantity's name, for example `Bias`, `x`, `Z`.
    public var name: String
    /// The unit of `values`, SI where the quantity has one (`V`, `m`).
    public var unit: String
    /// Sample positions, one per index along the axis.
    public var values: [Double]

    public init(name: String, unit: String, values: [Double]) {
        self.name = name
        self.unit = unit
        self.values = values
    }

    /// The number of samples.
    public var count: Int { values.count }

    /// `count` points from `first` to `last` inclusive (a single point sits at `first`).
    public static func linear(name: String, unit: String, from first: Double, to last: Double,
                              count: Int) -> Axis {
        let step = count > 1 ? (last - first) / Double(count - 1) : 0
        return Axis(name: name, unit: unit, values: (0..<count).map { first + Double($0) * step })
    }

    /// Pixel-centre coordinates of a scan frame of `count` pixels spanning `width` around `center`
    /// (Nanonis convention: the first pixel centre sits half a pixel inside the frame edge).
    public static func pixelCentres(name: String, center: Double, width: Double, count: Int) -> Axis {
        let step = count > 0 ? width / Double(count) : 0
        let start = center - width / 2 + step / 2
        return Axis(name: name, unit: "m", values: (0..<count).map { start + Double($0) * step })
    }

    /// Spacing of a uniform axis, or nil when the axis has fewer than two points or is not uniform
    /// to within a relative 1e-6.
    public var uniformStep: Double? {
        guard values.count > 1 else { return nil }
        let step = (values[values.count - 1] - values[0]) / Double(values.count - 1)
        let tolerance = Swift.max(abs(step) * 1e-6, .leastNormalMagnitude)
        for i in 1..<values.count where abs(values[i] - values[i - 1] - step) > tolerance {
            return nil
        }
        return step
    }
}
