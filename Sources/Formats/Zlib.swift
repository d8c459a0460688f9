import CZlib

// Every raw zlib call of QPIKit lives here (apart from the CRC of PNG chunks).

enum Zlib {
    /// Inflates the zlib stream in `input`, producing at most `limit` bytes (the rest is not
    /// decompressed, so a hostile stream cannot exhaust memory).
    static func inflate(_ input: ArraySlice<UInt8>, limit: Int, path: String) throws -> [UInt8] {
        var stream = z_stream()
        guard inflateInit_(&stream, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw FormatError(.io, path: path, "zlib cannot start inflating")
        }
        defer { inflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: limit)
        var status: Int32 = Z_OK
        input.withUnsafeBytes { source in
            output.withUnsafeMutableBytes { target in
                stream.next_in = UnsafeMutablePointer(mutating: source.bindMemory(to: UInt8.self).baseAddress)
                stream.avail_in = UInt32(source.count)
                stream.next_out = target.bindMemory(to: UInt8.self).baseAddress
                stream.avail_out = UInt32(target.count)
                status = CZlib.inflate(&stream, Z_FINISH)
            }
        }
        guard status == Z_STREAM_END || status == Z_BUF_ERROR || status == Z_OK else {
            throw FormatError(.corrupt, path: path, "compressed data is damaged (zlib status \(status))")
        }
        return Array(output.prefix(Int(stream.total_out)))
    }
}
