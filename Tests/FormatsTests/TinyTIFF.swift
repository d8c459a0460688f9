import Foundation

/// A minimal little-endian TIFF writer for test fixtures, independent of libtiff: one IFD per
/// page, one uncompressed strip, greyscale, any of 8/16/32/64-bit integer or float samples.
enum TinyTIFF {
    enum Sample { case unsigned, signed, float }

    /// `pages` hold raw little-endian sample bytes of `width × height` each (top row first).
    static func make(pages: [[UInt8]], width: Int, height: Int, bits: Int, sample: Sample, description: String? = nil) -> [UInt8] {
        var out: [UInt8] = [0x49, 0x49, 42, 0, 0, 0, 0, 0]   // "II", 42, first IFD offset (patched)
        func u16(_ v: Int) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF)] }
        func u32(_ v: Int) -> [UInt8] { u16(v & 0xFFFF) + u16(v >> 16 & 0xFFFF) }
        var previousNext = 4
        let text = description.map { Array($0.utf8) + [0] }
        for page in pages {
            let dataOffset = out.count
            out += page
            var textOffset = 0
            if let text { textOffset = out.count; out += text }
            if out.count % 2 == 1 { out.append(0) }
            let ifd = out.count
            out.replaceSubrange(previousNext ..< previousNext + 4, with: u32(ifd))
            var entries: [(Int, Int, Int, Int)] = [   // tag, type (3 short, 4 long), count, value
                (256, 4, 1, width), (257, 4, 1, height), (258, 3, 1, bits), (259, 3, 1, 1), (262, 3, 1, 1),
                (273, 4, 1, dataOffset), (277, 3, 1, 1), (278, 4, 1, height), (279, 4, 1, page.count),
                (339, 3, 1, sample == .unsigned ? 1 : sample == .signed ? 2 : 3),
            ]
            if let text { entries.append((270, 2, text.count, textOffset)) }
            entries.sort { $0.0 < $1.0 }
            out += u16(entries.count)
            for (tag, type, count, value) in entries {
                out += u16(tag) + u16(type) + u32(count) + (type == 3 ? u16(value) + [0, 0] : u32(value))
            }
            previousNext = out.count
            out += u32(0)
        }
        return out
    }

    static func bytes<T>(_ values: [T]) -> [UInt8] { values.withUnsafeBytes { Array($0) } }
}
