/// A real 2-D array of `rows × columns` doubles, row-major, row 0 at the bottom (y up), the
/// working type of the preprocessing steps.
public struct Plane: Sendable, Equatable {
    public var rows: Int
    public var columns: Int
    public var values: [Double]

    public init(rows: Int, columns: Int, values: [Double]) {
        precondition(values.count == rows * columns, "Plane: \(values.count) values for \(rows)×\(columns)")
        self.rows = rows
        self.columns = columns
        self.values = values
    }

    public init(rows: Int, columns: Int, repeating value: Double = 0) {
        self.init(rows: rows, columns: columns, values: [Double](repeating: value, count: rows * columns))
    }

    /// The value at (row, column).
    public subscript(row: Int, column: Int) -> Double {
        get { values[row * columns + column] }
        set { values[row * columns + column] = newValue }
    }

    /// The mean of all values.
    public var mean: Double { values.reduce(0, +) / Double(max(values.count, 1)) }

    /// The standard deviation of all values (population).
    public var standardDeviation: Double {
        let m = mean
        return (values.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(max(values.count, 1))).squareRoot()
    }

    /// The plane minus its mean.
    public func subtractingMean() -> Plane {
        let m = mean
        return Plane(rows: rows, columns: columns, values: values.map { $0 - m })
    }

    /// Bilinear interpolation at fractional (y, x) = (row, column); points outside the plane
    /// clamp to its edge.
    @inline(__always)
    public func sample(y: Double, x: Double) -> Double {
        let yc = min(max(y, 0), Double(rows - 1)), xc = min(max(x, 0), Double(columns - 1))
        let r0 = min(Int(yc), rows - 2 < 0 ? 0 : rows - 2), c0 = min(Int(xc), columns - 2 < 0 ? 0 : columns - 2)
        let fy = yc - Double(r0), fx = xc - Double(c0)
        let r1 = min(r0 + 1, rows - 1), c1 = min(c0 + 1, columns - 1)
        let a = values[r0 * columns + c0], b = values[r0 * columns + c1]
        let c = values[r1 * columns + c0], d = values[r1 * columns + c1]
        return (1 - fy) * ((1 - fx) * a + fx * b) + fy * ((1 - fx) * c + fx * d)
    }
}
