import Foundation

/// Reads Scienta Omicron MATRIX image data files (`….Z_mtrx`, `….I_mtrx`, `….Aux1_mtrx`, …)
/// with the parameters of their result file (`…_0001.mtrx`) in the same folder.
///
/// A data file (`ONTMATRX0101`, a `BKLT` block holding `DESC` and `DATA`) holds only int32 counts
/// and the id of its channel. The result file (`OmicronMATRIXParameters`), replayed up to the
/// bricklet reference naming the data file, gives the channel's name and its transfer function
/// to physical units (`TFF_Linear1D`: (raw − Offset) / Factor; `TFF_MultiLinear1D`:
/// (Raw_1 − PreOffset)(raw − Offset) / (NeutralFactor · PreFactor); `TFF_Identity`), the image
/// size (`XYScanner.Points` × `Lines`), the frame (`Width`, `Height` around `X_Offset`,
/// `Y_Offset`, taken as the frame centre) and the angle.
///
/// The counts run line by line: each line forward, then backward when `X_Retrace` is set; the
/// lines upwards, then, when `Y_Retrace` is set, downwards. Each trace present becomes a channel:
/// `Z` forward and backward (the backward lines mirrored), and for the downward pass `Z down`
/// forward and backward with its lines reversed, so that row 0 is the bottom line of the frame in
/// every channel (the upward pass starts at the bottom, as access2thematrix places it). Counts a
/// stopped scan did not record are NaN and counted as missing pixels.
///
/// Spectroscopy data files (`I(V)_mtrx`, `Aux1(V)_mtrx`, grids of curves) are refused as
/// unsupported, and so is a result file given alone.
public enum OmicronMATRIXReader {
    /// Reads the data file at `path` with the result file found beside it: `PREFIX_0001.mtrx`
    /// (and its continuations `_0002.mtrx`, …) for a data file `PREFIX--RUN_CYCLE.CHANNEL_mtrx`,
    /// else the only `.mtrx` file in the folder.
    public static func read(path: String) throws -> Dataset {
        if path.lowercased().hasSuffix(".mtrx") {
            throw FormatError(.invalidRequest, path: path,
                              "a MATRIX result file holds parameters, not data: open a data file (….Z_mtrx) of this result file")
        }
        return try read(path: path, resultFiles: try resultFiles(for: path))
    }

    /// Reads the data file at `path` with the result files `resultFiles` (in chain order). Errors
    /// in a result file name `path` and the result file.
    public static func read(path: String, resultFiles: [String]) throws -> Dataset {
        let file = try InputFile(path: path)
        let bricklet = try OmicronMATRIXBricklet(file: file)
        let name = fileName(path)
        let parameters: OmicronMATRIXParameters
        do {
            parameters = try OmicronMATRIXParameters(files: try resultFiles.map(InputFile.init), dataFileName: name)
        } catch let error as FormatError {
            throw FormatError(error.kind, path: path, "result file \(fileName(error.path)): \(error.reason)")
        }
        guard let key = parameters.channels[bricklet.channelID], let observable = parameters.observables[key] else {
            throw FormatError(.corrupt, path: path, String(format: "channel id %016llx is not in the result file's channel dictionary", bricklet.channelID))
        }
        if observable.name.contains("(") {
            throw FormatError(.unsupported, path: path,
                              "'\(observable.name)' is a MATRIX spectroscopy channel: only image data files (Z, I, Aux1, …) are read")
        }
        guard let transfer = parameters.transfers[key] else {
            throw FormatError(.corrupt, path: path, "the result file has no transfer function for channel '\(observable.name)'")
        }
        var image = try OmicronMATRIXScan(parameters: parameters, limitBytes: 32 * file.size + 64 << 20, path: path)
        guard bricklet.size == image.traces.count * image.lines * image.points else {
            throw FormatError(.corrupt, path: path, "the bricklet holds \(bricklet.size) counts but the scanner's "
                              + "\(image.traces.count) traces × \(image.lines) lines × \(image.points) points need \(image.traces.count * image.lines * image.points)")
        }
        let convert = try conversion(transfer, path: path)
        let counts = try bricklet.counts(in: file)
        let (unit, factor) = siBaseUnit(transfer.unit) ?? (transfer.unit, 1)
        let channels = image.channels(from: counts, name: observable.name, unit: unit) { Float(convert(Double($0)) * factor) }
        image.assumptions += [
            "parameters of the result file \(resultFiles.map(fileName).joined(separator: ", ")) as of its reference to \(name)",
            "int32 counts converted by \(transfer.name) \(transfer.parameters.keys.sorted().map { "\($0)=\(transfer.parameters[$0]!)" }.joined(separator: ", ")) to \(unit)",
        ]
        if counts.count < bricklet.size {
            image.assumptions.append("the scan was stopped: \(counts.count) of \(bricklet.size) counts recorded, the rest are NaN")
        }
        let header = "BREF = \(name)\nchannel = \(observable.name) (\(observable.unit))\n" + parameters.listing
        let metadata = Metadata(source: SourceInfo(format: DataFormat.omicronMATRIX.rawValue, fileName: name, header: header),
                                scanAngleDegrees: image.angle,
                                missingPixels: channels.map { $0.data.filter(\.isNaN).count }.max() ?? 0,
                                assumptions: image.assumptions)
        return Dataset(sweep: nil, x: image.x, y: image.y, channels: channels, metadata: metadata)
    }

    /// The result files of the data file at `path`: the chain `PREFIX_0001.mtrx`, `_0002`, …
    /// beside it, else the folder's only `.mtrx` file.
    static func resultFiles(for path: String) throws -> [String] {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent()
        let name = url.lastPathComponent
        let prefix = name.range(of: "--", options: .backwards).map { String(name[..<$0.lowerBound]) } ?? name
        var chain: [String] = []
        while case let next = folder.appendingPathComponent("\(prefix)_" + String(format: "%04d.mtrx", chain.count + 1)).path,
              FileManager.default.fileExists(atPath: next) {
            chain.append(next)
        }
        if !chain.isEmpty { return chain }
        let others = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
            .filter { $0.lowercased().hasSuffix(".mtrx") }
        guard others.count == 1 else {
            throw FormatError(.io, path: path, "cannot find its result file: expected \(prefix)_0001.mtrx beside it"
                              + (others.isEmpty ? "" : " (or a single .mtrx file; the folder holds \(others.count))"))
        }
        return [folder.appendingPathComponent(others[0]).path]
    }

    /// The transfer function as a closure on raw counts.
    private static func conversion(_ transfer: OmicronMATRIXParameters.Transfer, path: String) throws -> (Double) -> Double {
        func value(_ name: String) throws -> Double {
            guard let v = transfer.parameters[name], v.isFinite else {
                throw FormatError(.corrupt, path: path, "\(transfer.name) lacks a finite \(name)")
            }
            return v
        }
        switch transfer.name {
        case "TFF_Identity":
            return { $0 }
        case "TFF_Linear1D":
            let (offset, factor) = (try value("Offset"), try value("Factor"))
            guard factor != 0 else { throw FormatError(.corrupt, path: path, "TFF_Linear1D has Factor 0") }
            return { ($0 - offset) / factor }
        case "TFF_MultiLinear1D":
            let (raw1, preOffset, offset) = (try value("Raw_1"), try value("PreOffset"), try value("Offset"))
            let divisor = try value("NeutralFactor") * value("PreFactor")
            guard divisor != 0 else { throw FormatError(.corrupt, path: path, "TFF_MultiLinear1D has NeutralFactor × PreFactor = 0") }
            return { (raw1 - preOffset) * ($0 - offset) / divisor }
        default:
            throw FormatError(.unsupported, path: path, "transfer function '\(transfer.name)' is not read")
        }
    }
}

/// The scan raster of a MATRIX image from the `XYScanner` parameters, and the placing of the
/// recorded counts into one channel per trace.
private struct OmicronMATRIXScan {
    /// The traces in the order MATRIX interleaves them.
    static let traceLabels = ["forward/up", "backward/up", "forward/down", "backward/down"]

    var points: Int, lines: Int
    var xRetrace: Bool, yRetrace: Bool
    /// Indices into `traceLabels` of the traces the scan records.
    var traces: [Int]
    var x: Axis, y: Axis
    var angle: Double
    var assumptions: [String]

    /// The raster of `parameters`, refused when its samples would take more than `limitBytes`.
    init(parameters: OmicronMATRIXParameters, limitBytes: Int, path: String) throws {
        func count(_ name: String) throws -> Int {
            let value = try parameters.number("XYScanner.\(name)", path: path)
            guard value >= 1, value <= Double(Int32.max), value == value.rounded() else {
                throw FormatError(.corrupt, path: path, "XYScanner.\(name) is \(value), not a positive count")
            }
            return Int(value)
        }
        (points, lines) = (try count("Points"), try count("Lines"))
        let xRetrace = try parameters.number("XYScanner.X_Retrace", path: path) != 0
        let yRetrace = try parameters.number("XYScanner.Y_Retrace", path: path) != 0
        (self.xRetrace, self.yRetrace) = (xRetrace, yRetrace)
        traces = [0, 1, 2, 3].filter { (xRetrace || $0 % 2 == 0) && (yRetrace || $0 < 2) }
        try requireStorable([traces.count, lines, points], limitBytes: limitBytes, path: path, what: "the scan (traces × Lines × Points)")
        x = Axis.pixelCentres(name: "x", center: try parameters.number("XYScanner.X_Offset", path: path),
                              width: try parameters.number("XYScanner.Width", path: path), count: points)
        y = Axis.pixelCentres(name: "y", center: try parameters.number("XYScanner.Y_Offset", path: path),
                              width: try parameters.number("XYScanner.Height", path: path), count: lines)
        angle = parameters.values["XYScanner.Angle"]?.value.number ?? 0
        assumptions = [
            "XYScanner X_Offset/Y_Offset taken as the centre of the Width × Height frame; pixel centres half a pixel inside its edges",
            "lines recorded upwards from the bottom of the frame (row 0)"
                + (yRetrace ? ", then downwards (channels '… down', lines reversed so that row 0 stays the bottom)" : "")
                + (xRetrace ? "; backward lines mirrored" : ""),
        ]
    }

    /// One channel per trace with recorded counts, each `lines × points`, NaN where nothing was
    /// recorded; `convert` turns a count into the physical value.
    func channels(from counts: [Int32], name: String, unit: String, convert: (Int32) -> Float) -> [Channel] {
        let lineLength = points * (xRetrace ? 2 : 1)
        var planes = [[Float]](repeating: [Float](repeating: .nan, count: lines * points), count: traces.count)
        var recorded = [Bool](repeating: false, count: traces.count)
        for (i, raw) in counts.enumerated() {
            let (line, within) = i.quotientAndRemainder(dividingBy: lineLength)
            let backward = within >= points, down = line >= lines
            let row = down ? 2 * lines - 1 - line : line
            let column = backward ? 2 * points - 1 - within : within
            let plane = (down ? (xRetrace ? 2 : 1) : 0) + (backward ? 1 : 0)
            planes[plane][row * points + column] = convert(raw)
            recorded[plane] = true
        }
        return traces.indices.filter { recorded[$0] }.map { k in
            let label = Self.traceLabels[traces[k]]
            return Channel(name: label.hasSuffix("down") ? "\(name) down" : name, unit: unit,
                           direction: label.hasPrefix("backward") ? .backward : .forward,
                           longName: "\(name) [\(label)] (\(unit))", data: planes[k])
        }
    }
}
