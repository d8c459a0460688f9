import CZlib

/// Reads and inserts `tEXt` chunks in PNG byte streams (libpng's simplified API has no text
/// support), so QPIKit can store its scale and metadata inside the PNG itself.
enum PNGChunks {
    static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    /// `png` with a `tEXt` chunk `keyword → text` inserted right after IHDR.
    static func insertingText(_ png: [UInt8], keyword: String, text: String) -> [UInt8] {
        let payload = Array(keyword.utf8) + [0] + Array(text.utf8)
        var chunk = bigEndian(UInt32(payload.count))
        let body = Array("tEXt".utf8) + payload
        chunk += body
        chunk += bigEndian(UInt32(body.withUnsafeBufferPointer { crc32(0, $0.baseAddress, UInt32($0.count)) }))
        let ihdrEnd = 8 + 8 + 13 + 4
        return Array(png[..<ihdrEnd]) + chunk + Array(png[ihdrEnd...])
    }

    /// The text of the first `tEXt` chunk with `keyword`, if any. Stops at malformed lengths.
    static func text(in png: [UInt8], keyword: String) -> String? {
        var offset = 8
        let key = Array(keyword.utf8) + [0]
        while offset + 12 <= png.count {
            let length = Int(png[offset]) << 24 | Int(png[offset + 1]) << 16 | Int(png[offset + 2]) << 8 | Int(png[offset + 3])
            guard length <= png.count - offset - 12 else { return nil }
            let type = String(decoding: png[offset + 4 ..< offset + 8], as: UTF8.self)
            let data = png[offset + 8 ..< offset + 8 + length]
            if type == "tEXt", data.starts(with: key) {
                return String(decoding: data.dropFirst(key.count), as: UTF8.self)
            }
            if type == "IEND" { return nil }
            offset += 12 + length
        }
        return nil
    }

    private static func bigEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
    }
}
