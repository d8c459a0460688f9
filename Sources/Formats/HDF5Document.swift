import QPICore

/// A small public builder for HDF5 files in any layout (used for simulator and preprocessing
/// outputs), written atomically: groups and datasets are addressed by slash-separated paths
/// from the root, and missing parent groups are created.
public final class HDF5Document {
    /// An attribute value.
    public enum Attribute: Sendable, Equatable {
        case string(String)
        case strings([String])
        case number(Double)
    }

    private let file: H5Node
    private var groups: [String: H5Node] = [:]

    private init(file: H5Node) { self.file = file }

    /// Creates the file at `path` through `body`, under a temporary name renamed on success.
    public static func write(to path: String, _ body: (HDF5Document) throws -> Void) throws {
        try AtomicOutput.write(to: path) { temporary in
            try body(HDF5Document(file: try H5Node.create(path: temporary)))
        }
    }

    /// Creates (or reuses) the group at `path` and sets `attributes` on it.
    public func group(_ path: String, attributes: [String: Attribute] = [:]) throws {
        try set(attributes, on: node(for: path))
    }

    /// Writes a float32 dataset of shape `dims`.
    public func dataset(_ path: String, _ values: [Float], dims: [Int], attributes: [String: Attribute] = [:]) throws {
        let (parent, name) = try split(path)
        try set(attributes, on: try parent.write(name, values, dims: dims))
    }

    /// Writes a float64 dataset of shape `dims`.
    public func dataset(_ path: String, _ values: [Double], dims: [Int], attributes: [String: Attribute] = [:]) throws {
        let (parent, name) = try split(path)
        try set(attributes, on: try parent.write(name, values, dims: dims))
    }

    /// Writes an int64 dataset of shape `dims`.
    public func dataset(_ path: String, _ values: [Int64], dims: [Int], attributes: [String: Attribute] = [:]) throws {
        let (parent, name) = try split(path)
        try set(attributes, on: try parent.write(name, values, dims: dims))
    }

    /// Creates a dataset of shape `dims` to be filled a block of first-axis rows at a time, so
    /// that large arrays never need to be in memory at once.
    public func rows(_ path: String, of element: HDF5Rows.Element, dims: [Int],
                     attributes: [String: Attribute] = [:]) throws -> HDF5Rows {
        let (parent, name) = try split(path)
        let node: H5Node
        switch element {
        case .float32: node = try parent.create(name, of: Float.self, dims: dims)
        case .float64: node = try parent.create(name, of: Double.self, dims: dims)
        case .int64: node = try parent.create(name, of: Int64.self, dims: dims)
        }
        try set(attributes, on: node)
        return HDF5Rows(node: node)
    }

    /// Writes `dataset` in QPIKit's layout (`/entry`, `/entry/data`, …; see `HDF5Writer`), so that
    /// further groups can be added beside it.
    public func write(_ dataset: Dataset) throws {
        try HDF5Writer.writeEntry(dataset, into: file)
    }

    /// Writes `steps` under `/entry/process` as QPIKit files store provenance (one `NXprocess`
    /// group per step with `step`, `program`, `version`, `parameters` and `date`), so that
    /// `QPIKitHDF5.readProvenance` reads them back.
    public func provenance(_ steps: [ProcessStep]) throws {
        try HDF5Writer.writeProvenance(steps, into: try node(for: "entry"))
    }

    /// Writes a scalar string dataset.
    public func string(_ path: String, _ value: String) throws {
        let (parent, name) = try split(path)
        try parent.writeString(name, value)
    }

    private func split(_ path: String) throws -> (H5Node, String) {
        let parts = path.split(separator: "/").map(String.init)
        return (try node(for: parts.dropLast().joined(separator: "/")), parts.last ?? path)
    }

    private func node(for path: String) throws -> H5Node {
        if path.isEmpty { return file }
        if let existing = groups[path] { return existing }
        let parts = path.split(separator: "/").map(String.init)
        let parent = try node(for: parts.dropLast().joined(separator: "/"))
        let created = parent.kind(of: parts.last!) == .group ? try parent.group(parts.last!) : try parent.createGroup(parts.last!)
        groups[path] = created
        return created
    }

    private func set(_ attributes: [String: Attribute], on node: H5Node) throws {
        for (name, value) in attributes.sorted(by: { $0.key < $1.key }) {
            switch value {
            case .string(let text): try node.setAttribute(name, text)
            case .strings(let list): try node.setAttribute(name, list)
            case .number(let number): try node.setAttribute(name, number)
            }
        }
    }
}
