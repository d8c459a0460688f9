import QPICore

/// Writes a `Dataset` in QPIKit's HDF5 layout (NeXus style):
///
/// - `/entry` (`NXentry`), `/entry/data` (`NXdata`, `signal`, `axes` = `["bias","y","x"]` or `["y","x"]`,
///   `scan_angle_deg`);
/// - `/entry/data/bias` (or the swept quantity's own name) float64 with `units`, `x` and `y` float64 in m;
/// - every channel as `/entry/data/<Name>_fwd|_bwd` float32 with `units` and `long_name`;
/// - per-pixel parameters under `/entry/parameters`, the verbatim source under `/entry/source`,
///   and each processing step as an `NXprocess` group under `/entry/process`.
///
/// The file is written under a temporary name and renamed when complete.
public enum HDF5Writer {
    /// Writes `dataset` to `path`.
    public static func write(_ dataset: Dataset, to path: String) throws {
        try HDF5Document.write(to: path) { try $0.write(dataset) }
    }

    /// The dataset name of the sweep axis: `bias` for a bias sweep, else the quantity's own name.
    static func sweepDatasetName(_ axis: Axis) -> String {
        axis.name.lowercased().hasPrefix("bias") && axis.unit == "V" ? "bias" : Channel.sanitized(axis.name)
    }

    static func writeEntry(_ dataset: Dataset, into file: H5Node) throws {
        let entry = try file.createGroup("entry")
        try entry.setAttribute("NX_class", "NXentry")
        try entry.setAttribute("qpikit_version", QPIKitVersion.current)
        let data = try entry.createGroup("data")
        try data.setAttribute("NX_class", "NXdata")
        let names = uniqueDatasetNames(dataset.channels)
        try data.setAttribute("signal", names.first ?? "")
        try data.setAttribute("channels", names)
        try data.setAttribute("scan_angle_deg", dataset.metadata.scanAngleDegrees)
        try data.setAttribute("missing_pixels", Double(dataset.metadata.missingPixels))
        if !dataset.metadata.assumptions.isEmpty {
            try data.setAttribute("assumptions", dataset.metadata.assumptions)
        }
        var planeDims = [dataset.y.count, dataset.x.count]
        if let sweep = dataset.sweep {
            let name = sweepDatasetName(sweep)
            try data.setAttribute("axes", [name, "y", "x"])
            try writeAxis(sweep, as: name, into: data)
            planeDims.insert(sweep.count, at: 0)
        } else {
            try data.setAttribute("axes", ["y", "x"])
        }
        try writeAxis(dataset.x, as: "x", into: data)
        try writeAxis(dataset.y, as: "y", into: data)
        for (channel, name) in zip(dataset.channels, names) {
            let node = try data.write(name, channel.data, dims: planeDims)
            try node.setAttribute("units", channel.unit)
            try node.setAttribute("long_name", channel.longName)
            try node.setAttribute("channel_name", channel.name)
            try node.setAttribute("direction", channel.direction.rawValue)
        }
        if !dataset.parameters.isEmpty {
            let group = try entry.createGroup("parameters")
            try group.setAttribute("NX_class", "NXcollection")
            let names = uniqueNames(dataset.parameters.map { Channel.sanitized($0.name) })
            try group.setAttribute("order", names)
            for (parameter, name) in zip(dataset.parameters, names) {
                let node = try group.write(name, parameter.values, dims: [dataset.y.count, dataset.x.count])
                try node.setAttribute("units", parameter.unit)
                try node.setAttribute("long_name", parameter.name)
            }
        }
        try writeSource(dataset.metadata.source, into: entry)
        try writeProvenance(dataset.metadata.provenance, into: entry)
    }

    private static func writeAxis(_ axis: Axis, as name: String, into group: H5Node) throws {
        let node = try group.write(name, axis.values, dims: [axis.count])
        try node.setAttribute("units", axis.unit)
        try node.setAttribute("long_name", axis.name)
    }

    private static func writeSource(_ source: SourceInfo, into entry: H5Node) throws {
        let group = try entry.createGroup("source")
        try group.setAttribute("NX_class", "NXcollection")
        try group.writeString("format", source.format)
        try group.writeString("file_name", source.fileName)
        try group.writeString("header", source.header)
    }

    static func writeProvenance(_ steps: [ProcessStep], into entry: H5Node) throws {
        let process = try entry.createGroup("process")
        try process.setAttribute("NX_class", "NXcollection")
        for (index, step) in steps.enumerated() {
            let group = try process.createGroup("\(format2(index))_\(Channel.sanitized(step.step))")
            try group.setAttribute("NX_class", "NXprocess")
            try group.writeString("step", step.step)
            try group.writeString("program", step.program)
            try group.writeString("version", step.version)
            try group.writeString("parameters", step.parametersJSON)
            try group.writeString("date", step.date)
        }
    }

    /// Channel dataset names, made unique with a numeric suffix where two channels collide.
    static func uniqueDatasetNames(_ channels: [Channel]) -> [String] {
        uniqueNames(channels.map(\.datasetName))
    }

    /// `names` with a numeric suffix added to the second and later copies of a name.
    static func uniqueNames(_ names: [String]) -> [String] {
        var seen: [String: Int] = [:]
        return names.map { base in
            let n = seen[base, default: 0]
            seen[base] = n + 1
            return n == 0 ? base : "\(base)\(n + 1)"
        }
    }

    /// A two-digit, zero-padded index (`07`) so groups sort in order.
    static func format2(_ index: Int) -> String {
        index < 10 ? "0\(index)" : "\(index)"
    }
}
