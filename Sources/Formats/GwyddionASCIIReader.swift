/// Reads the text exports Gwyddion writes of one image:
///
/// - **SPIP ASCII** (Gwyddion's `spip-asc` module reads and writes it): `# File Format = ASCII`,
///   `# key = value` lines (`x-pixels`, `y-pixels`, `x-length`, `y-length`, `x-offset`,
///   `y-offset`, lengths in nm; `z-unit`, or else `Bit2nm` for heights in nm per count) up to
///   `# Start of Data:`, then `x-pixels × y-pixels` numbers, x fastest;
/// - **ASCII data matrix** with Gwyddion's informational header: `# Channel: Height`,
///   `# Width: 2.000 µm`, `# Height: 1.600 µm`, `# Value units: m`, then one line of numbers
///   per image row.
///
/// Both put the top row of the image first. QPIKit's row 0 is the bottom of the frame, so the
/// rows are flipped: row 0 is the file's last line. Lengths are stored in m, and values whose
/// unit has an SI prefix in the base unit (`nA` → A), as float32.
public enum GwyddionASCIIReader {
    static let spipMagic = "# File Format = ASCII"

    /// Reads the image at `path`.
    public static func read(path: String) throws -> Dataset {
        let file = try InputFile(path: path)
        guard file.size <= 1 << 30 else {
            throw FormatError(.unsupported, path: path, "text image larger than 1 GiB")
        }
        let text = decodeHeaderText(try file.bytes(at: 0, count: file.size))
        var image = text.hasPrefix(spipMagic) ? try spip(text, path: path) : try matrix(text, path: path)
        let (unit, factor) = siBaseUnit(image.unit) ?? (image.unit, 1)
        if unit != image.unit {
            image.assumptions.append("values converted from \(image.unit) to \(unit)")
        } else if siBaseUnit(unit) == nil && !unit.isEmpty {
            image.assumptions.append("value unit '\(unit)' is not an SI unit QPIKit knows: kept as written")
        }
        let name = image.name ?? (unit == "m" ? "Z" : unit == "A" ? "Current" : "Data")
        if image.name == nil { image.assumptions.append("the file names no channel: called '\(name)' after its unit") }
        image.assumptions.append("rows flipped: the file's first line is the top of the image, QPIKit's row 0 the bottom")
        let values = flippedRows(image.values, width: image.columns, height: image.rows).map { Float($0 * factor) }
        let metadata = Metadata(source: SourceInfo(format: "Gwyddion ASCII", fileName: fileName(path), header: image.header),
                                assumptions: image.assumptions)
        return Dataset(sweep: nil,
                       x: .pixelCentres(name: "x", center: image.xOffset + image.width / 2, width: image.width, count: image.columns),
                       y: .pixelCentres(name: "y", center: image.yOffset + image.height / 2, width: image.height, count: image.rows),
                       channels: [Channel(name: name, unit: unit, data: values)], metadata: metadata)
    }

    /// What either header style gives: the frame in m, the samples top row first, and their unit.
    private struct TextImage {
        var header: String
        var name: String?
        var columns: Int, rows: Int
        var width: Double, height: Double, xOffset = 0.0, yOffset = 0.0
        var unit: String
        var values: [Double]
        var assumptions: [String] = []
    }

    /// The SPIP ASCII layout: `# key = value` header, numbers read as one stream, as Gwyddion does.
    private static func spip(_ text: String, path: String) throws -> TextImage {
        guard let start = text.firstRange(of: "# Start of Data:") else {
            throw FormatError(.truncated, path: path, "no '# Start of Data:' line after the SPIP ASCII header")
        }
        let header = String(text[..<start.lowerBound])
        var fields: [String: String] = [:]
        for line in header.split(whereSeparator: \.isNewline) {
            let parts = line.drop { $0 == "#" }.split(separator: "=", maxSplits: 1)
            if parts.count == 2 { fields[parts[0].trimming(" \t")] = parts[1].trimming(" \t\r") }
        }
        func number(_ key: String) throws -> Double {
            guard let text = fields[key], let value = parseNumber(Substring(text)), value.isFinite else {
                throw FormatError(.corrupt, path: path, "SPIP ASCII header has no numeric '\(key)'")
            }
            return value
        }
        let (columns, rows) = (try number("x-pixels"), try number("y-pixels"))
        guard let nx = Int(exactly: columns), let ny = Int(exactly: rows) else {
            throw FormatError(.corrupt, path: path, "x-pixels and y-pixels must be whole numbers (got \(columns), \(rows))")
        }
        let body = text[start.upperBound...]
        try requirePlausible(columns: nx, rows: ny, textLength: body.utf8.count, path: path)
        guard Int(fields["voidpixels"] ?? "0") == 0 else {
            throw FormatError(.unsupported, path: path, "SPIP ASCII files with a void-pixel mask are not read")
        }
        var image = TextImage(header: header, columns: nx, rows: ny,
                              width: abs(try number("x-length")) * 1e-9, height: abs(try number("y-length")) * 1e-9,
                              unit: fields["z-unit"] ?? "", values: try numbers(body, count: nx * ny, path: path))
        image.xOffset = ((try? number("x-offset")) ?? 0) * 1e-9
        image.yOffset = ((try? number("y-offset")) ?? 0) * 1e-9
        if fields["z-unit"] == nil {
            if let bit2nm = try? number("Bit2nm") {
                image.values = image.values.map { $0 * bit2nm }
                image.unit = "nm"
            } else {
                image.assumptions.append("no z-unit or Bit2nm in the header: values stored without a unit")
            }
        }
        return image
    }

    /// Gwyddion's ASCII data matrix: `# key: value` header lines, then one line per row.
    private static func matrix(_ text: String, path: String) throws -> TextImage {
        let lines = text.split(whereSeparator: \.isNewline).filter { !$0.allSatisfy { $0 == " " || $0 == "\t" } }
        let headerLines = lines.prefix { $0.hasPrefix("#") }
        var fields: [String: String] = [:]
        for line in headerLines {
            let parts = line.dropFirst().split(separator: ":", maxSplits: 1)
            if parts.count == 2 { fields[parts[0].trimming(" \t")] = parts[1].trimming(" \t\r") }
        }
        guard !headerLines.isEmpty, fields["Width"] != nil || fields["Channel"] != nil else {
            throw FormatError(.unrecognised, path: path,
                              "neither '# File Format = ASCII' (SPIP ASCII) nor a Gwyddion '# Channel:'/'# Width:' header")
        }
        func length(_ key: String) throws -> Double {
            let parts = (fields[key] ?? "").split(separator: " ", maxSplits: 1)
            guard parts.count == 2, let value = parseNumber(parts[0]), value.isFinite,
                  let (unit, factor) = siBaseUnit(String(parts[1])), unit == "m" else {
                throw FormatError(.corrupt, path: path, "header has no length '# \(key): <number> <unit>' (got '\(fields[key] ?? "")')")
            }
            return abs(value) * factor
        }
        let rows = lines.dropFirst(headerLines.count)
        let columns = rows.first.map { $0.split(whereSeparator: { $0 == " " || $0 == "\t" }).count } ?? 0
        try requirePlausible(columns: columns, rows: rows.count, textLength: text.utf8.count, path: path)
        var values: [Double] = []
        values.reserveCapacity(columns * rows.count)
        for (number, row) in rows.enumerated() {
            values += try numbers(row, count: columns, path: path, line: number + 1)
        }
        return TextImage(header: headerLines.joined(separator: "\n"), name: fields["Channel"], columns: columns,
                         rows: rows.count, width: try length("Width"), height: try length("Height"),
                         unit: fields["Value units"] ?? "", values: values)
    }

    /// Throws unless the image has rows and columns and its samples could fit in the text
    /// (each takes at least two characters), before anything is allocated for them.
    private static func requirePlausible(columns: Int, rows: Int, textLength: Int, path: String) throws {
        let (count, overflow) = columns.multipliedReportingOverflow(by: rows)
        guard columns > 0, rows > 0, !overflow else {
            throw FormatError(.corrupt, path: path, "image of \(columns) × \(rows) values")
        }
        guard count <= textLength / 2 + 1 else {
            throw FormatError(.truncated, path: path, "\(columns) × \(rows) values cannot come from \(textLength) bytes of text")
        }
    }

    /// Exactly `count` whitespace-separated numbers of `text` (`line` names a data row in errors).
    private static func numbers(_ text: Substring, count: Int, path: String, line: Int? = nil) throws -> [Double] {
        let place = line.map { "data row \($0)" } ?? "data"
        var values: [Double] = []
        values.reserveCapacity(count)
        for token in text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0.isNewline }) {
            guard values.count < count else {
                throw FormatError(.corrupt, path: path, "\(place) holds more than the \(count) values declared")
            }
            guard let value = parseNumber(token) else {
                throw FormatError(.corrupt, path: path, "\(place), value \(values.count + 1): '\(token)' is not a number")
            }
            values.append(value)
        }
        guard values.count == count else {
            throw FormatError(.truncated, path: path, "\(place) holds \(values.count) of the \(count) values declared")
        }
        return values
    }
}
