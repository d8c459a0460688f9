import Foundation

/// A safetensors file (https://github.com/huggingface/safetensors): an 8-byte little-endian header
/// length, a JSON header naming every tensor's dtype, shape and byte range, an optional
/// `__metadata__` map of strings, then the raw little-endian tensor bytes. QPIKit stores float32
/// tensors only; the Python `safetensors` package reads what `write(to:)` produces.
public struct Safetensors: Sendable, Equatable {
    /// One float32 tensor.
    public struct Tensor: Sendable, Equatable {
        public var shape: [Int]
        public var values: [Float]

        public init(shape: [Int], values: [Float]) {
            precondition(shape.reduce(1, *) == values.count, "shape does not match the value count")
            self.shape = shape
            self.values = values
        }
    }

    /// The tensors by name.
    public var tensors: [String: Tensor]
    /// The free-form `__metadata__` strings.
    public var metadata: [String: String]

    public init(tensors: [String: Tensor] = [:], metadata: [String: String] = [:]) {
        self.tensors = tensors
        self.metadata = metadata
    }

    /// The largest header the reader accepts (the format's own limit is 100 MB).
    static let headerLimit = 100_000_000

    /// Reads and validates the file at `path`.
    public static func read(path: String) throws -> Safetensors {
        let file = try InputFile(path: path)
        guard file.size >= 8 else { throw FormatError(.truncated, path: path, "shorter than the 8-byte header length") }
        let length = try file.bytes(at: 0, count: 8).reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        guard length <= UInt64(min(headerLimit, file.size - 8)) else {
            throw FormatError(length > UInt64(headerLimit) ? .corrupt : .truncated, path: path,
                              "header length \(length) exceeds the file (\(file.size) bytes)")
        }
        let header = try file.bytes(at: 8, count: Int(length))
        guard let json = try? JSONSerialization.jsonObject(with: Data(header)) as? [String: Any] else {
            throw FormatError(.corrupt, path: path, "header is not a JSON object")
        }
        let dataStart = 8 + Int(length), dataSize = file.size - dataStart
        var out = Safetensors()
        for (name, entry) in json {
            if name == "__metadata__" {
                guard let map = entry as? [String: String] else { throw FormatError(.corrupt, path: path, "__metadata__ is not a map of strings") }
                out.metadata = map
                continue
            }
            guard let fields = entry as? [String: Any], let dtype = fields["dtype"] as? String,
                  let shape = fields["shape"] as? [Int], let offsets = fields["data_offsets"] as? [Int], offsets.count == 2 else {
                throw FormatError(.corrupt, path: path, "tensor '\(name)' lacks dtype, shape or data_offsets")
            }
            guard dtype == "F32" else { throw FormatError(.unsupported, path: path, "tensor '\(name)' has dtype \(dtype); QPIKit reads F32 only") }
            let count = shape.reduce(1) { $0.multipliedReportingOverflow(by: $1).partialValue }
            guard shape.allSatisfy({ $0 >= 0 && $0 < 1 << 31 }), offsets[0] >= 0, offsets[0] <= offsets[1],
                  offsets[1] <= dataSize, offsets[1] - offsets[0] == count * 4 else {
                throw FormatError(.corrupt, path: path, "tensor '\(name)': shape \(shape) and byte range \(offsets) disagree with each other or the file")
            }
            let bytes = try file.bytes(at: dataStart + offsets[0], count: count * 4)
            let values = (0..<count).map { i in
                Float(bitPattern: UInt32(bytes[4 * i]) | UInt32(bytes[4 * i + 1]) << 8 | UInt32(bytes[4 * i + 2]) << 16 | UInt32(bytes[4 * i + 3]) << 24)
            }
            out.tensors[name] = Tensor(shape: shape, values: values)
        }
        return out
    }

    /// The encoded file: tensors in name order, header padded with spaces to 8 bytes.
    public func encoded() throws -> [UInt8] {
        var header: [String: Any] = [:]
        if !metadata.isEmpty { header["__metadata__"] = metadata }
        var offset = 0
        let names = tensors.keys.sorted()
        for name in names {
            let tensor = tensors[name]!
            header[name] = ["dtype": "F32", "shape": tensor.shape, "data_offsets": [offset, offset + 4 * tensor.values.count]] as [String: Any]
            offset += 4 * tensor.values.count
        }
        var json = [UInt8](try JSONSerialization.data(withJSONObject: header, options: [.sortedKeys]))
        while json.count % 8 != 0 { json.append(UInt8(ascii: " ")) }
        var bytes = (0..<8).map { UInt8(truncatingIfNeeded: UInt64(json.count) >> (8 * $0)) } + json
        bytes.reserveCapacity(bytes.count + offset)
        for name in names {
            for value in tensors[name]!.values {
                let bits = value.bitPattern
                bytes += [UInt8(truncatingIfNeeded: bits), UInt8(truncatingIfNeeded: bits >> 8),
                          UInt8(truncatingIfNeeded: bits >> 16), UInt8(truncatingIfNeeded: bits >> 24)]
            }
        }
        return bytes
    }

    /// Writes the file atomically.
    public func write(to path: String) throws {
        let bytes = try encoded()
        try AtomicOutput.write(to: path) { try writeBytes(bytes, to: $0, reportedAs: path) }
    }
}
