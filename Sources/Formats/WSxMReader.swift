/// Reads WSxM files (Nanotec Electrónica / UAM): images (`.stp`, `.top`, `.tom`, …, second line
/// `SxM Image file`) and curves (`.cur`, second line `IV curve file`, `FZ curve file`, …).
///
/// The text header (`[Section]` blocks of `Key: value` lines, Latin-1 where not UTF-8) ends at
/// `[Header end]`; the data start right after that line, as in Gwyddion's reader (some writers
/// state a wrong `Image header size`, which is then recorded as an assumption).
///
/// - Images: `Number of columns × Number of rows` little-endian values of `Image Data Type`
///   (`double`, `float`, or `short`/`integer`, which are int16; int16 when the type is not
///   given). Floating-point values are in the unit of `Z Amplitude`; integers are scaled so that
///   their range spans `Z Amplitude` (Gwyddion's rule; the header gives nothing finer). Values
///   and sizes are converted to SI (`13.7 nm` → m). The pixels are stored in ascending y and
///   descending x (WSxM's matrix layout; Gwyddion reads them so too), so the first stored line is
///   row 0 (the bottom) and each line is mirrored. The frame starts at 0: the `X/Y Offset` of
///   `[Control]` are kept in the header only, as Gwyddion does.
/// - Curves: `Number of lines` curves of `Number of points` ASCII `x y` pairs, interleaved per
///   point, become a 1 × 1 grid whose sweep is the first curve's abscissa; a curve running the
///   other way is reversed and marked backward.
public enum WSxMReader {
    static let magic = Array("WSxM file copyright".utf8)

    /// Reads the WSxM image or curve file at `path`.
    public static func read(path: String) throws -> Dataset {
        let file = try InputFile(path: path)
        guard try file.prefix(magic.count) == magic else {
            throw FormatError(.unrecognised, path: path, "does not start with 'WSxM file copyright': not a WSxM file")
        }
        guard let end = try file.offset(after: Array("[Header end]".utf8), within: 1 << 20) else {
            throw FormatError(.truncated, path: path, "no '[Header end]' in the first MiB: the header is cut off")
        }
        let lineBreak = try file.bytes(at: end, count: min(2, file.size - end))
        let dataStart = end + (lineBreak.starts(with: [13, 10]) ? 2 : lineBreak.first == 10 ? 1 : 0)
        let text = decodeHeaderText(try file.bytes(at: 0, count: dataStart))
        let header = sections(text)
        var assumptions: [String] = []
        if let declared = header["::Image header size"].flatMap({ Int($0) }), declared != dataStart {
            assumptions.append("the header states \(declared) bytes but '[Header end]' ends at byte \(dataStart): data read from there (as Gwyddion does)")
        }
        let kind = text.split(whereSeparator: \.isNewline).dropFirst().first.map { $0.trimming(" ") } ?? ""
        let source = SourceInfo(format: "WSxM", fileName: fileName(path), header: text)
        if kind == "SxM Image file" {
            return try image(file, dataStart: dataStart, header: header, source: source, assumptions: assumptions)
        }
        if kind.hasSuffix(" curve file") {
            return try curves(file, dataStart: dataStart, header: header, source: source, assumptions: assumptions)
        }
        throw FormatError(.unsupported, path: path, "WSxM '\(kind)' files are not supported (images and curves are)")
    }

    /// The header as `Section::Key → value` (keys before the first section get an empty section).
    static func sections(_ text: String) -> KeyValueHeader {
        var header = KeyValueHeader()
        var section = ""
        for line in text.split(whereSeparator: \.isNewline) {
            let trimmed = line.trimming(" \t")
            if trimmed.hasPrefix("["), trimmed.hasSuffix("]") {
                section = String(trimmed.dropFirst().dropLast())
            } else if let colon = trimmed.firstIndex(of: ":") {
                header.append("\(section)::\(trimmed[..<colon].trimming(" "))", String(trimmed[trimmed.index(after: colon)...]))
            }
        }
        return header
    }

    private static func image(_ file: InputFile, dataStart: Int, header: KeyValueHeader, source: SourceInfo,
                              assumptions: [String]) throws -> Dataset {
        let path = file.path
        var assumptions = assumptions
        let nx = try header.requireInt("General Info::Number of columns", in: path)
        let ny = try header.requireInt("General Info::Number of rows", in: path)
        guard nx > 0, ny > 0, nx <= 1 << 16, ny <= 1 << 16 else {
            throw FormatError(.corrupt, path: path, "the image size \(nx)×\(ny) is not two positive sizes up to 65536")
        }
        let type = (header["General Info::Image Data Type"] ?? "short").lowercased()
        guard let itemSize = ["double": 8, "float": 4, "short": 2, "integer": 2][type] else {
            throw FormatError(.unsupported, path: path, "Image Data Type '\(type)' is not supported (double, float, short, integer)")
        }
        let needed = nx * ny * itemSize
        guard needed <= file.size - dataStart else {
            throw FormatError(.truncated, path: path, "\(nx)×\(ny) \(type) values need \(needed) bytes after the header, the file has \(file.size - dataStart)")
        }
        let raw = try file.bytes(at: dataStart, count: needed)
        var values = [Double](repeating: 0, count: nx * ny)
        raw.withUnsafeBytes { source in
            for r in 0..<ny {
                for c in 0..<nx {
                    let at = (r * nx + c) * itemSize
                    let value: Double = switch itemSize {
                    case 8: Double(bitPattern: UInt64(littleEndian: source.loadUnaligned(fromByteOffset: at, as: UInt64.self)))
                    case 4: Double(Float(bitPattern: UInt32(littleEndian: source.loadUnaligned(fromByteOffset: at, as: UInt32.self))))
                    default: Double(Int16(littleEndian: source.loadUnaligned(fromByteOffset: at, as: Int16.self)))
                    }
                    values[r * nx + nx - 1 - c] = value
                }
            }
        }
        var scale = 1.0, unit = ""
        if let amplitude = quantity(header["General Info::Z Amplitude"]) {
            let si = siBase(amplitude.unit)
            unit = si.unit
            scale = si.factor
            if itemSize == 2 {
                let span = (values.max() ?? 0) - (values.min() ?? 0)
                scale = span > 0 ? amplitude.value * si.factor / span : 0
                assumptions.append("integer data scaled so that their range spans the Z Amplitude (\(amplitude.value) \(amplitude.unit))")
            }
        } else {
            assumptions.append("no Z Amplitude: values kept as stored, without a unit")
        }
        guard let xSize = quantity(header["Control::X Amplitude"]),
              let width = metres([xSize.value], unit: xSize.unit)?.first, width > 0 else {
            throw FormatError(.corrupt, path: path, "Control::X Amplitude is not a positive length: '\(header["Control::X Amplitude"] ?? "")'")
        }
        let ySize = quantity(header["Control::Y Amplitude"] ?? header["Control::X Amplitude"])
        guard let ySize, let height = metres([ySize.value], unit: ySize.unit)?.first, height > 0 else {
            throw FormatError(.corrupt, path: path, "Control::Y Amplitude is not a positive length: '\(header["Control::Y Amplitude"] ?? "")'")
        }
        assumptions.append("pixels stored in ascending y and descending x: first stored line is row 0, each line mirrored (as Gwyddion reads WSxM)")
        assumptions.append("frame placed at 0: X/Y Offset of [Control] not applied")
        let name = header["General Info::Acquisition channel"].flatMap { $0.isEmpty ? nil : $0 } ?? "Topography"
        let backward = (header["General Info::X scanning direction"] ?? "").lowercased().contains("backward")
        let channel = Channel(name: name, unit: unit, direction: backward ? .backward : .forward,
                              data: values.map { Float($0 * scale) })
        return Dataset(sweep: nil,
                       x: .pixelCentres(name: "x", center: width / 2, width: width, count: nx),
                       y: .pixelCentres(name: "y", center: height / 2, width: height, count: ny),
                       channels: [channel],
                       metadata: Metadata(source: source, scanAngleDegrees: quantity(header["Control::Angle"])?.value ?? 0,
                                          assumptions: assumptions))
    }

    private static func curves(_ file: InputFile, dataStart: Int, header: KeyValueHeader, source: SourceInfo,
                               assumptions: [String]) throws -> Dataset {
        let path = file.path
        let lines = try header.requireInt("General Info::Number of lines", in: path)
        let points = try header.requireInt("General Info::Number of points", in: path)
        let bytes = file.size - dataStart
        // Each number needs a digit and a separator: reject sizes the file cannot hold before allocating.
        guard lines > 0, points > 0 else {
            throw FormatError(.corrupt, path: path, "Number of lines (\(lines)) and Number of points (\(points)) must be positive")
        }
        let (total, overflow) = lines.multipliedReportingOverflow(by: points)
        guard !overflow, total <= bytes / 4 + 1 else {
            throw FormatError(.truncated, path: path, "\(lines) curves of \(points) points cannot come from \(bytes) bytes of data")
        }
        let numbers = decodeHeaderText(try file.bytes(at: dataStart, count: bytes))
            .split(whereSeparator: { $0 == " " || $0 == "\t" || $0.isNewline })
            .prefix(2 * lines * points).map { parseNumber($0) }
        guard numbers.count == 2 * lines * points, numbers.allSatisfy({ $0 != nil }) else {
            throw FormatError(.truncated, path: path, "expected \(2 * lines * points) numbers for \(lines) curves of \(points) points, found \(numbers.compactMap { $0 }.count) before the end or a non-number")
        }
        let xAxis = siBase(header["General Info::X axis unit"] ?? ""), yAxis = siBase(header["General Info::Y axis unit"] ?? "")
        func value(_ point: Int, _ line: Int, _ coordinate: Int) -> Double { numbers[2 * (point * lines + line) + coordinate]! }
        let sweep = (0..<points).map { value($0, 0, 0) * xAxis.factor }
        let yName = label(header["General Info::Y axis text"]) ?? "Signal"
        var channels: [Channel] = []
        for line in 0..<lines {
            var abscissa = (0..<points).map { value($0, line, 0) * xAxis.factor }
            var samples = (0..<points).map { Float(value($0, line, 1) * yAxis.factor) }
            let backward = abscissa != sweep && abscissa.reversed() == sweep
            if backward {
                abscissa.reverse()
                samples.reverse()
            }
            guard abscissa == sweep else {
                throw FormatError(.unsupported, path: path, "curve \(line + 1) has other abscissae than curve 1: one sweep axis cannot hold both")
            }
            let direction: ScanDirection = backward ? .backward : .forward
            let taken = channels.contains { $0.name == yName && $0.direction == direction }
            channels.append(Channel(name: taken ? "\(yName) \(line + 1)" : yName, unit: yAxis.unit, direction: direction, data: samples))
        }
        let origin = Axis(name: "x", unit: "m", values: [0])
        var assumptions = assumptions
        assumptions.append("a curve file: stored as a 1 × 1 grid at position 0")
        return Dataset(sweep: Axis(name: label(header["General Info::X axis text"]) ?? "x", unit: xAxis.unit, values: sweep),
                       x: origin, y: Axis(name: "y", unit: "m", values: [0]), channels: channels,
                       metadata: Metadata(source: source, assumptions: assumptions))
    }

    /// An axis text without its `[#x]`-style tag: `Bias [#x]` → `Bias`.
    private static func label(_ text: String?) -> String? {
        guard let text else { return nil }
        let name = (text.range(of: " [").map { String(text[..<$0.lowerBound]) } ?? text).trimming(" ")
        return name.isEmpty ? nil : name
    }

    /// A header quantity `13.7008 nm` as its number and unit.
    private static func quantity(_ text: String?) -> (value: Double, unit: String)? {
        guard let text, let number = text.split(separator: " ").first.flatMap({ parseNumber($0) }), number.isFinite else { return nil }
        return (number, text.split(separator: " ", maxSplits: 1).dropFirst().first.map { $0.trimming(" ") } ?? "")
    }

    /// `unit` in SI with the factor to it (`siBaseUnit`); a unit QPIKit does not know stays as it
    /// is, with factor 1.
    private static func siBase(_ unit: String) -> (unit: String, factor: Double) {
        siBaseUnit(unit) ?? (unit, 1)
    }
}
