import QPICore

/// Reads files in QPIKit's own HDF5 layout (see `HDF5Writer`), restoring every field that
/// the writer stored.
enum QPIKitHDF5 {
    static func read(file: H5Node, limitBytes: Int) throws -> Dataset {
        let path = file.path
        let data = try file.group("entry/data")
        let axes = data.stringAttribute("axes") ?? []
        guard axes.count == 2 || axes.count == 3 else {
            throw FormatError(.corrupt, path: path, "/entry/data 'axes' must name 2 or 3 axes")
        }
        let sweep = axes.count == 3 ? try readAxis(axes[0], in: data, limitBytes: limitBytes) : nil
        let x = try readAxis("x", in: data, limitBytes: limitBytes)
        let y = try readAxis("y", in: data, limitBytes: limitBytes)
        let expected = (sweep?.count ?? 1) * x.count * y.count
        var channels: [Channel] = []
        for name in data.stringAttribute("channels") ?? [] {
            let node = try data.dataset(name)
            let values = try node.read(as: Float.self, limitBytes: limitBytes)
            guard values.count == expected else {
                throw FormatError(.corrupt, path: path, "channel '\(name)' has \(values.count) values, the axes need \(expected)")
            }
            channels.append(Channel(
                name: node.stringAttribute("channel_name")?.first ?? name,
                unit: node.stringAttribute("units")?.first ?? "",
                direction: ScanDirection(rawValue: node.stringAttribute("direction")?.first ?? "") ?? .forward,
                longName: node.stringAttribute("long_name")?.first, data: values))
        }
        var parameters: [PixelParameter] = []
        if let group = try? file.group("entry/parameters") {
            for name in try group.stringAttribute("order") ?? group.children() {
                let node = try group.dataset(name)
                let values = try node.read(as: Float.self, limitBytes: limitBytes)
                guard values.count == x.count * y.count else {
                    throw FormatError(.corrupt, path: path, "parameter '\(name)' does not match the image size")
                }
                parameters.append(PixelParameter(name: node.stringAttribute("long_name")?.first ?? name,
                                                 unit: node.stringAttribute("units")?.first ?? "", values: values))
            }
        }
        let metadata = Metadata(
            source: try readSource(file),
            scanAngleDegrees: data.doubleAttribute("scan_angle_deg") ?? 0,
            missingPixels: try missingPixels(data, path: path),
            assumptions: data.stringAttribute("assumptions") ?? [],
            provenance: try readProvenance(file))
        return Dataset(sweep: sweep, x: x, y: y, channels: channels, parameters: parameters, metadata: metadata)
    }

    /// The `missing_pixels` attribute: a count, so a whole number from 0 to the number of pixels.
    private static func missingPixels(_ data: H5Node, path: String) throws -> Int {
        let value = data.doubleAttribute("missing_pixels") ?? 0
        guard value.isFinite, value >= 0, value <= Double(Int32.max), let count = Int(exactly: value) else {
            throw FormatError(.corrupt, path: path, "/entry/data 'missing_pixels' is \(value), not a pixel count")
        }
        return count
    }

    static func readAxis(_ name: String, in group: H5Node, limitBytes: Int) throws -> Axis {
        let node = try group.dataset(name)
        return Axis(name: node.stringAttribute("long_name")?.first ?? name,
                    unit: node.stringAttribute("units")?.first ?? "",
                    values: try node.read(as: Double.self, limitBytes: limitBytes))
    }

    private static func readSource(_ file: H5Node) throws -> SourceInfo {
        guard let group = try? file.group("entry/source") else {
            return SourceInfo(format: "QPIKit HDF5", fileName: fileName(file.path))
        }
        return SourceInfo(format: try group.dataset("format").readString(),
                          fileName: try group.dataset("file_name").readString(),
                          header: try group.dataset("header").readString())
    }

    static func readProvenance(_ file: H5Node) throws -> [ProcessStep] {
        guard let process = try? file.group("entry/process") else { return [] }
        return try process.children().map { name in
            let group = try process.group(name)
            var step = ProcessStep(step: try group.dataset("step").readString())
            step.program = try group.dataset("program").readString()
            step.version = try group.dataset("version").readString()
            step.parametersJSON = try group.dataset("parameters").readString()
            step.date = try group.dataset("date").readString()
            return step
        }
    }
}
