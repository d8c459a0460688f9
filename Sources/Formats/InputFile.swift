#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A regular file opened for random-access reading with bounds-checked reads.
///
/// Every read checks the requested range against the file size first, so a header that
/// declares more data than the file holds fails with `.truncated` before anything is allocated.
final class InputFile {
    let path: String
    let size: Int
    private let descriptor: Int32

    init(path: String) throws {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw FormatError(.io, path: path, "cannot open: \(String(cString: strerror(errno)))")
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw FormatError(.io, path: path, "not a regular file (a directory or device was given)")
        }
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            throw FormatError(.io, path: path, "cannot open: \(String(cString: strerror(errno)))")
        }
        self.path = path
        self.descriptor = fd
        self.size = Int(info.st_size)
    }

    deinit { close(descriptor) }

    /// Reads `count` bytes at `offset` into `buffer`, which must hold at least `count` bytes.
    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int, count: Int) throws {
        guard offset >= 0, count >= 0, offset <= size, count <= size - offset else {
            throw FormatError(.truncated, path: path,
                              "needs bytes \(offset)..<\(offset + count) but the file has \(size)")
        }
        var done = 0
        while done < count {
            let n = pread(descriptor, buffer.baseAddress! + done, count - done, off_t(offset + done))
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else {
                throw FormatError(.io, path: path, "read failed at byte \(offset + done)")
            }
            done += n
        }
    }

    /// Reads `count` bytes at `offset`.
    func bytes(at offset: Int, count: Int) throws -> [UInt8] {
        guard offset >= 0, count >= 0, offset <= size, count <= size - offset else {
            throw FormatError(.truncated, path: path,
                              "needs bytes \(offset)..<\(offset + count) but the file has \(size)")
        }
        var out = [UInt8](repeating: 0, count: count)
        try out.withUnsafeMutableBytes { raw in try read(into: raw, at: offset, count: count) }
        return out
    }

    /// The first `limit` bytes (or the whole file when shorter).
    func prefix(_ limit: Int) throws -> [UInt8] {
        try bytes(at: 0, count: Swift.min(limit, size))
    }

    /// The offset just past the first occurrence of `marker` within the first `limit` bytes.
    func offset(after marker: [UInt8], within limit: Int) throws -> Int? {
        let head = try prefix(limit)
        return head.firstRange(of: marker).map { $0.upperBound }
    }
}

extension Array where Element == UInt8 {
    /// The range of the first occurrence of `needle`.
    func firstRange(of needle: [UInt8]) -> Range<Int>? {
        guard !needle.isEmpty, count >= needle.count else { return nil }
        let first = needle[0]
        var i = 0
        let last = count - needle.count
        while i <= last {
            if self[i] == first && self[i ..< i + needle.count].elementsEqual(needle) {
                return i ..< i + needle.count
            }
            i += 1
        }
        return nil
    }
}
