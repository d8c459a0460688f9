/// Reads Gwyddion native files (`.gwy`: `GWYP`, then one serialised `GwyContainer`).
///
/// - Images: every `GwyDataField` stored as `/N/data` of the first one's size becomes a channel
///   named by `/N/data/title`, in units of its `si_unit_z`; the axes come from `xreal`/`yreal`
///   (pixel centres, offset by `xoff`/`yoff`) in the unit of `si_unit_xy`.
/// - Volume data: when the file holds `GwyBrick`s (`/brick/N`, x fastest, then y, then z), every
///   brick of the first one's size becomes a channel of a spectral grid (units of `si_unit_w`)
///   whose sweep is z: the brick's z calibration when present, else the pixel centres of
///   `zreal`/`zoff` (Gwyddion's convention), in the unit of `si_unit_z` and named `Bias` when it
///   is in V. Image channels are then not read.
/// - Everything not read (other sizes, masks, graphs, spectra) is listed in the assumptions.
///
/// Gwyddion stores the top line of an image first, so rows are flipped to put row 0 at the
/// bottom; `yoff` is taken as the lower edge of the frame. Files written by QPIKit carry the
/// whole data set's metadata (the string `qpikit` in the first channel's metadata container) and
/// are restored exactly.
public enum GwyddionReader {
    static let magic = Array("GWYP".utf8)
    /// The name of the string holding QPIKit's `EmbeddedMetadata` JSON, in the metadata container
    /// of the first channel (where Gwyddion's metadata browser shows it).
    static let metadataName = "qpikit"

    /// The key of the first channel's metadata container: `/0/meta`, or `/brick/0/meta` for a grid.
    static func metadataContainerKey(grid: Bool) -> String { grid ? "/brick/0/meta" : "/0/meta" }

    /// Reads the Gwyddion file at `path`.
    public static func read(path: String) throws -> Dataset {
        let file = try InputFile(path: path)
        let head = try file.prefix(4)
        guard head == magic else {
            if head == Array("GWYO".utf8) {
                throw FormatError(.unsupported, path: path, "a Gwyddion 1 file (GWYO): open and save it with Gwyddion 2 first")
            }
            throw FormatError(.unrecognised, path: path, "does not start with 'GWYP': not a Gwyddion file")
        }
        let container = try GwyParser(file: file, position: 4).object(end: file.size)
        guard container.type == "GwyContainer" else {
            throw FormatError(.corrupt, path: path, "the file holds a \(container.type), not a GwyContainer")
        }
        let fields = try stored(in: container, type: "GwyDataField", path: path)
        let bricks = try stored(in: container, type: "GwyBrick", path: path)
        var note: String?
        if let json = [false, true].lazy.compactMap({ container.object(metadataContainerKey(grid: $0))?.string(metadataName) }).first {
            let embedded = try EmbeddedMetadata.decode(json, path: path)
            let shape = [embedded.sweep?.count ?? 1, embedded.y.count, embedded.x.count]
            let source = embedded.sweep == nil ? fields : bricks
            if source.count == embedded.channels.count, source.allSatisfy({ $0.shape == shape }) {
                return try embedded.dataset(channelData: source.map { try samples($0, file: file) }, path: path)
            }
            note = "QPIKit metadata ignored: it describes \(embedded.channels.count) channel(s) of shape \(shape), the file holds others"
        }
        return try foreign(container, channels: bricks.isEmpty ? fields : bricks, file: file, note: note)
    }

    /// A data field or brick stored under `/N/data` or `/brick/N`.
    private struct Stored {
        var key: String
        var title: String?
        var object: GwyObject
        /// Layers (1 for a data field), rows, columns.
        var shape: [Int]
        var data: GwyArray
    }

    /// Every object of `type` under its channel keys, in key order, with its size checked.
    private static func stored(in container: GwyObject, type: String, path: String) throws -> [Stored] {
        let brick = type == "GwyBrick"
        var found: [(index: Int, stored: Stored)] = []
        for (key, value) in container.components {
            let parts = key.split(separator: "/", omittingEmptySubsequences: false)
            let index = brick ? (parts.count == 3 && parts[1] == "brick" ? Int(parts[2]) : nil)
                              : (parts.count == 3 && parts[2] == "data" ? Int(parts[1]) : nil)
            guard let index, parts[0].isEmpty, case .object(let object) = value, object.type == type else { continue }
            let shape = [brick ? object.int("zres") ?? 0 : 1, object.int("yres") ?? 0, object.int("xres") ?? 0]
            guard let data = object.doubles("data"), shape.allSatisfy({ $0 >= 1 }), product(shape) == data.count else {
                throw FormatError(.corrupt, path: path, "\(type) \(key) declares \(shape.reversed().map(String.init).joined(separator: "×")) samples that its data array does not hold")
            }
            found.append((index, Stored(key: key, title: container.string("\(key)/title"), object: object, shape: shape, data: data)))
        }
        return found.sorted { $0.index < $1.index }.map(\.stored)
    }

    /// The product of `dims`, or nil when it overflows.
    private static func product(_ dims: [Int]) -> Int? {
        var total = 1
        for dim in dims {
            let (next, overflow) = total.multipliedReportingOverflow(by: dim)
            if overflow { return nil }
            total = next
        }
        return total
    }

    /// A file without QPIKit metadata: the first kind of channel found and its same-size siblings.
    private static func foreign(_ container: GwyObject, channels candidates: [Stored], file: InputFile, note: String?) throws -> Dataset {
        guard let first = candidates.first else {
            throw FormatError(.unsupported, path: file.path, "holds no data field (/N/data) and no volume data (/brick/N)")
        }
        let grid = first.object.type == "GwyBrick"
        let used = candidates.filter { $0.shape == first.shape }
        var assumptions = ["rows flipped: Gwyddion stores the top line first; row 0 here is the bottom line, and yoff its lower edge"]
        if let note { assumptions.append(note) }
        let usedKeys = Set(used.map(\.key))
        let dataTypes: Set = ["GwyDataField", "GwyBrick", "GwyGraphModel", "GwySpectra", "GwySurface", "GwyLawn"]
        let notRead = container.components.compactMap { key, value -> String? in
            guard case .object(let object) = value, dataTypes.contains(object.type), !usedKeys.contains(key),
                  !key.hasSuffix("/preview") else { return nil }
            return "\(key) (\(object.type))"
        }
        if !notRead.isEmpty { assumptions.append("not read: " + notRead.joined(separator: ", ")) }

        let object = first.object
        let x = try axis("x", object, real: "xreal", offset: "xoff", unit: grid ? "si_unit_x" : "si_unit_xy", count: first.shape[2], file: file)
        let y = try axis("y", object, real: "yreal", offset: "yoff", unit: grid ? "si_unit_y" : "si_unit_xy", count: first.shape[1], file: file)
        for unit in Set([x.unit, y.unit]).subtracting(["m"]).sorted() {
            assumptions.append("the file gives lateral sizes in '\(unit)', not m: kept as given")
        }
        var sweep: Axis?
        if grid {
            let unit = object.unit("si_unit_z")
            sweep = Axis(name: unit == "V" ? "Bias" : "z", unit: unit, values: try sweepValues(object, count: first.shape[0], file: file))
            assumptions.append("sweep axis named '\(sweep!.name)' after its unit (Gwyddion names no axes)")
        }
        let channels = try used.enumerated().map { index, stored in
            Channel(name: stored.title ?? "Channel \(index)", unit: stored.object.unit(grid ? "si_unit_w" : "si_unit_z"),
                    data: try samples(stored, file: file))
        }
        let metadata = Metadata(source: SourceInfo(format: "Gwyddion gwy", fileName: fileName(file.path), header: summary(container)),
                                assumptions: assumptions)
        return Dataset(sweep: sweep, x: x, y: y, channels: channels, metadata: metadata)
    }

    /// Pixel centres of `count` pixels spanning `real` from `offset` (Gwyddion's convention).
    private static func axis(_ name: String, _ object: GwyObject, real: String, offset: String, unit: String,
                             count: Int, file: InputFile) throws -> Axis {
        guard let width = object.double(real), width.isFinite, width > 0 else {
            throw FormatError(.corrupt, path: file.path, "\(object.type) has no positive \(real)")
        }
        let start = object.double(offset) ?? 0
        guard start.isFinite else { throw FormatError(.corrupt, path: file.path, "\(object.type) has a non-finite \(offset)") }
        var axis = Axis.pixelCentres(name: name, center: start + width / 2, width: width, count: count)
        axis.unit = object.unit(unit)
        return axis
    }

    /// The z value of every level of a brick: its calibration, else the pixel centres of zreal/zoff.
    private static func sweepValues(_ brick: GwyObject, count: Int, file: InputFile) throws -> [Double] {
        if case .objects(let lines)? = brick["calibration"], let data = lines.first?.doubles("data"), data.count == count {
            var values = [Double](repeating: 0, count: count)
            try values.withUnsafeMutableBytes { try file.read(into: $0, at: data.offset, count: count * 8) }
            return values.map { Double(bitPattern: UInt64(littleEndian: $0.bitPattern)) }
        }
        return try axis("z", brick, real: "zreal", offset: "zoff", unit: "si_unit_z", count: count, file: file).values
    }

    /// The samples of `stored` as Float, each layer's rows flipped (row 0 = bottom), read a
    /// block of rows at a time.
    private static func samples(_ stored: Stored, file: InputFile) throws -> [Float] {
        let (layers, rows, columns) = (stored.shape[0], stored.shape[1], stored.shape[2])
        var out = [Float](repeating: 0, count: stored.data.count)
        let blockRows = max(1, (1 << 20) / (columns * 8))
        var buffer = [UInt8](repeating: 0, count: min(blockRows, rows) * columns * 8)
        for layer in 0..<layers {
            for first in stride(from: 0, to: rows, by: blockRows) {
                let count = min(blockRows, rows - first)
                let offset = stored.data.offset + ((layer * rows + first) * columns) * 8
                try buffer.withUnsafeMutableBytes { try file.read(into: $0, at: offset, count: count * columns * 8) }
                buffer.withUnsafeBytes { source in
                    out.withUnsafeMutableBufferPointer { target in
                        for r in 0..<count {
                            let base = (layer * rows + rows - 1 - (first + r)) * columns
                            for c in 0..<columns {
                                let bits = source.loadUnaligned(fromByteOffset: (r * columns + c) * 8, as: UInt64.self)
                                target[base + c] = Float(Double(bitPattern: UInt64(littleEndian: bits)))
                            }
                        }
                    }
                }
            }
        }
        return out
    }

    /// The container's scalar and string items (metadata containers included) as `key = value`
    /// lines: the nearest a `.gwy` file has to a header.
    private static func summary(_ container: GwyObject, prefix: String = "") -> String {
        var lines: [String] = []
        for (name, value) in container.components where name != metadataName {
            switch value {
            case .bool(let flag): lines.append("\(prefix)\(name) = \(flag)")
            case .char(let char): lines.append("\(prefix)\(name) = \(Character(Unicode.Scalar(char)))")
            case .int32(let number): lines.append("\(prefix)\(name) = \(number)")
            case .int64(let number): lines.append("\(prefix)\(name) = \(number)")
            case .double(let number): lines.append("\(prefix)\(name) = \(number)")
            case .string(let text): lines.append("\(prefix)\(name) = \(text)")
            case .object(let object) where object.type == "GwyContainer":
                lines.append(summary(object, prefix: "\(prefix)\(name)/"))
            case .object(let object): lines.append("\(prefix)\(name) = <\(object.type)>")
            case .array(let array): lines.append("\(prefix)\(name) = <\(array.count) × \(Character(Unicode.Scalar(array.type)))>")
            case .strings(let texts): lines.append("\(prefix)\(name) = \(texts.joined(separator: "; "))")
            case .objects(let objects): lines.append("\(prefix)\(name) = <\(objects.count) objects>")
            }
        }
        return lines.filter { !$0.isEmpty }.joined(separator: "\n")
    }
}
