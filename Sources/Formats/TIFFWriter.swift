/// Writes a `Dataset` as a Float32 multi-page TIFF that Fiji opens as a hyperstack
/// (channels × slices, channel fastest), with the pixel size and sweep spacing in ImageJ's
/// description, plus QPIKit's full metadata on a `qpikit=` line of the same description.
///
/// Rows are written top line first (TIFF convention), so the image is upright in any viewer.
public enum TIFFWriter {
    /// Writes `dataset` to `path` (under a temporary name, renamed when complete).
    public static func write(_ dataset: Dataset, to path: String) throws {
        let nx = dataset.x.count, ny = dataset.y.count
        let layers = dataset.layerCount, count = dataset.channels.count
        guard count > 0 else { throw FormatError(.invalidRequest, path: path, "nothing to write: no channels") }
        try AtomicOutput.write(to: path) { temporary in
            let file = try TIFFFile.open(path: temporary, mode: "w8")
            let description = try imageJDescription(dataset)
            let resolution = dataset.x.uniformStep.map { 1 / ($0 * 1e9) }
            var page = [Float](repeating: 0, count: nx * ny)
            for layer in 0..<layers {
                for (c, channel) in dataset.channels.enumerated() {
                    let index = layer * count + c
                    channel.data.withUnsafeBufferPointer { source in
                        for r in 0..<ny {
                            let from = layer * nx * ny + (ny - 1 - r) * nx
                            for col in 0..<nx { page[r * nx + col] = source[from + col] }
                        }
                    }
                    try page.withUnsafeBufferPointer {
                        try file.writePage($0, width: nx, height: ny, page: index, pages: layers * count,
                                           description: index == 0 ? description : nil, resolution: resolution)
                    }
                }
            }
        }
    }

    /// What Fiji will not see of `dataset` (QPIKit's own reader restores everything).
    public static func losses(_ dataset: Dataset) -> [String] {
        guard let sweep = dataset.sweep, let step = sweep.uniformStep, step < 0 else { return [] }
        return ["ImageJ calibrates slices only in ascending order: Fiji shows the slices of this descending \(sweep.name) sweep by number (the values are in the file's QPIKit metadata)"]
    }

    /// ImageJ's hyperstack description plus the `qpikit=` metadata line.
    static func imageJDescription(_ dataset: Dataset) throws -> String {
        let channels = dataset.channels.count, slices = dataset.layerCount
        var lines = ["ImageJ=1.54f", "images=\(channels * slices)"]
        if channels > 1 { lines.append("channels=\(channels)") }
        if slices > 1 { lines.append("slices=\(slices)") }
        if channels > 1 && slices > 1 { lines.append("hyperstack=true") }
        if channels > 1 { lines.append("mode=grayscale") }
        lines.append("unit=nm")
        // ImageJ's calibration z = (slice − zorigin) · spacing needs spacing > 0: a descending
        // sweep gets none (Fiji numbers the slices; `losses` says so), the qpikit line has it all.
        if let sweep = dataset.sweep, let step = sweep.uniformStep, step > 0 {
            let (scale, unit) = sweep.unit == "V" ? (1e3, "mV") : (1.0, sweep.unit)
            lines.append("spacing=\(step * scale)")
            lines.append("zunit=\(unit)")
            lines.append("zorigin=\(-sweep.values[0] / step)")
        }
        lines.append("loop=false")
        lines.append("qpikit=\(try EmbeddedMetadata(dataset).encoded())")
        return lines.joined(separator: "\n") + "\n"
    }
}
