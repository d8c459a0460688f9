import CPNG

// Every raw libpng call of QPIKit lives in this file. Only the simplified API is used, whose
// errors come back as return values instead of longjmp.

/// In-memory PNG encoding and decoding through libpng's simplified API.
enum LibPNG {
    /// A decoded greyscale image: samples at the file's own depth (8 or 16 bits), top row first.
    struct Gray {
        var width: Int
        var height: Int
        var bitDepth: Int
        var samples: [UInt16]
    }

    /// Decodes `bytes` to greyscale at the file's own bit depth (colour is converted to grey).
    static func decode(_ bytes: [UInt8], path: String) throws -> Gray {
        var image = png_image()
        image.version = qpi_png_image_version()
        let begun = bytes.withUnsafeBytes { png_image_begin_read_from_memory(&image, $0.baseAddress, $0.count) }
        guard begun != 0 else { throw FormatError(.corrupt, path: path, "libpng: \(message(&image))") }
        defer { png_image_free(&image) }
        let sixteen = image.format & qpi_png_format_flag_linear() != 0
        let (width, height) = (Int(image.width), Int(image.height))
        guard width > 0, height > 0, width * height <= 1 << 30 else {
            throw FormatError(.corrupt, path: path, "PNG declares \(width)×\(height) pixels")
        }
        image.format = sixteen ? qpi_png_format_linear_y() : qpi_png_format_gray()
        var samples = [UInt16](repeating: 0, count: width * height)
        let ok: Int32
        if sixteen {
            ok = bytes.withUnsafeBytes { source in
                samples.withUnsafeMutableBytes { png_image_finish_read(&image, nil, $0.baseAddress, 0, nil) }
            }
        } else {
            var eight = [UInt8](repeating: 0, count: width * height)
            ok = eight.withUnsafeMutableBytes { png_image_finish_read(&image, nil, $0.baseAddress, 0, nil) }
            for i in eight.indices { samples[i] = UInt16(eight[i]) }
        }
        guard ok != 0 else { throw FormatError(.truncated, path: path, "libpng: \(message(&image))") }
        return Gray(width: width, height: height, bitDepth: sixteen ? 16 : 8, samples: samples)
    }

    /// Encodes 16-bit linear greyscale samples (top row first).
    static func encodeGray16(_ samples: [UInt16], width: Int, height: Int, path: String) throws -> [UInt8] {
        try encode(samples, width: width, height: height, format: qpi_png_format_linear_y(), path: path)
    }

    /// Encodes 8-bit RGB samples (top row first, 3 bytes per pixel).
    static func encodeRGB8(_ samples: [UInt8], width: Int, height: Int, path: String) throws -> [UInt8] {
        try encode(samples, width: width, height: height, format: qpi_png_format_rgb(), path: path)
    }

    private static func encode<T>(_ samples: [T], width: Int, height: Int, format: png_uint_32, path: String) throws -> [UInt8] {
        var image = png_image()
        image.version = qpi_png_image_version()
        image.width = png_uint_32(width)
        image.height = png_uint_32(height)
        image.format = format
        var size: png_alloc_size_t = 0
        let sized = samples.withUnsafeBytes { png_image_write_to_memory(&image, nil, &size, 0, $0.baseAddress, 0, nil) }
        guard sized != 0 || size > 0 else { throw FormatError(.io, path: path, "libpng: \(message(&image))") }
        var out = [UInt8](repeating: 0, count: Int(size))
        let ok = out.withUnsafeMutableBytes { target in
            samples.withUnsafeBytes { png_image_write_to_memory(&image, target.baseAddress, &size, 0, $0.baseAddress, 0, nil) }
        }
        guard ok != 0 else { throw FormatError(.io, path: path, "libpng: \(message(&image))") }
        return Array(out.prefix(Int(size)))
    }

    private static func message(_ image: inout png_image) -> String {
        withUnsafeBytes(of: &image.message) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
    }
}
