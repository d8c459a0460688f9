/// The tagged blocks of Scienta Omicron MATRIX files and the little-endian fields inside them.
///
/// Both MATRIX files start with `ONTMATRX0101`, then blocks: a four-character tag stored
/// reversed (`ATEM` for `META`), a UInt32 length, an 8-byte time stamp (absent in the blocks of
/// `omicronMATRIXUnstamped`) and the body of that length. Strings are a UInt32 count of UTF-16
/// code units and the code units (little-endian); typed values are a four-character type tag
/// (`BOOL`, `LONG`, `DOUB`, `STRG`, stored reversed) and the value.
let omicronMATRIXMagic = Array("ONTMATRX0101".utf8)

/// Blocks written without the 8-byte time stamp after their length.
let omicronMATRIXUnstamped: Set<String> = ["XFER", "SCAN", "DICT", "CHCS", "INST", "CNXS", "GENL", "DESC", "DATA"]

/// A block found in a file: its tag (read the right way round) and where its body lies.
struct OmicronMATRIXBlock {
    var tag: String
    var bodyOffset: Int
    var bodyLength: Int

    /// Calls `visit` with each block from `start` to `end` of `file` in order, each checked to end
    /// within `end`, until `visit` returns false. Each block advances by at least 8 bytes, so the
    /// walk ends on any input.
    static func walk(_ file: InputFile, from start: Int, to end: Int,
                     _ visit: (OmicronMATRIXBlock) throws -> Bool) throws {
        var offset = start
        while offset < end {
            let head = try file.bytes(at: offset, count: min(8, end - offset))
            guard head.count == 8 else {
                throw FormatError(.truncated, path: file.path, "a block header at byte \(offset) is cut off")
            }
            var fields = OmicronMATRIXFields(head, path: file.path)
            let tag = try fields.tag()
            let length = Int(try fields.uint32())
            let bodyOffset = offset + 8 + (omicronMATRIXUnstamped.contains(tag) ? 0 : 8)
            guard bodyOffset <= end, length <= end - bodyOffset else {
                throw FormatError(.truncated, path: file.path,
                                  "block '\(tag)' at byte \(offset) declares \(length) bytes, past the end at byte \(end)")
            }
            guard try visit(OmicronMATRIXBlock(tag: tag, bodyOffset: bodyOffset, bodyLength: length)) else { return }
            offset = bodyOffset + length
        }
    }

    /// The body's bytes.
    func body(in file: InputFile) throws -> [UInt8] {
        try file.bytes(at: bodyOffset, count: bodyLength)
    }
}

/// A typed value of a MATRIX parameter.
enum OmicronMATRIXValue: Equatable, CustomStringConvertible {
    case bool(Bool), int(Int), double(Double), string(String)

    /// The value as a number (a Boolean as 0 or 1); nil for a string.
    var number: Double? {
        switch self {
        case .bool(let b): b ? 1 : 0
        case .int(let i): Double(i)
        case .double(let d): d
        case .string: nil
        }
    }

    var description: String {
        switch self {
        case .bool(let b): "\(b)"
        case .int(let i): "\(i)"
        case .double(let d): "\(d)"
        case .string(let s): s
        }
    }
}

/// A cursor over the bytes of one block body; every read is checked against its end and a short
/// body fails with `.corrupt` naming the file.
struct OmicronMATRIXFields {
    private let bytes: [UInt8]
    private var offset = 0
    let path: String

    init(_ bytes: [UInt8], path: String) {
        self.bytes = bytes
        self.path = path
    }

    /// True when every byte has been read.
    var atEnd: Bool { offset >= bytes.count }

    private mutating func take(_ count: Int) throws -> ArraySlice<UInt8> {
        guard count >= 0, count <= bytes.count - offset else {
            throw FormatError(.corrupt, path: path, "a block ends \(count - (bytes.count - offset)) bytes before a field it declares")
        }
        defer { offset += count }
        return bytes[offset ..< offset + count]
    }

    private mutating func integer(_ size: Int) throws -> UInt64 {
        try take(size).reversed().reduce(0) { $0 << 8 | UInt64($1) }
    }

    mutating func skip(_ count: Int) throws { _ = try take(count) }
    mutating func uint32() throws -> UInt32 { UInt32(try integer(4)) }
    mutating func int32() throws -> Int32 { Int32(bitPattern: try uint32()) }
    mutating func uint64() throws -> UInt64 { try integer(8) }
    mutating func double() throws -> Double { Double(bitPattern: try integer(8)) }

    /// A four-character tag, stored reversed.
    mutating func tag() throws -> String {
        String(decoding: try take(4).reversed(), as: UTF8.self)
    }

    /// A UInt32 count of UTF-16 code units and the code units.
    mutating func string() throws -> String {
        let count = Int(try uint32())
        guard count <= (bytes.count - offset) / 2 else {
            throw FormatError(.corrupt, path: path, "a string of \(count) characters runs past the end of its block")
        }
        let raw = try take(2 * count)
        let units = stride(from: raw.startIndex, to: raw.endIndex, by: 2).map { UInt16(raw[$0]) | UInt16(raw[$0 + 1]) << 8 }
        return String(decoding: units, as: UTF16.self)
    }

    /// A type tag and the value it announces.
    mutating func value() throws -> OmicronMATRIXValue {
        switch try tag() {
        case "BOOL": .bool(try uint32() != 0)
        case "LONG": .int(Int(try int32()))
        case "DOUB": .double(try double())
        case "STRG": .string(try string())
        case let other: throw FormatError(.corrupt, path: path, "unknown value type '\(other)'")
        }
    }
}

/// The one bricklet of a MATRIX data file: a `BKLT` block (time stamp, 4 unused bytes) holding
/// `DESC` (the channel id, the bricklet number, the bricklet size and the count of samples
/// recorded) and `DATA` (the int32 samples).
struct OmicronMATRIXBricklet {
    /// The channel id, matched against the result file's dictionary.
    var channelID: UInt64
    /// The samples the bricklet was made for (the whole scan).
    var size: Int
    /// The samples recorded (fewer when the scan was stopped).
    var count: Int
    private var dataOffset: Int

    /// Reads the bricklet's description and checks its sample counts against the `DATA` block.
    init(file: InputFile) throws {
        let path = file.path
        guard try file.prefix(omicronMATRIXMagic.count) == omicronMATRIXMagic else {
            throw FormatError(.unrecognised, path: path, "does not start with ONTMATRX0101: not a MATRIX file")
        }
        var bricklet: OmicronMATRIXBlock?
        try OmicronMATRIXBlock.walk(file, from: omicronMATRIXMagic.count, to: file.size) { block in
            bricklet = block
            return false
        }
        guard let bricklet, bricklet.tag == "BKLT", bricklet.bodyLength >= 4 else {
            throw FormatError(.corrupt, path: path, "the first block is not a bricklet (BKLT): not a MATRIX data file")
        }
        var description: [UInt8]?
        var data: OmicronMATRIXBlock?
        try OmicronMATRIXBlock.walk(file, from: bricklet.bodyOffset + 4, to: bricklet.bodyOffset + bricklet.bodyLength) { block in
            if block.tag == "DESC" { description = try block.body(in: file) }
            if block.tag == "DATA" { data = block }
            return description == nil || data == nil
        }
        guard let description, let data else {
            throw FormatError(.corrupt, path: path, "the bricklet lacks its description (DESC) or its data (DATA)")
        }
        var fields = OmicronMATRIXFields(description, path: path)
        channelID = try fields.uint64()
        try fields.skip(12)
        size = Int(try fields.int32())
        count = Int(try fields.int32())
        guard size >= 0, count >= 0, count <= size else {
            throw FormatError(.corrupt, path: path, "the bricklet declares \(count) of \(size) samples recorded")
        }
        guard count <= data.bodyLength / 4 else {
            throw FormatError(.truncated, path: path, "the bricklet declares \(count) samples but its DATA block holds \(data.bodyLength / 4)")
        }
        dataOffset = data.bodyOffset
    }

    /// The recorded samples.
    func counts(in file: InputFile) throws -> [Int32] {
        let raw = try file.bytes(at: dataOffset, count: 4 * count)
        return raw.withUnsafeBytes { bytes in
            (0..<count).map { Int32(littleEndian: bytes.loadUnaligned(fromByteOffset: 4 * $0, as: Int32.self)) }
        }
    }
}
