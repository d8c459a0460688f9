/// Reads pycroscopy NSID files: the first "main" dataset (one carrying `main_data_name` or
/// `data_type`), with its dimensions from the sibling datasets named by `DIMENSION_LABELS`.
///
/// Rank 2 is an image (dimension 0 → rows, 1 → columns). Rank 3 with a `CHANNEL` dimension is a
/// set of spectra: each channel index becomes a channel, the dimension listed last becomes the
/// sweep and the remaining one the columns of a one-row grid. Rank 3 without a channel dimension
/// uses a `SPECTRAL` dimension (else the first) as the sweep.
enum NSIDReader {
    static func read(file: H5Node, limitBytes: Int, options: ReadOptions) throws -> Dataset? {
        guard let (path, node, group) = try findMain(in: file, path: "", depth: 0) else { return nil }
        let dims = try node.shape()
        guard dims.count == 2 || dims.count == 3 else { return nil }
        try requireStorable(dims, limitBytes: limitBytes, path: file.path, what: "NSID dataset '\(path)'")
        let labels = node.stringAttribute("DIMENSION_LABELS") ?? []
        let dimensions = dims.indices.map { i in Dimension(index: i, size: dims[i], label: i < labels.count ? labels[i] : nil, group: group, limitBytes: limitBytes) }
        let values = try node.read(as: Float.self, limitBytes: limitBytes)
        let unit = node.stringAttribute("units")?.first ?? ""
        let quantity = node.stringAttribute("quantity")?.first ?? String(path.split(separator: "/").last ?? "data")
        var assumptions = ["NSID main dataset '\(path)'"]
        let source = SourceInfo(format: "pycroscopy NSID HDF5", fileName: fileName(file.path))

        if dims.count == 2 {
            let y = dimensions[0].spatialAxis(named: "y", assumptions: &assumptions)
            let x = dimensions[1].spatialAxis(named: "x", assumptions: &assumptions)
            return Dataset(sweep: nil, x: x, y: y, channels: [Channel(name: quantity, unit: unit, data: values)],
                           metadata: Metadata(source: source, assumptions: assumptions))
        }
        if let c = dimensions.firstIndex(where: { $0.type == "CHANNEL" }) {
            let others = dimensions.indices.filter { $0 != c }
            let (positions, sweepDim) = (others[0], others[1])
            let reordered = permuted(values, dims: dims, order: [c, sweepDim, positions])
            let perChannel = dims[sweepDim] * dims[positions]
            // The channel dimension's quantity and units list the channels, joined by "_".
            let names = splitList(dimensions[c].quantity, count: dims[c]) ?? (0..<dims[c]).map { "\(quantity) \($0)" }
            let units = splitList(dimensions[c].unit, count: dims[c]) ?? Array(repeating: unit, count: dims[c])
            let channels = (0..<dims[c]).map { i in
                Channel(name: names[i], unit: units[i], data: Array(reordered[i * perChannel ..< (i + 1) * perChannel]))
            }
            assumptions.append("spectra at \(dims[positions]) positions stored as a 1 × \(dims[positions]) grid; positions by index")
            return Dataset(sweep: dimensions[sweepDim].axis,
                           x: Axis(name: "x", unit: "", values: dimensions[positions].axis.values),
                           y: Axis(name: "y", unit: "m", values: [0]), channels: channels,
                           metadata: Metadata(source: source, assumptions: assumptions))
        }
        let s = dimensions.firstIndex { $0.type == "SPECTRAL" } ?? 0
        let spatial = dimensions.indices.filter { $0 != s }
        let reordered = permuted(values, dims: dims, order: [s] + spatial)
        return Dataset(sweep: dimensions[s].axis,
                       x: dimensions[spatial[1]].spatialAxis(named: "x", assumptions: &assumptions),
                       y: dimensions[spatial[0]].spatialAxis(named: "y", assumptions: &assumptions),
                       channels: [Channel(name: quantity, unit: unit, data: reordered)],
                       metadata: Metadata(source: source, assumptions: assumptions))
    }

    /// `a_b_c` split at `_` when it yields exactly `count` parts.
    private static func splitList(_ text: String, count: Int) -> [String]? {
        let parts = text.split(separator: "_").map(String.init)
        return parts.count == count ? parts : nil
    }

    private static func findMain(in node: H5Node, path: String, depth: Int) throws -> (String, H5Node, H5Node)? {
        guard depth < 6 else { return nil }
        for name in try node.children() {
            let childPath = "\(path)/\(name)"
            switch node.kind(of: name) {
            case .dataset:
                if let dataset = try? node.dataset(name),
                   dataset.stringAttribute("main_data_name") != nil || dataset.stringAttribute("data_type") != nil,
                   dataset.stringAttribute("DIMENSION_LABELS") != nil {
                    return (childPath, dataset, node)
                }
            case .group:
                if let child = try? node.group(name), let found = try findMain(in: child, path: childPath, depth: depth + 1) {
                    return found
                }
            case .other:
                continue
            }
        }
        return nil
    }

    /// One dimension of a main dataset with its scale.
    private struct Dimension {
        var axis: Axis
        var type: String
        var quantity: String
        var unit: String

        init(index: Int, size: Int, label: String?, group: H5Node, limitBytes: Int) {
            if let label, let node = try? group.dataset(label),
               let values = try? node.read(as: Double.self, limitBytes: limitBytes), values.count == size {
                axis = Axis(name: node.stringAttribute("name")?.first ?? label,
                            unit: node.stringAttribute("units")?.first ?? "", values: values)
                type = (node.stringAttribute("dimension_type")?.first ?? "").uppercased()
                quantity = node.stringAttribute("quantity")?.first ?? ""
                unit = axis.unit
            } else {
                quantity = ""
                unit = ""
                axis = Axis(name: label ?? "dim\(index)", unit: "", values: (0..<size).map(Double.init))
                type = ""
            }
        }

        func spatialAxis(named name: String, assumptions: inout [String]) -> Axis {
            if let si = metres(axis.values, unit: axis.unit) { return Axis(name: name, unit: "m", values: si) }
            assumptions.append("dimension '\(axis.name)' has unit '\(axis.unit)' (not a length): kept as is for \(name)")
            return Axis(name: name, unit: axis.unit, values: axis.values)
        }
    }
}
