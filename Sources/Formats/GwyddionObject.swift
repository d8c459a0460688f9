/// One object of Gwyddion's serialised format (GWYP) as read from a file: its type name and its
/// components in file order. Numeric arrays stay in the file (`GwyValue.array`) until a reader
/// asks for them, so parsing allocates nothing in proportion to the data.
struct GwyObject {
    /// The object's type, for example `GwyContainer`, `GwyDataField`, `GwySIUnit`.
    var type: String
    /// The components, in file order.
    var components: [(name: String, value: GwyValue)]

    /// The value of the first component called `name`.
    subscript(name: String) -> GwyValue? { components.first { $0.name == name }?.value }

    /// An integer component (`i` or `q`).
    func int(_ name: String) -> Int? {
        switch self[name] {
        case .int32(let value)?: return Int(value)
        case .int64(let value)?: return Int(value)
        default: return nil
        }
    }

    /// A `d` component.
    func double(_ name: String) -> Double? {
        if case .double(let value)? = self[name] { return value }
        return nil
    }

    /// An `s` component.
    func string(_ name: String) -> String? {
        if case .string(let value)? = self[name] { return value }
        return nil
    }

    /// An `o` component.
    func object(_ name: String) -> GwyObject? {
        if case .object(let value)? = self[name] { return value }
        return nil
    }

    /// A `D` component: where its doubles lie in the file.
    func doubles(_ name: String) -> GwyArray? {
        if case .array(let array)? = self[name], array.type == UInt8(ascii: "D") { return array }
        return nil
    }

    /// The unit string of the `GwySIUnit` component `name` (empty when absent).
    func unit(_ name: String) -> String { object(name)?.string("unitstr") ?? "" }
}

/// A component value; the comment gives its type letter.
indirect enum GwyValue {
    case bool(Bool)             // b
    case char(UInt8)            // c
    case int32(Int32)           // i
    case int64(Int64)           // q
    case double(Double)         // d
    case string(String)         // s
    case object(GwyObject)      // o
    case array(GwyArray)        // C, I, Q, D: left in the file
    case strings([String])      // S
    case objects([GwyObject])   // O
}

/// A numeric array left in the file: `count` items of type `C`, `I`, `Q` or `D` at byte `offset`.
struct GwyArray {
    var type: UInt8
    var offset: Int
    var count: Int
}

/// Parses GWYP objects from an `InputFile` through a small read-ahead window. Every object's
/// declared size is checked against the file and every component against its object before
/// anything is read or allocated; nesting is limited so that a hostile file cannot exhaust the
/// stack.
final class GwyParser {
    private let file: InputFile
    private var window: [UInt8] = []
    private var windowStart = 0
    private var position: Int
    static let maxDepth = 32
    static let windowSize = 1 << 16

    init(file: InputFile, position: Int) {
        self.file = file
        self.position = position
    }

    /// The object at the current position, which must end by `end`.
    func object(end: Int, depth: Int = 0) throws -> GwyObject {
        guard depth < Self.maxDepth else { throw corrupt("objects are nested more than \(Self.maxDepth) deep") }
        let type = try cString(end: end, what: "an object name")
        let size = Int(try uint32(end: end, what: "the size of \(type)"))
        let start = position
        guard size <= end - start else {
            if size > file.size - start {
                throw FormatError(.truncated, path: file.path, "\(type) at byte \(start) declares \(size) bytes, the file has \(file.size - start) left")
            }
            throw corrupt("\(type) at byte \(start) declares \(size) bytes, more than its enclosing object holds")
        }
        let objectEnd = start + size
        var components: [(name: String, value: GwyValue)] = []
        while position < objectEnd {
            let name = try cString(end: objectEnd, what: "a component name of \(type)")
            let letter = try byte(end: objectEnd, what: "the type of \(type).\(name)")
            components.append((name, try value(letter, end: objectEnd, depth: depth, what: "\(type).\(name)")))
        }
        return GwyObject(type: type, components: components)
    }

    private func value(_ letter: UInt8, end: Int, depth: Int, what: String) throws -> GwyValue {
        switch Character(Unicode.Scalar(letter)) {
        case "b": return .bool(try byte(end: end, what: what) != 0)
        case "c": return .char(try byte(end: end, what: what))
        case "i": return .int32(Int32(bitPattern: try uint32(end: end, what: what)))
        case "q": return .int64(Int64(bitPattern: try uint64(end: end, what: what)))
        case "d": return .double(Double(bitPattern: try uint64(end: end, what: what)))
        case "s": return .string(try cString(end: end, what: what))
        case "o": return .object(try object(end: end, depth: depth + 1))
        case "C": return .array(try numbers(letter, itemSize: 1, end: end, what: what))
        case "I": return .array(try numbers(letter, itemSize: 4, end: end, what: what))
        case "Q", "D": return .array(try numbers(letter, itemSize: 8, end: end, what: what))
        case "S":
            let count = try arrayCount(end: end, minimumItemSize: 1, what: what)
            return .strings(try (0..<count).map { _ in try cString(end: end, what: what) })
        case "O":
            let count = try arrayCount(end: end, minimumItemSize: 6, what: what)
            return .objects(try (0..<count).map { _ in try object(end: end, depth: depth + 1) })
        default:
            throw corrupt("\(what) at byte \(position - 1) has the unknown type letter \(letter)")
        }
    }

    /// A numeric array, skipped: where it lies and how many items it has.
    private func numbers(_ letter: UInt8, itemSize: Int, end: Int, what: String) throws -> GwyArray {
        let count = try arrayCount(end: end, minimumItemSize: itemSize, what: what)
        defer { position += count * itemSize }
        return GwyArray(type: letter, offset: position, count: count)
    }

    /// An array's item count, checked against the bytes left in its object.
    private func arrayCount(end: Int, minimumItemSize: Int, what: String) throws -> Int {
        let count = Int(try uint32(end: end, what: "the length of \(what)"))
        guard count <= (end - position) / minimumItemSize else {
            throw corrupt("\(what) declares \(count) items, more than the \(end - position) bytes left in its object")
        }
        return count
    }

    private func byte(end: Int, what: String) throws -> UInt8 {
        guard position < end else {
            if end == file.size { throw FormatError(.truncated, path: file.path, "the file ends inside \(what)") }
            throw corrupt("\(what) runs past the end of its object (byte \(end))")
        }
        if position < windowStart || position >= windowStart + window.count {
            windowStart = position
            window = try file.bytes(at: position, count: min(Self.windowSize, file.size - position))
        }
        defer { position += 1 }
        return window[position - windowStart]
    }

    private func uint32(end: Int, what: String) throws -> UInt32 {
        var value: UInt32 = 0
        for shift in stride(from: 0, to: 32, by: 8) { value |= UInt32(try byte(end: end, what: what)) << shift }
        return value
    }

    private func uint64(end: Int, what: String) throws -> UInt64 {
        UInt64(try uint32(end: end, what: what)) | UInt64(try uint32(end: end, what: what)) << 32
    }

    /// A NUL-terminated string (UTF-8, or Latin-1 where it is not valid UTF-8).
    private func cString(end: Int, what: String) throws -> String {
        var bytes: [UInt8] = []
        while true {
            let next = try byte(end: end, what: what)
            if next == 0 { return decodeHeaderText(bytes) }
            bytes.append(next)
        }
    }

    private func corrupt(_ reason: String) -> FormatError { FormatError(.corrupt, path: file.path, reason) }
}
