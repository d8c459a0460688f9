import CTIFF
import QPICore

// Every raw libtiff call of QPIKit lives in this file.

/// An open TIFF file, read or written one page (directory) at a time.
final class TIFFFile {
    private let handle: OpaquePointer
    let path: String

    private static let setUp: Void = { qpi_tiff_silence() }()

    private init(handle: OpaquePointer, path: String) {
        self.handle = handle
        self.path = path
    }

    deinit { TIFFClose(handle) }

    static func open(path: String, mode: String) throws -> TIFFFile {
        _ = setUp
        guard let handle = TIFFOpen(path, mode) else {
            throw FormatError(mode.hasPrefix("r") ? .unrecognised : .io, path: path,
                              mode.hasPrefix("r") ? "libtiff cannot open it as a TIFF file" : "cannot create TIFF file")
        }
        return TIFFFile(handle: handle, path: path)
    }

    // MARK: Reading

    /// Number of pages, counting at most `limit`.
    func pageCount(limit: Int) -> Int {
        var count = 1
        TIFFSetDirectory(handle, 0)
        while count <= limit, TIFFReadDirectory(handle) == 1 { count += 1 }
        TIFFSetDirectory(handle, 0)
        return count
    }

    /// Shape and sample type of one page.
    struct PageInfo: Equatable {
        var width: Int
        var height: Int
        var bitsPerSample: Int
        var sampleFormat: Int
        var samplesPerPixel: Int
        var tiled: Bool
    }

    /// Makes page `index` current: page 0 by rewinding, any other by advancing one page, so
    /// reading pages in order costs one directory read each.
    func selectPage(_ index: Int) throws {
        let ok = index == 0 ? TIFFSetDirectory(handle, 0) == 1 : TIFFReadDirectory(handle) == 1
        guard ok, Int(TIFFCurrentDirectory(handle)) == index else {
            throw FormatError(.corrupt, path: path, "cannot read page \(index + 1)")
        }
    }

    func pageInfo() -> PageInfo {
        var width: UInt32 = 0, height: UInt32 = 0
        var bits: UInt16 = 0, format: UInt16 = 0, samples: UInt16 = 0
        _ = qpi_tiff_get_u32(handle, UInt32(TIFFTAG_IMAGEWIDTH), &width)
        _ = qpi_tiff_get_u32(handle, UInt32(TIFFTAG_IMAGELENGTH), &height)
        _ = qpi_tiff_get_u16(handle, UInt32(TIFFTAG_BITSPERSAMPLE), &bits)
        _ = qpi_tiff_get_u16(handle, UInt32(TIFFTAG_SAMPLEFORMAT), &format)
        _ = qpi_tiff_get_u16(handle, UInt32(TIFFTAG_SAMPLESPERPIXEL), &samples)
        return PageInfo(width: Int(width), height: Int(height), bitsPerSample: Int(bits),
                        sampleFormat: Int(format), samplesPerPixel: Int(samples), tiled: TIFFIsTiled(handle) != 0)
    }

    /// The image description of the current page.
    func description() -> String? {
        var pointer: UnsafePointer<CChar>?
        guard qpi_tiff_get_string(handle, UInt32(TIFFTAG_IMAGEDESCRIPTION), &pointer) == 1, let pointer else { return nil }
        return String(cString: pointer)
    }

    /// The X resolution (pixels per unit) of the current page.
    func xResolution() -> Double? {
        var value: Float = 0
        guard qpi_tiff_get_float(handle, UInt32(TIFFTAG_XRESOLUTION), &value) == 1, value > 0 else { return nil }
        return Double(value)
    }

    /// Reads the current page's samples, converted to Float, rows as stored (row 0 first).
    func readPage(_ info: PageInfo) throws -> [Float] {
        guard !info.tiled else { throw FormatError(.unsupported, path: path, "tiled TIFF pages are not supported") }
        let bytesPerSample = info.bitsPerSample / 8
        let rowBytes = TIFFScanlineSize64(handle)
        guard rowBytes == Int64(info.width * bytesPerSample) else {
            throw FormatError(.corrupt, path: path, "scanline size \(rowBytes) does not match \(info.width) samples of \(info.bitsPerSample) bits")
        }
        var row = [UInt8](repeating: 0, count: Int(rowBytes))
        var out = [Float](repeating: 0, count: info.width * info.height)
        for r in 0..<info.height {
            let status = row.withUnsafeMutableBytes { TIFFReadScanline(handle, $0.baseAddress, UInt32(r), 0) }
            guard status == 1 else {
                throw FormatError(.truncated, path: path, "cannot read row \(r + 1) of \(info.height) (file cut short or corrupt)")
            }
            row.withUnsafeBytes { raw in
                out.withUnsafeMutableBufferPointer { target in
                    let base = r * info.width
                    for c in 0..<info.width {
                        target[base + c] = Self.sample(raw, c, bits: info.bitsPerSample, format: info.sampleFormat)
                    }
                }
            }
        }
        return out
    }

    private static let signedFormat = Int(SAMPLEFORMAT_INT)
    private static let floatFormat = Int(SAMPLEFORMAT_IEEEFP)

    @inline(__always)
    private static func sample(_ raw: UnsafeRawBufferPointer, _ i: Int, bits: Int, format: Int) -> Float {
        switch (bits, format) {
        case (8, signedFormat): return Float(raw.load(fromByteOffset: i, as: Int8.self))
        case (8, _): return Float(raw.load(fromByteOffset: i, as: UInt8.self))
        case (16, signedFormat): return Float(raw.loadUnaligned(fromByteOffset: i * 2, as: Int16.self))
        case (16, _): return Float(raw.loadUnaligned(fromByteOffset: i * 2, as: UInt16.self))
        case (32, floatFormat): return raw.loadUnaligned(fromByteOffset: i * 4, as: Float.self)
        case (32, signedFormat): return Float(raw.loadUnaligned(fromByteOffset: i * 4, as: Int32.self))
        case (32, _): return Float(raw.loadUnaligned(fromByteOffset: i * 4, as: UInt32.self))
        default: return Float(raw.loadUnaligned(fromByteOffset: i * 8, as: Double.self))
        }
    }

    // MARK: Writing

    /// Writes one float32 page (`rows × columns`, row 0 first) with optional description and
    /// resolution (pixels per unit), then starts the next page.
    func writePage(_ values: UnsafeBufferPointer<Float>, width: Int, height: Int, page: Int, pages: Int,
                   description: String?, resolution: Double?) throws {
        _ = qpi_tiff_set_u32(handle, UInt32(TIFFTAG_IMAGEWIDTH), UInt32(width))
        _ = qpi_tiff_set_u32(handle, UInt32(TIFFTAG_IMAGELENGTH), UInt32(height))
        _ = qpi_tiff_set_u16(handle, UInt32(TIFFTAG_BITSPERSAMPLE), 32)
        _ = qpi_tiff_set_u16(handle, UInt32(TIFFTAG_SAMPLESPERPIXEL), 1)
        _ = qpi_tiff_set_u16(handle, UInt32(TIFFTAG_SAMPLEFORMAT), UInt16(SAMPLEFORMAT_IEEEFP))
        _ = qpi_tiff_set_u16(handle, UInt32(TIFFTAG_PHOTOMETRIC), UInt16(PHOTOMETRIC_MINISBLACK))
        _ = qpi_tiff_set_u16(handle, UInt32(TIFFTAG_PLANARCONFIG), UInt16(PLANARCONFIG_CONTIG))
        _ = qpi_tiff_set_u16(handle, UInt32(TIFFTAG_COMPRESSION), UInt16(COMPRESSION_NONE))
        _ = qpi_tiff_set_u32(handle, UInt32(TIFFTAG_ROWSPERSTRIP), UInt32(height))
        _ = qpi_tiff_set_u16(handle, UInt32(TIFFTAG_SUBFILETYPE), pages > 1 ? UInt16(FILETYPE_PAGE) : 0)
        _ = qpi_tiff_set_pages(handle, UInt16(clamping: page), UInt16(clamping: pages))
        if let resolution {
            _ = qpi_tiff_set_float(handle, UInt32(TIFFTAG_XRESOLUTION), Float(resolution))
            _ = qpi_tiff_set_float(handle, UInt32(TIFFTAG_YRESOLUTION), Float(resolution))
            _ = qpi_tiff_set_u16(handle, UInt32(TIFFTAG_RESOLUTIONUNIT), UInt16(RESUNIT_NONE))
        }
        if let description { _ = qpi_tiff_set_string(handle, UInt32(TIFFTAG_IMAGEDESCRIPTION), description) }
        _ = qpi_tiff_set_string(handle, UInt32(TIFFTAG_SOFTWARE), "QPIKit \(QPIKitVersion.current)")
        let bytes = width * height * 4
        guard TIFFWriteEncodedStrip(handle, 0, UnsafeMutableRawPointer(mutating: values.baseAddress), Int64(bytes)) == Int64(bytes),
              TIFFWriteDirectory(handle) == 1 else {
            throw FormatError(.io, path: path, "cannot write page \(page + 1) (disk full?)")
        }
    }
}
