/// A dataset of an `HDF5Document` that is written a block of first-axis rows at a time.
public final class HDF5Rows {
    /// The stored element type.
    public enum Element: Sendable { case float32, float64, int64 }

    private let node: H5Node

    init(node: H5Node) { self.node = node }

    /// Writes whole rows starting at row `start`.
    public func write(_ values: [Float], at start: Int) throws { try node.writeRows(values, start: start) }
    /// Writes whole rows starting at row `start`.
    public func write(_ values: [Double], at start: Int) throws { try node.writeRows(values, start: start) }
    /// Writes whole rows starting at row `start`.
    public func write(_ values: [Int64], at start: Int) throws { try node.writeRows(values, start: start) }
}
