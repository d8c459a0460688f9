/// Reads Nanonis point spectra (`.dat`): a tab-separated header, `[DATA]`, a row of column
/// labels, then one row per sweep point. The result is a 1 × 1 grid whose sweep axis is the
/// first column, placed at the header's `X (m)`, `Y (m)`.
public enum NanonisDATReader {
    static let dataMarker = Array("[DATA]".utf8)

    /// Reads the spectrum at `path`.
    public static func read(path: String) throws -> Dataset {
        let file = try InputFile(path: path)
        guard file.size <= 1 << 30 else {
            throw FormatError(.unsupported, path: path, "point spectrum larger than 1 GiB")
        }
        let bytes = try file.bytes(at: 0, count: file.size)
        guard let marker = bytes.firstRange(of: dataMarker) else {
            throw FormatError(.unrecognised, path: path, "no '[DATA]' section: not a Nanonis .dat spectrum")
        }
        let headerText = decodeHeaderText(bytes[..<marker.upperBound])
        let header = KeyValueHeader.tabSeparated(headerText)
        let lines = decodeHeaderText(bytes[marker.upperBound...])
            .split(whereSeparator: \.isNewline).filter { !$0.allSatisfy { $0 == " " || $0 == "\t" } }
        guard let labelLine = lines.first else {
            throw FormatError(.truncated, path: path, "no column labels after [DATA]")
        }
        let labels = labelLine.split(separator: "\t").map { NanonisLabel(String($0).trimming(" ")) }
        guard labels.count >= 2 else {
            throw FormatError(.corrupt, path: path, "[DATA] needs a sweep column and at least one channel")
        }
        var columns = [[Double]](repeating: [], count: labels.count)
        for (number, line) in lines.dropFirst().enumerated() {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count >= labels.count else {
                throw FormatError(.truncated, path: path, "data row \(number + 1) has \(fields.count) of \(labels.count) columns")
            }
            for c in labels.indices {
                guard let v = parseNumber(fields[c]) else {
                    throw FormatError(.corrupt, path: path, "data row \(number + 1), column \(c + 1): '\(fields[c])' is not a number")
                }
                columns[c].append(v)
            }
        }
        guard !columns[0].isEmpty else { throw FormatError(.truncated, path: path, "no data rows after the labels") }
        let sweep = Axis(name: labels[0].name, unit: labels[0].unit, values: columns[0])
        let channels = labels.indices.dropFirst().map { c in
            Channel(name: labels[c].name, unit: labels[c].unit, direction: labels[c].direction,
                    longName: labels[c].label, data: columns[c].map { Float($0) })
        }
        let x = header["X (m)"].flatMap { parseNumber(Substring($0)) } ?? 0
        let y = header["Y (m)"].flatMap { parseNumber(Substring($0)) } ?? 0
        let metadata = Metadata(source: SourceInfo(format: "Nanonis dat", fileName: fileName(path), header: headerText),
                                assumptions: ["a point spectrum is stored as a 1 × 1 grid; channel values are converted from the text's decimal digits to float32"])
        return Dataset(sweep: sweep, x: Axis(name: "x", unit: "m", values: [x]),
                       y: Axis(name: "y", unit: "m", values: [y]), channels: channels, metadata: metadata)
    }
}
