import Foundation

/// Read access to the arrays, strings and attributes of any HDF5 file by path, whole or a block
/// of first-axis rows at a time (for files too large to load at once).
public final class HDF5Arrays {
    let file: H5Node
    /// The most bytes one whole-dataset read may allocate: 64 × the file (room for compression),
    /// at least 1 GiB, so a corrupt header cannot ask for terabytes.
    private let readLimit: Int
    /// The file's path.
    public var path: String { file.path }

    /// Opens the file at `path` read-only.
    public init(path: String) throws {
        file = try H5Node.open(path: path)
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        readLimit = max(size.multipliedReportingOverflow(by: 64).partialValue, 1 << 30)
    }

    /// Whether a dataset exists at `name`.
    public func hasDataset(_ name: String) -> Bool { file.kind(of: name) == .dataset }

    /// The shape of the dataset at `name`.
    public func shape(_ name: String) throws -> [Int] { try file.dataset(name).shape() }

    /// The dataset at `name` as float32, whole or rows `rows` of its first axis.
    public func floats(_ name: String, rows: Range<Int>? = nil) throws -> [Float] {
        try read(name, Float.self, rows)
    }

    /// The dataset at `name` as float64, whole or rows `rows` of its first axis.
    public func doubles(_ name: String, rows: Range<Int>? = nil) throws -> [Double] {
        try read(name, Double.self, rows)
    }

    /// The dataset at `name` as int64, whole or rows `rows` of its first axis.
    public func integers(_ name: String, rows: Range<Int>? = nil) throws -> [Int64] {
        try read(name, Int64.self, rows)
    }

    /// The scalar string dataset at `name`.
    public func string(_ name: String) throws -> String { try file.dataset(name).readString() }

    /// The string attribute `attribute` of the object at `name` (a list; one element for a scalar).
    public func stringAttribute(_ attribute: String, of name: String) throws -> [String]? {
        try node(name).stringAttribute(attribute)
    }

    /// The numeric attribute `attribute` of the object at `name`.
    public func numberAttribute(_ attribute: String, of name: String) throws -> Double? {
        try node(name).doubleAttribute(attribute)
    }

    private func node(_ name: String) throws -> H5Node {
        file.kind(of: name) == .group ? try file.group(name) : try file.dataset(name)
    }

    private func read<T: H5Scalar>(_ name: String, _ type: T.Type, _ rows: Range<Int>?) throws -> [T] {
        let dataset = try file.dataset(name)
        guard let rows else { return try dataset.read(as: type, limitBytes: readLimit) }
        var bytes = MemoryLayout<T>.size
        for count in try dataset.shape().dropFirst() + [rows.count] {
            let (product, overflow) = bytes.multipliedReportingOverflow(by: count)
            guard !overflow, product <= readLimit else {
                throw FormatError(.corrupt, path: path, "dataset '\(name)' declares rows larger than the file can hold")
            }
            bytes = product
        }
        return try dataset.readRows(as: type, start: rows.lowerBound, rows: rows.count)
    }
}
