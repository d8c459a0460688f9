/// One plane of samples with its axes: a topograph, or one layer of a grid channel.
public struct Image2D: Sendable, Equatable {
    /// The quantity shown, for example `Z`.
    public var name: String
    /// Unit of `values`.
    public var unit: String
    /// Column coordinates, in m.
    public var x: Axis
    /// Row coordinates, in m (row 0 at the bottom).
    public var y: Axis
    /// Samples, `rows × columns`, row-major.
    public var values: [Float]

    public init(name: String, unit: String, x: Axis, y: Axis, values: [Float]) {
        precondition(values.count == x.count * y.count, "Image2D: values do not match the axes")
        self.name = name
        self.unit = unit
        self.x = x
        self.y = y
        self.values = values
    }

    /// The sample at row `row`, column `column`.
    public subscript(row: Int, column: Int) -> Float { values[row * x.count + column] }
}
