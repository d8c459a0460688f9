/// Reads Createc point spectra (`.VERT`): a `[ParVERT30]` (or `[ParVERT32]`) header of
/// `Long name / Short name=value` lines, a `DATA` line, a line `points x y channel-code …`,
/// then one tab-separated row per point: the index, the bias in mV, Z in DAC counts (and X for
/// `ParVERT32` files whose 7th number is 3), then one column per bit set in the channel code,
/// in bit order: I, dI/dV, d2I/dV2, ADC0–ADC3, NA01–NA03, di_q, di2_q, DAC0 (the layout py_createc
/// and ProbeFlow read).
///
/// The result is a 1 × 1 grid whose sweep axis is the bias in V, point by point in recording
/// order. Z is converted to metres with `Dacto[A]z` (Å per DAC count, as `CreatecReader` does);
/// the other columns stay in raw counts, since their conversion depends on each instrument's
/// preamplifier and ADC wiring. The spectrum's position is not converted (see `assumptions`).
public enum CreatecVERTReader {
    static let magic = Array("[ParVERT".utf8)
    static let outputChannels = ["I", "dI/dV", "d2I/dV2", "ADC0", "ADC1", "ADC2", "ADC3",
                                 "NA01", "NA02", "NA03", "di_q", "di2_q", "DAC0"]

    /// Reads the spectrum at `path`.
    public static func read(path: String) throws -> Dataset {
        let file = try InputFile(path: path)
        guard try file.prefix(magic.count) == magic else {
            throw FormatError(.unrecognised, path: path, "does not start with '[ParVERT': not a Createc .VERT spectrum")
        }
        guard file.size <= 1 << 30 else {
            throw FormatError(.unsupported, path: path, "point spectrum larger than 1 GiB")
        }
        let bytes = try file.bytes(at: 0, count: file.size)
        guard let marker = dataLine(in: bytes) else {
            throw FormatError(.truncated, path: path, "no 'DATA' line after the header")
        }
        guard bytes.last == 0x0A || bytes.last == 0x0D else {
            throw FormatError(.truncated, path: path, "the last data row is cut off (no line break at the end)")
        }
        // The header is padded with NUL bytes up to the DATA line.
        let headerText = decodeHeaderText(bytes[..<(bytes[..<marker].firstIndex(of: 0) ?? marker)])
        var header = KeyValueHeader()
        for (key, value) in KeyValueHeader.equalsSeparated(headerText).entries {
            // Keys read "Long name / Short name"; index both halves.
            for part in key.split(separator: "/") { header.append(part.trimming(" "), value) }
        }
        let lines = decodeHeaderText(bytes[marker...]).split(whereSeparator: \.isNewline).dropFirst()
            .filter { !$0.allSatisfy { $0 == " " || $0 == "\t" } }
        let fields = (lines.first ?? "").split(whereSeparator: { $0 == " " || $0 == "\t" })
        let parameters = fields.compactMap { Int($0) }
        guard parameters.count == fields.count, parameters.count >= 4, parameters[0] > 0,
              (0 ..< 1 << outputChannels.count).contains(parameters[3]) else {
            throw FormatError(.corrupt, path: path, "the line after DATA is not 'points x y channel-code': '\(lines.first ?? "")'")
        }
        let (points, code) = (parameters[0], parameters[3])
        let version = headerText.prefix { $0 != "]" }.dropFirst()
        let withX = version == "ParVERT32" && parameters.count >= 7 && parameters[6] == 3
        let names = ["V", "Z"] + (withX ? ["X"] : []) + outputChannels.indices.filter { code & (1 << $0) != 0 }.map { outputChannels[$0] }
        let columns = try table(Array(lines.dropFirst()), columns: names.count + 1, points: points, code: code, path: path)

        var assumptions = [
            "a point spectrum is stored as a 1 × 1 grid at x = y = 0: its position ((\(parameters[1]), \(parameters[2])) "
                + "on the DATA line, OffsetX/OffsetY in DAC counts in the header) is not converted to metres",
            "columns from channel code \(code): \(names.joined(separator: ", ")) (bit order of py_createc)",
            "columns other than V and Z are raw counts (no instrument-independent conversion)",
        ]
        let bias = columns[1].map { $0 * 1e-3 }
        let steps = zip(bias, bias.dropFirst()).map { $1 - $0 }
        if steps.contains(where: { $0 > 0 }) && steps.contains(where: { $0 < 0 }) {
            assumptions.append("the bias is not monotonic: the sweep axis holds each point's bias in recording order")
        }
        let zScale = header["Dacto[A]z"].flatMap { parseNumber(Substring($0)) }.map { $0 * 1e-10 }
        assumptions.append(zScale == nil ? "Z in raw DAC counts: the header has no Dacto[A]z"
                                         : "Z in m from Dacto[A]z (Å per DAC count; GainZ not applied), as for Createc images")
        let channels = names.indices.dropFirst().map { c -> Channel in
            if names[c] == "Z", let zScale {
                return Channel(name: "Z", unit: "m", data: columns[c + 1].map { Float($0 * zScale) })
            }
            return Channel(name: names[c], unit: "DAC", data: columns[c + 1].map { Float($0) })
        }
        let metadata = Metadata(source: SourceInfo(format: "Createc VERT", fileName: fileName(path), header: headerText),
                                assumptions: assumptions)
        return Dataset(sweep: Axis(name: "Bias", unit: "V", values: bias),
                       x: Axis(name: "x", unit: "m", values: [0]), y: Axis(name: "y", unit: "m", values: [0]),
                       channels: channels, metadata: metadata)
    }

    /// The offset of the `DATA` line: `DATA` at the start of a line (or after the header's NUL
    /// padding) followed by a line break, so that `DATA` inside a header value does not count.
    private static func dataLine(in bytes: [UInt8]) -> Int? {
        let needle = Array("DATA".utf8)
        for i in 0 ..< max(0, bytes.count - needle.count)
        where (i == 0 || bytes[i - 1] == 0x0A || bytes[i - 1] == 0) && bytes[i ..< i + needle.count].elementsEqual(needle)
            && (bytes[i + needle.count] == 0x0D || bytes[i + needle.count] == 0x0A) {
            return i
        }
        return nil
    }

    /// The data rows as columns, checked against the declared point count and column count.
    private static func table(_ rows: [Substring], columns: Int, points: Int, code: Int, path: String) throws -> [[Double]] {
        guard rows.count <= points else {
            throw FormatError(.corrupt, path: path, "\(rows.count) data rows but \(points) points declared")
        }
        var table = [[Double]](repeating: [], count: columns)
        for (number, row) in rows.enumerated() {
            let fields = row.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard fields.count == columns else {
                // Only the last row can be cut short by a truncated file.
                throw FormatError(number == rows.count - 1 ? .truncated : .corrupt, path: path,
                                  "data row \(number + 1) has \(fields.count) columns; channel code \(code) gives \(columns)")
            }
            for (c, field) in fields.enumerated() {
                guard let value = parseNumber(field) else {
                    throw FormatError(.corrupt, path: path, "data row \(number + 1), column \(c + 1): '\(field)' is not a number")
                }
                table[c].append(value)
            }
        }
        guard rows.count == points else {
            throw FormatError(.truncated, path: path, "\(rows.count) data rows of the \(points) points declared")
        }
        return table
    }
}
