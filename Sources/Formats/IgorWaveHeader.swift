/// The headers of an Igor binary wave (`.ibw`, versions 2 and 5, as WaveMetrics' Technical
/// Note 003 lays them out) in the file's byte order, with the sections that follow the samples.
///
/// Version 2: `BinHeader2` (16 bytes) and `WaveHeader2` (110 bytes), the samples, 16 bytes of
/// padding, the note; one dimension. Version 5: `BinHeader5` (64 bytes) and `WaveHeader5`
/// (320 bytes), the samples, then the dependency formula, the note, the extended data units,
/// the extended units and the labels of each dimension, each as long as `BinHeader5` says.
/// Every size is checked against the file before anything is read.
struct IgorWaveHeader {
    /// The sample types QPIKit reads, by Igor's type code.
    enum SampleType: Int {
        case float32 = 0x02, float64 = 0x04, int8 = 0x08, int16 = 0x10, int32 = 0x20
        case uint8 = 0x48, uint16 = 0x50, uint32 = 0x60

        /// Bytes per sample.
        var size: Int {
            switch self {
            case .int8, .uint8: 1
            case .int16, .uint16: 2
            case .float32, .int32, .uint32: 4
            case .float64: 8
            }
        }
    }

    var version: Int
    var littleEndian: Bool
    var type: SampleType
    /// The wave's name.
    var name: String
    /// Points per dimension, the first (fastest in the file) first; one to three entries.
    var dimensions: [Int]
    /// Index scaling of each dimension: value = offset + step × index (`sfB`, `sfA`; `hsB`, `hsA`).
    var steps: [Double]
    var offsets: [Double]
    var dataUnit: String
    var dimensionUnits: [String]
    /// Per dimension: the label of the whole dimension, then one per element (version 5).
    var labels: [[String]]
    var note: String
    var formula: String
    /// Where the samples start and how many bytes they take.
    var dataOffset: Int
    var dataBytes: Int

    /// Reads the headers and the trailing sections of the wave in `file`.
    init(file: InputFile) throws {
        let path = file.path
        let head = try file.prefix(2)
        guard head.count == 2 else { throw FormatError(.truncated, path: path, "shorter than the 2-byte Igor version field") }
        // The version is a small number: its nonzero byte comes first in a little-endian file.
        guard head[0] == 0 || head[1] == 0 else {
            throw FormatError(.unrecognised, path: path, "first two bytes are not an Igor binary wave version")
        }
        let littleEndian = head[0] != 0
        let version = Int(head[0] | head[1])
        switch version {
        case 2: try self.init(version2: file, littleEndian: littleEndian)
        case 5: try self.init(version5: file, littleEndian: littleEndian)
        case 1, 3:
            throw FormatError(.unsupported, path: path, "Igor binary wave version \(version): only versions 2 and 5 are read")
        default:
            throw FormatError(.unrecognised, path: path, "version field \(version) is not an Igor binary wave version")
        }
    }

    private init(version2 file: InputFile, littleEndian: Bool) throws {
        let path = file.path
        let fields = Fields(bytes: try file.bytes(at: 0, count: 126), littleEndian: littleEndian)
        let wfmSize = fields.int32(at: 2), noteSize = fields.int32(at: 6)
        let points = fields.int32(at: 16 + 42)
        let type = try Self.sampleType(fields.int16(at: 16), path: path)
        dataOffset = 126
        dataBytes = wfmSize - 126
        try Self.checkSamples(points: points, type: type, dataBytes: dataBytes, path: path)
        // Version 2 keeps 16 bytes of padding between the samples and the note.
        let note = try Self.sections([noteSize], from: 16 + wfmSize, in: file)
        self.version = 2
        self.littleEndian = littleEndian
        self.type = type
        name = fields.text(at: 16 + 6, count: 20)
        dimensions = [points]
        steps = [fields.double(at: 16 + 48)]
        offsets = [fields.double(at: 16 + 56)]
        dataUnit = fields.text(at: 16 + 34, count: 4)
        dimensionUnits = [fields.text(at: 16 + 38, count: 4)]
        labels = [[]]
        self.note = decodeHeaderText(note[0])
        formula = ""
    }

    private init(version5 file: InputFile, littleEndian: Bool) throws {
        let path = file.path
        let fields = Fields(bytes: try file.bytes(at: 0, count: 384), littleEndian: littleEndian)
        let wfmSize = fields.int32(at: 4)
        let points = fields.int32(at: 64 + 12)
        let type = try Self.sampleType(fields.int16(at: 64 + 16), path: path)
        let declared = (0..<4).map { fields.int32(at: 64 + 68 + 4 * $0) }
        let rank = declared.firstIndex(of: 0) ?? 4
        guard rank >= 1, declared.allSatisfy({ $0 >= 0 }), declared[rank...].allSatisfy({ $0 == 0 }) else {
            throw FormatError(.corrupt, path: path, "dimension sizes \(declared) are not positive sizes followed by zeros")
        }
        guard rank <= 3 else { throw FormatError(.unsupported, path: path, "4-dimensional waves are not read") }
        var product = 1
        for n in declared[..<rank] {
            let (next, overflow) = product.multipliedReportingOverflow(by: n)
            guard !overflow, next <= points else {
                throw FormatError(.corrupt, path: path, "dimension sizes \(declared[..<rank]) do not multiply to the \(points) points declared")
            }
            product = next
        }
        guard product == points else {
            throw FormatError(.corrupt, path: path, "dimension sizes \(declared[..<rank]) do not multiply to the \(points) points declared")
        }
        dataOffset = 384
        dataBytes = wfmSize - 320
        try Self.checkSamples(points: points, type: type, dataBytes: dataBytes, path: path)
        // Formula, note, extended data units, 4 × extended dimension units, 4 × dimension labels.
        let sizes = [8, 12, 16].map { fields.int32(at: $0) } + (0..<8).map { fields.int32(at: 20 + 4 * $0) }
        let sections = try Self.sections(sizes, from: 64 + wfmSize, in: file)
        self.version = 5
        self.littleEndian = littleEndian
        self.type = type
        name = fields.text(at: 64 + 28, count: 32)
        dimensions = Array(declared[..<rank])
        steps = (0..<rank).map { fields.double(at: 64 + 84 + 8 * $0) }
        offsets = (0..<rank).map { fields.double(at: 64 + 116 + 8 * $0) }
        formula = Self.cString(sections[0])
        note = decodeHeaderText(sections[1])
        dataUnit = sections[2].isEmpty ? fields.text(at: 64 + 148, count: 4) : Self.cString(sections[2])
        dimensionUnits = (0..<rank).map { k in
            sections[3 + k].isEmpty ? fields.text(at: 64 + 152 + 4 * k, count: 4) : Self.cString(sections[3 + k])
        }
        labels = (0..<rank).map { Self.labels(sections[7 + $0]) }
    }

    private static func sampleType(_ code: Int, path: String) throws -> SampleType {
        guard let type = SampleType(rawValue: code) else {
            let what = code == 0 ? "a text wave" : code & 1 != 0 ? "a complex wave" : "sample type code \(code)"
            throw FormatError(.unsupported, path: path, "\(what): only real float32/float64/int8/16/32 waves are read")
        }
        return type
    }

    private static func checkSamples(points: Int, type: SampleType, dataBytes: Int, path: String) throws {
        guard points > 0 else { throw FormatError(.corrupt, path: path, "the wave declares \(points) points") }
        guard dataBytes == points * type.size else {
            throw FormatError(.corrupt, path: path,
                              "wfmSize leaves \(dataBytes) bytes of samples but \(points) points of \(type) need \(points * type.size)")
        }
    }

    /// The consecutive sections of `sizes` bytes starting at `start`, checked against the file size.
    private static func sections(_ sizes: [Int], from start: Int, in file: InputFile) throws -> [[UInt8]] {
        guard sizes.allSatisfy({ $0 >= 0 }) else {
            throw FormatError(.corrupt, path: file.path, "negative section size in the header: \(sizes)")
        }
        let total = sizes.reduce(0, +)
        guard start <= file.size, total <= file.size - start else {
            throw FormatError(.truncated, path: file.path,
                              "the samples and the sections after them end at byte \(start + total), the file has \(file.size)")
        }
        var offset = start
        return try sizes.map { size in
            defer { offset += size }
            return try file.bytes(at: offset, count: size)
        }
    }

    /// Labels stored in 32-byte fields; a label that fills its field continues in the next one.
    private static func labels(_ bytes: [UInt8]) -> [String] {
        var labels: [String] = []
        var current: [UInt8] = []
        for start in stride(from: 0, to: bytes.count - bytes.count % 32, by: 32) {
            let field = bytes[start ..< start + 32]
            current += field.prefix { $0 != 0 }
            if field.contains(0) {
                labels.append(decodeHeaderText(current))
                current = []
            }
        }
        return labels
    }

    private static func cString<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        decodeHeaderText(bytes.prefix { $0 != 0 })
    }

    /// Fixed-offset fields of the header bytes in the file's byte order.
    private struct Fields {
        let bytes: [UInt8]
        let littleEndian: Bool

        func integer<T: FixedWidthInteger>(_: T.Type, at offset: Int) -> T {
            let raw = bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset, as: T.self) }
            return littleEndian ? T(littleEndian: raw) : T(bigEndian: raw)
        }

        func int16(at offset: Int) -> Int { Int(integer(Int16.self, at: offset)) }
        func int32(at offset: Int) -> Int { Int(integer(Int32.self, at: offset)) }
        func double(at offset: Int) -> Double { Double(bitPattern: integer(UInt64.self, at: offset)) }
        func text(at offset: Int, count: Int) -> String { IgorWaveHeader.cString(bytes[offset ..< offset + count]) }
    }
}
