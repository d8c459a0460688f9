/// Reads one 2-D (`rows × columns`) or 3-D (`layers × rows × columns`) numeric dataset
/// addressed by its path inside an HDF5 file; energies, pixel size and units come from
/// `ReadOptions` or the dataset's `units` attribute, and what is assumed is recorded.
enum GenericHDF5 {
    static func read(file: H5Node, dataset path: String, limitBytes: Int, options: ReadOptions) throws -> Dataset {
        let node = try file.dataset(path)
        let dims = try node.shape()
        guard dims.count == 2 || dims.count == 3 else {
            throw FormatError(.unsupported, path: file.path, "dataset '\(path)' has rank \(dims.count); only 2-D and 3-D datasets can be read")
        }
        try requireStorable(dims, limitBytes: limitBytes, path: file.path, what: "dataset '\(path)'")
        let values = try node.read(as: Float.self, limitBytes: limitBytes)
        var assumptions = ["read dataset '\(path)' as \(dims.count == 3 ? "layers × rows × columns" : "rows × columns")"]
        var unitOptions = options
        if unitOptions.units == nil, let unit = node.stringAttribute("units")?.first { unitOptions.units = unit }
        let unit = unitOptions.sampleUnit(assumptions: &assumptions)
        let rows = dims[dims.count - 2], columns = dims[dims.count - 1]
        let (x, y) = options.spatialAxes(rows: rows, columns: columns, assumptions: &assumptions)
        let sweep = dims.count == 3 ? try options.sweepAxis(count: dims[0], path: file.path, assumptions: &assumptions) : nil
        let name = String(path.split(separator: "/").last ?? "data")
        return Dataset(sweep: sweep, x: x, y: y,
                       channels: [Channel(name: name, unit: unit, data: values)],
                       metadata: Metadata(source: SourceInfo(format: "HDF5 dataset", fileName: fileName(file.path)),
                                          assumptions: assumptions))
    }
}
