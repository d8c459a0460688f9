import Foundation

/// An object to write in Gwyddion's serialised format (GWYP): its type name, then its components
/// in order, each as name, NUL, type letter and value, all little-endian.
struct GwyWriteObject {
    var type: String
    var components: [(name: String, value: GwyWriteValue)]

    /// Bytes of the components, the size field of the serialised object.
    var componentsSize: Int {
        components.reduce(0) { $0 + $1.name.utf8.count + 2 + $1.value.byteCount }
    }

    /// Bytes of the whole serialised object: name, NUL, UInt32 size, components.
    var byteCount: Int { type.utf8.count + 5 + componentsSize }

    /// Writes the object to `sink`.
    func write(to sink: GwyByteSink) throws {
        sink.cString(type)
        sink.uint32(componentsSize)
        for (name, value) in components {
            sink.cString(name)
            sink.bytes([value.letter])
            try value.write(to: sink)
        }
    }
}

/// A component value to write.
indirect enum GwyWriteValue {
    case bool(Bool)
    case int32(Int32)
    case double(Double)
    case string(String)
    case object(GwyWriteObject)
    case doubles([Double])
    /// `layers × rows × columns` samples with row 0 at the bottom, written as doubles with each
    /// layer's top row first (Gwyddion's order).
    case planes([Float], rows: Int, columns: Int)
    case objects([GwyWriteObject])

    /// The type letter.
    var letter: UInt8 {
        switch self {
        case .bool: UInt8(ascii: "b")
        case .int32: UInt8(ascii: "i")
        case .double: UInt8(ascii: "d")
        case .string: UInt8(ascii: "s")
        case .object: UInt8(ascii: "o")
        case .doubles, .planes: UInt8(ascii: "D")
        case .objects: UInt8(ascii: "O")
        }
    }

    /// Bytes of the serialised value (after the type letter).
    var byteCount: Int {
        switch self {
        case .bool: 1
        case .int32: 4
        case .double: 8
        case .string(let text): text.utf8.count + 1
        case .object(let object): object.byteCount
        case .doubles(let values): 4 + 8 * values.count
        case .planes(let samples, _, _): 4 + 8 * samples.count
        case .objects(let objects): objects.reduce(4) { $0 + $1.byteCount }
        }
    }

    func write(to sink: GwyByteSink) throws {
        switch self {
        case .bool(let flag): sink.bytes([flag ? 1 : 0])
        case .int32(let value): sink.uint32(Int(UInt32(bitPattern: value)))
        case .double(let value): sink.uint64(value.bitPattern)
        case .string(let text): sink.cString(text)
        case .object(let object): try object.write(to: sink)
        case .doubles(let values):
            sink.uint32(values.count)
            for value in values { sink.uint64(value.bitPattern) }
            try sink.flushIfFull()
        case .planes(let samples, let rows, let columns):
            sink.uint32(samples.count)
            var line = [UInt64](repeating: 0, count: columns)
            for layer in 0 ..< samples.count / max(1, rows * columns) {
                for r in 0..<rows {
                    let start = (layer * rows + rows - 1 - r) * columns
                    for c in 0..<columns { line[c] = Double(samples[start + c]).bitPattern.littleEndian }
                    line.withUnsafeBytes { sink.bytes($0) }
                    try sink.flushIfFull()
                }
            }
        case .objects(let objects):
            sink.uint32(objects.count)
            for object in objects { try object.write(to: sink) }
        }
    }
}

/// Collects bytes and writes them to a file about a megabyte at a time; errors name `path`.
final class GwyByteSink {
    private let handle: FileHandle
    private let path: String
    private var buffer: [UInt8] = []
    private var closed = false
    static let blockSize = 1 << 20

    init(path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil),
              let handle = FileHandle(forWritingAtPath: path) else {
            throw FormatError(.io, path: path, "cannot create the file (folder not writable?)")
        }
        self.handle = handle
        self.path = path
        buffer.reserveCapacity(Self.blockSize + (1 << 16))
    }

    deinit { if !closed { try? handle.close() } }

    func bytes<C: Collection>(_ bytes: C) where C.Element == UInt8 { buffer.append(contentsOf: bytes) }

    func uint32(_ value: Int) { bytes(withUnsafeBytes(of: UInt32(truncatingIfNeeded: value).littleEndian) { Array($0) }) }

    func uint64(_ value: UInt64) { bytes(withUnsafeBytes(of: value.littleEndian) { Array($0) }) }

    /// `text` in UTF-8 followed by NUL.
    func cString(_ text: String) {
        bytes(text.utf8)
        bytes([0])
    }

    /// Writes the buffered bytes once they reach the block size.
    func flushIfFull() throws {
        if buffer.count >= Self.blockSize { try flush() }
    }

    /// Writes what is buffered and closes the file.
    func close() throws {
        try flush()
        closed = true
        do { try handle.close() } catch {
            throw FormatError(.io, path: path, "cannot close the file: \(error.localizedDescription)")
        }
    }

    private func flush() throws {
        do { try handle.write(contentsOf: buffer) } catch {
            throw FormatError(.io, path: path, "cannot write the file (disk full?): \(error.localizedDescription)")
        }
        buffer.removeAll(keepingCapacity: true)
    }
}
