/// Reads Nanonis scan images (`.sxm`): every channel of `DATA_INFO`, forward and backward.
///
/// The text header (`:KEY:` sections, possibly with non-UTF-8 bytes) ends at `:SCANIT_END:`;
/// the binary planes start right after the `0x1A 0x04` marker. Planes are stored in scan order,
/// so a scan recorded downwards is flipped vertically, and backward planes (recorded right to
/// left) are mirrored, giving row 0 at the bottom and identical pixel positions in both directions.
public enum NanonisSXMReader {
    static let magic = Array(":NANONIS_VERSION:".utf8)
    static let dataMarker: [UInt8] = [0x1A, 0x04]

    /// Reads the image at `path`.
    public static func read(path: String) throws -> Dataset {
        let file = try InputFile(path: path)
        guard try file.prefix(magic.count) == magic else {
            throw FormatError(.unrecognised, path: path, "does not start with ':NANONIS_VERSION:': not a Nanonis .sxm file")
        }
        guard let headerEnd = try file.offset(after: Array(":SCANIT_END:".utf8), within: 4 << 20),
              let dataStart = try file.offset(after: dataMarker, within: headerEnd + 64) else {
            throw FormatError(.truncated, path: path, "header has no ':SCANIT_END:' followed by the 0x1A 0x04 data marker")
        }
        let headerText = decodeHeaderText(try file.bytes(at: 0, count: headerEnd))
        let header = KeyValueHeader.colonSections(headerText)

        let pixels = (header["SCAN_PIXELS"] ?? "").split(separator: " ").compactMap { Int($0) }
        guard pixels.count == 2, pixels[0] > 0, pixels[1] > 0, pixels[0] <= 1 << 16, pixels[1] <= 1 << 16 else {
            throw FormatError(.corrupt, path: path, "SCAN_PIXELS is not two positive sizes: '\(header["SCAN_PIXELS"] ?? "")'")
        }
        let (nx, ny) = (pixels[0], pixels[1])
        let range = numbers(header["SCAN_RANGE"])
        let offset = numbers(header["SCAN_OFFSET"])
        guard range.count == 2, offset.count == 2 else {
            throw FormatError(.corrupt, path: path, "SCAN_RANGE and SCAN_OFFSET need two numbers each")
        }
        let type = (header["SCANIT_TYPE"] ?? "").uppercased()
        guard type.contains("FLOAT") else {
            throw FormatError(.unsupported, path: path, "SCANIT_TYPE '\(type)' is not float data")
        }
        let littleEndian = type.contains("LSBFIRST")
        let planes = try dataInfo(header["DATA_INFO"], path: path)
        let planeBytes = nx * ny * 4
        let needed = planes.count * planeBytes
        guard needed <= file.size - dataStart else {
            throw FormatError(.truncated, path: path,
                              "\(planes.count) planes of \(nx)×\(ny) need \(needed) bytes after the header, the file has \(file.size - dataStart)")
        }
        let scannedDown = (header["SCAN_DIR"] ?? "").lowercased().contains("down")
        var channels: [Channel] = []
        for (index, plane) in planes.enumerated() {
            let raw = try file.bytes(at: dataStart + index * planeBytes, count: planeBytes)
            var values = [Float](repeating: 0, count: nx * ny)
            raw.withUnsafeBytes { source in
                values.withUnsafeMutableBufferPointer { target in
                    for r in 0..<ny {
                        let row = scannedDown ? ny - 1 - r : r
                        for c in 0..<nx {
                            let col = plane.direction == .backward ? nx - 1 - c : c
                            let bits = source.loadUnaligned(fromByteOffset: (r * nx + c) * 4, as: UInt32.self)
                            target[row * nx + col] = Float(bitPattern: littleEndian ? UInt32(littleEndian: bits) : UInt32(bigEndian: bits))
                        }
                    }
                }
            }
            let tag = plane.direction == .backward ? " [bwd]" : ""
            channels.append(Channel(name: plane.name, unit: plane.unit, direction: plane.direction,
                                    longName: "\(plane.name)\(tag) (\(plane.unit))", data: values))
        }
        let metadata = Metadata(
            source: SourceInfo(format: "Nanonis sxm", fileName: fileName(path), header: headerText),
            scanAngleDegrees: numbers(header["SCAN_ANGLE"]).first ?? 0)
        return Dataset(sweep: nil,
                       x: .pixelCentres(name: "x", center: offset[0], width: range[0], count: nx),
                       y: .pixelCentres(name: "y", center: offset[1], width: range[1], count: ny),
                       channels: channels, metadata: metadata)
    }

    private static func numbers(_ text: String?) -> [Double] {
        (text ?? "").split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).compactMap { parseNumber($0) }
    }

    /// One stored plane: a channel in one direction.
    private struct Plane {
        var name: String
        var unit: String
        var direction: ScanDirection
    }

    /// The planes listed by the `DATA_INFO` table, in file order (forward before backward).
    private static func dataInfo(_ table: String?, path: String) throws -> [Plane] {
        guard let table else { throw FormatError(.corrupt, path: path, "header has no DATA_INFO table") }
        var planes: [Plane] = []
        for line in table.split(separator: "\n").dropFirst() {
            let fields = line.split(separator: "\t").map { $0.trimming(" ") }
            guard fields.count >= 4 else { continue }
            let (name, unit, direction) = (fields[1], fields[2], fields[3].lowercased())
            if direction == "both" || direction == "forward" { planes.append(Plane(name: name, unit: unit, direction: .forward)) }
            if direction == "both" || direction == "backward" { planes.append(Plane(name: name, unit: unit, direction: .backward)) }
        }
        guard !planes.isEmpty else { throw FormatError(.corrupt, path: path, "DATA_INFO lists no channels") }
        return planes
    }
}
