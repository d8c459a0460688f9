/// Writes a `Dataset` as a Gwyddion native file (`.gwy`) that Gwyddion opens and that
/// `GwyddionReader` restores exactly.
///
/// - An image's channels become data fields `/N/data` titled by channel name (`[bwd]` appended
///   for backward channels), in the x axis's unit (m) laterally and in the channel's unit.
/// - A grid's channels become volume data `/brick/N` (x fastest, then y, then the sweep as z,
///   units x/y/z/w = x unit, y unit, sweep unit, channel unit) with a preview (`/brick/N/preview`,
///   the mean over the sweep of the finite samples) for Gwyddion's data browser. A sweep that is
///   not uniform and ascending is also stored as the brick's z calibration.
/// - Rows are written top line first, as Gwyddion expects; `xoff`/`yoff` are the frame's lower
///   edges and `xreal`/`yreal` its width and height (the pixel count times the mean step).
/// - The whole data set except the samples (`EmbeddedMetadata`: axes, names, units, directions,
///   per-pixel parameters, source header, provenance) goes into the string `qpikit` of the first
///   channel's metadata container (`/0/meta` or `/brick/0/meta`), which Gwyddion shows and keeps.
///
/// Samples are stored as doubles, so Float32 values (NaN and ±Inf included) come back bit for bit.
/// One serialised object holds at most 4 GiB (its size is a UInt32), which limits a channel to
/// about 500 million samples.
public enum GwyddionWriter {
    /// Writes `dataset` to `path` (under a temporary name, renamed when complete).
    public static func write(_ dataset: Dataset, to path: String) throws {
        guard !dataset.channels.isEmpty else { throw FormatError(.invalidRequest, path: path, "nothing to write: no channels") }
        guard dataset.x.count > 0, dataset.y.count > 0 else {
            throw FormatError(.invalidRequest, path: path, "nothing to write: the frame has \(dataset.x.count)×\(dataset.y.count) pixels")
        }
        if let channel = dataset.channels.first(where: { $0.data.count != dataset.pixelCount * dataset.layerCount }) {
            throw FormatError(.invalidRequest, path: path, "channel '\(channel.name)' holds \(channel.data.count) samples, the frame needs \(dataset.pixelCount * dataset.layerCount)")
        }
        let root = try container(dataset)
        guard root.componentsSize <= Int(UInt32.max) else {
            throw FormatError(.unsupported, path: path, "the data set needs \(root.componentsSize) bytes; a Gwyddion file holds at most 4 GiB")
        }
        try AtomicOutput.write(to: path) { temporary in
            let sink = try GwyByteSink(path: temporary)
            sink.bytes(GwyddionReader.magic)
            try root.write(to: sink)
            try sink.close()
        }
    }

    /// What Gwyddion will not show of `dataset` (QPIKit's own reader restores everything).
    public static func losses(_ dataset: Dataset) -> [String] {
        var losses: [String] = []
        if !dataset.parameters.isEmpty {
            losses.append("Gwyddion shows no per-pixel parameters (\(dataset.parameters.map(\.name).joined(separator: ", "))): they are kept in the file's QPIKit metadata only")
        }
        if [dataset.x, dataset.y].contains(where: { $0.count > 1 && $0.uniformStep == nil }) {
            losses.append("Gwyddion's pixels are uniform: it shows the mean pixel size of these non-uniform x/y axes (the exact ones are in the file's QPIKit metadata)")
        }
        let nonFinite = dataset.channels.reduce(0) { $0 + $1.data.lazy.filter { !$0.isFinite }.count }
        if nonFinite > 0 {
            losses.append("\(nonFinite) NaN/Inf samples are stored as they are; Gwyddion expects finite data (mask or fill them there)")
        }
        return losses
    }

    /// The top-level `GwyContainer` for `dataset`.
    private static func container(_ dataset: Dataset) throws -> GwyWriteObject {
        var items: [(name: String, value: GwyWriteValue)] = []
        for (index, channel) in dataset.channels.enumerated() {
            let title = GwyWriteValue.string(channel.direction == .backward ? "\(channel.name) [bwd]" : channel.name)
            if let sweep = dataset.sweep {
                let key = "/brick/\(index)"
                items += [(key, .object(brick(channel, sweep: sweep, dataset: dataset))), ("\(key)/title", title),
                          ("\(key)/preview", .object(field(meanOverSweep(channel, layers: sweep.count), unit: channel.unit, dataset: dataset)))]
            } else {
                items += [("/\(index)/data", .object(field(channel.data, unit: channel.unit, dataset: dataset))), ("/\(index)/data/title", title)]
            }
        }
        items.append((dataset.isGrid ? "/brick/0/visible" : "/0/data/visible", .bool(true)))
        let metadata = GwyWriteObject(type: "GwyContainer", components: [(GwyddionReader.metadataName, .string(try EmbeddedMetadata(dataset).encoded()))])
        items.append((GwyddionReader.metadataContainerKey(grid: dataset.isGrid), .object(metadata)))
        return GwyWriteObject(type: "GwyContainer", components: items)
    }

    /// A `GwyDataField` of one plane.
    private static func field(_ plane: [Float], unit: String, dataset: Dataset) -> GwyWriteObject {
        let x = frame(dataset.x, fallbackStep: 1e-9), y = frame(dataset.y, fallbackStep: 1e-9)
        let (rows, columns) = (dataset.y.count, dataset.x.count)
        return GwyWriteObject(type: "GwyDataField", components: [
            ("xres", .int32(Int32(clamping: columns))), ("yres", .int32(Int32(clamping: rows))),
            ("xreal", .double(x.real)), ("yreal", .double(y.real)), ("xoff", .double(x.offset)), ("yoff", .double(y.offset)),
            ("si_unit_xy", .object(siUnit(dataset.x.unit))), ("si_unit_z", .object(siUnit(unit))),
            ("data", .planes(plane, rows: rows, columns: columns)),
        ])
    }

    /// A `GwyBrick` of one channel of a grid.
    private static func brick(_ channel: Channel, sweep: Axis, dataset: Dataset) -> GwyWriteObject {
        let x = frame(dataset.x, fallbackStep: 1e-9), y = frame(dataset.y, fallbackStep: 1e-9), z = frame(sweep, fallbackStep: 1)
        let (rows, columns) = (dataset.y.count, dataset.x.count)
        var components: [(name: String, value: GwyWriteValue)] = [
            ("xres", .int32(Int32(clamping: columns))), ("yres", .int32(Int32(clamping: rows))), ("zres", .int32(Int32(clamping: sweep.count))),
            ("xreal", .double(x.real)), ("yreal", .double(y.real)), ("zreal", .double(z.real)),
            ("xoff", .double(x.offset)), ("yoff", .double(y.offset)), ("zoff", .double(z.offset)),
            ("si_unit_x", .object(siUnit(dataset.x.unit))), ("si_unit_y", .object(siUnit(dataset.y.unit))),
            ("si_unit_z", .object(siUnit(sweep.unit))), ("si_unit_w", .object(siUnit(channel.unit))),
            ("data", .planes(channel.data, rows: rows, columns: columns)),
        ]
        if !(sweep.uniformStep.map { $0 > 0 } ?? false) {
            let calibration = GwyWriteObject(type: "GwyDataLine", components: [
                ("res", .int32(Int32(clamping: sweep.count))), ("real", .double(z.real)), ("off", .double(z.offset)),
                ("si_unit_x", .object(siUnit(sweep.unit))), ("si_unit_y", .object(siUnit(sweep.unit))),
                ("data", .doubles(sweep.values)),
            ])
            components.append(("calibration", .objects([calibration])))
        }
        return GwyWriteObject(type: "GwyBrick", components: components)
    }

    /// Gwyddion's extent of an axis: the lower edge of its first pixel and the pixel count times
    /// the mean step (`fallbackStep` for a single point or a degenerate axis).
    private static func frame(_ axis: Axis, fallbackStep: Double) -> (offset: Double, real: Double) {
        let finite = axis.values.filter(\.isFinite)
        guard let low = finite.min(), let high = finite.max() else { return (0, fallbackStep * Double(max(1, axis.count))) }
        var step = axis.count > 1 ? (high - low) / Double(axis.count - 1) : 0
        if !(step > 0 && step.isFinite) { step = fallbackStep }
        return (low - step / 2, step * Double(axis.count))
    }

    /// The mean of each pixel's finite samples over the sweep (0 where none is finite).
    private static func meanOverSweep(_ channel: Channel, layers: Int) -> [Float] {
        let pixels = channel.data.count / max(1, layers)
        var sums = [Double](repeating: 0, count: pixels), counts = [Int](repeating: 0, count: pixels)
        for (index, value) in channel.data.enumerated() where value.isFinite {
            sums[index % pixels] += Double(value)
            counts[index % pixels] += 1
        }
        return zip(sums, counts).map { $1 > 0 ? Float($0 / Double($1)) : 0 }
    }

    private static func siUnit(_ unit: String) -> GwyWriteObject {
        GwyWriteObject(type: "GwySIUnit", components: [("unitstr", .string(unit))])
    }
}
