/// Reads Createc images (`.dat`, `[Paramco32]`: a `key=value` header, then a zlib stream right
/// after the `DATA` marker holding one float32 offset word and `Channels × Num.Y × Num.X`
/// little-endian float32 DAC values).
///
/// The first channel is the topograph, converted to metres with `Dacto[A]z` (Å per DAC count,
/// as Gwyddion's and ProbeFlow's readers do). The other channels stay in DAC counts: their
/// conversion depends on the preamplifier and ADC wiring of each instrument, so the reader
/// records that as an assumption rather than guessing.
public enum CreatecReader {
    static let magic = Array("[Paramco32]".utf8)

    /// Reads the image at `path`.
    public static func read(path: String) throws -> Dataset {
        let file = try InputFile(path: path)
        guard try file.prefix(magic.count) == magic else {
            throw FormatError(.unrecognised, path: path, "does not start with '[Paramco32]': not a compressed Createc image")
        }
        let bytes = try file.bytes(at: 0, count: file.size)
        guard let marker = dataMarker(in: bytes) else {
            throw FormatError(.truncated, path: path, "no 'DATA' marker followed by a zlib stream")
        }
        let headerText = decodeHeaderText(bytes[..<marker])
        var header = KeyValueHeader()
        for (key, value) in KeyValueHeader.equalsSeparated(headerText).entries {
            // Keys read "Long name / Short name"; index both halves.
            for part in key.split(separator: "/") { header.append(part.trimming(" "), value) }
        }
        let nx = Int(header["Num.X"]?.trimming(" ") ?? "") ?? 0
        let ny = Int(header["Num.Y"]?.trimming(" ") ?? "") ?? 0
        let channels = Int(header["Channels"]?.trimming(" ") ?? "") ?? 0
        guard nx > 0, ny > 0, channels > 0, nx <= 1 << 14, ny <= 1 << 14, channels <= 64 else {
            throw FormatError(.corrupt, path: path, "Num.X, Num.Y and Channels must be positive (got \(nx), \(ny), \(channels))")
        }
        let needed = 4 + channels * nx * ny * 4
        let raw = try Zlib.inflate(bytes[(marker + 4)...], limit: needed, path: path)
        guard raw.count == needed else {
            throw FormatError(.truncated, path: path, "compressed data holds \(raw.count) bytes, \(channels) channels of \(nx)×\(ny) need \(needed)")
        }
        let zScale = (header["Dacto[A]z"].flatMap { parseNumber(Substring($0)) } ?? 1) * 1e-10
        let plane = nx * ny
        var data: [Channel] = []
        raw.withUnsafeBytes { source in
            for c in 0..<channels {
                let scale: Float = c == 0 ? Float(zScale) : 1
                var values = [Float](repeating: 0, count: plane)
                for i in 0..<plane {
                    let bits = source.loadUnaligned(fromByteOffset: 4 + (c * plane + i) * 4, as: UInt32.self)
                    values[i] = Float(bitPattern: UInt32(littleEndian: bits)) * scale
                }
                data.append(c == 0 ? Channel(name: "Z", unit: "m", data: values)
                                   : Channel(name: "Channel \(c + 1)", unit: "DAC", data: values))
            }
        }
        let width = (header["Length x[A]"].flatMap { parseNumber(Substring($0)) } ?? Double(nx)) * 1e-10
        let height = (header["Length y[A]"].flatMap { parseNumber(Substring($0)) } ?? Double(ny)) * 1e-10
        let metadata = Metadata(
            source: SourceInfo(format: "Createc dat", fileName: fileName(path), header: headerText),
            scanAngleDegrees: header["Rotation"].flatMap { parseNumber(Substring($0)) } ?? 0,
            assumptions: ["channels after the first are raw DAC counts (no instrument-independent conversion)",
                          "rows kept in file order (first stored line is row 0)"])
        return Dataset(sweep: nil,
                       x: .pixelCentres(name: "x", center: width / 2, width: width, count: nx),
                       y: .pixelCentres(name: "y", center: height / 2, width: height, count: ny),
                       channels: data, metadata: metadata)
    }

    /// The offset of the `DATA` marker that is followed by a zlib header byte (0x78).
    private static func dataMarker(in bytes: [UInt8]) -> Int? {
        let needle = Array("DATA".utf8)
        guard bytes.count > needle.count else { return nil }
        for i in 0 ..< bytes.count - needle.count
        where bytes[i] == needle[0] && bytes[i ..< i + 4].elementsEqual(needle) && bytes[i + 4] == 0x78 {
            return i
        }
        return nil
    }
}
