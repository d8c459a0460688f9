/// The pages of an RHK `.sm4` file (R9; signature `STiMage 005.…` in UTF-16LE), laid out as
/// Gwyddion's rhk-sm4 module and spym's rhksm4 reader read them, all little-endian:
///
/// - file header: its size (uint16, 56), the signature (18 UTF-16 units), the page count, the
///   count of objects, the object size (12) and two reserved uint32; then the file's objects;
/// - an object: type, offset, size (uint32 each);
/// - page index header (object type 1): page count, object count, two reserved uint32, its
///   objects; one of them (type 2) is the page index array: per page a 16-byte GUID, the data
///   type (0 image, 1 line, 6 sequential, …), the source type, an object count, the minor
///   version, then the page's objects (header, data, thumbnail);
/// - page header (type 3) of image and line pages, 180 bytes: field size and string count
///   (uint16), page type, sub-source, line type, x/y corner, x size, y size, image type, scan
///   direction, group id, data size, min/max z (uint32), x/y/z scale, xy scale, x/y/z offset,
///   period, bias, current, angle (float32), colour-info count, grid x/y size, object count,
///   64 bytes of flags; then its objects;
/// - string data (type 10): strings of a uint16 length and that many UTF-16LE units (label,
///   system, session and user text, path, date, time, x/y/z units, x/y labels, …);
/// - spectrum drift data (type 8): one record of 7 float32 per spectrum (time, x, y, dx, dy,
///   cumulative dx, dy), the object's size being one record's;
/// - page data (type 4): `x size × y size` little-endian int32, a line of `x size` after another.
///
/// Every object is checked against the file size before it is read.
struct RHKSM4Page {
    /// Names of the page strings, in the file's order.
    static let stringNames = ["label", "system text", "session text", "user text", "path", "date", "time",
                              "x units", "y units", "z units", "x label", "y label", "status channel text",
                              "completed line count", "oversampling count", "sliced voltage", "PLL pro status"]

    /// The page's position in the page index array.
    var number: Int
    /// The page index's data type: 0 image, 1 line; the others have no page header read here.
    var dataType: Int
    var pageType = 0, lineType = 0, scanDirection = 0
    /// Points per line (`x size`) and lines (`y size`: image rows, or spectra of a line page).
    var columns = 0, rows = 0
    var xScale = 0.0, yScale = 0.0, zScale = 0.0, xOffset = 0.0, yOffset = 0.0, zOffset = 0.0
    var period = 0.0, bias = 0.0, current = 0.0, angle = 0.0
    /// The page strings by `stringNames`, empty where the file has none.
    var strings = [String](repeating: "", count: stringNames.count)
    /// Where the samples are.
    var dataOffset = 0
    /// Per spectrum of a line page: time (s) and tip position x, y (m) from the drift data.
    var drift: [(time: Double, x: Double, y: Double)] = []

    var label: String { strings[0] }
    var xUnit: String { strings[7] }
    var yUnit: String { strings[8] }
    var zUnit: String { strings[9] }
    var xLabel: String { strings[10] }

    /// Reads every page of `file`: the index of all, headers and strings of image and line pages.
    static func pages(in file: InputFile) throws -> [RHKSM4Page] {
        let path = file.path
        guard file.size >= 58 else { throw FormatError(.truncated, path: path, "shorter than the 58-byte RHK sm4 file header") }
        let head = Fields(try file.bytes(at: 0, count: 58))
        guard head.utf16(at: 2, units: 12) == "STiMage 005." else {
            throw FormatError(.unrecognised, path: path, "no 'STiMage 005.' signature: not an RHK sm4 file")
        }
        let fileObjects = try objects(in: file, at: 2 + head.uint16(at: 0), count: head.uint32(at: 42), what: "file header")
        let indexHeader = try object(1, in: fileObjects, of: "the file header", path: path)
        let index = Fields(try file.bytes(at: indexHeader.offset, count: 16))
        let pageCount = index.uint32(at: 0)
        let array = try object(2, in: objects(in: file, at: indexHeader.offset + 16, count: index.uint32(at: 4), what: "page index header"),
                               of: "the page index header", path: path)
        guard pageCount <= (file.size - array.offset) / 32 else {
            throw FormatError(.corrupt, path: path, "\(pageCount) pages declared, more than the file can hold")
        }
        var pages: [RHKSM4Page] = []
        var offset = array.offset
        for number in 0..<pageCount {
            let entry = Fields(try file.bytes(at: offset, count: 32))
            let count = entry.uint32(at: 24)
            let pageObjects = try objects(in: file, at: offset + 32, count: count, what: "page \(number)'s index")
            var page = RHKSM4Page(number: number, dataType: entry.uint32(at: 16))
            if page.dataType <= 1 { try page.readHeader(pageObjects, in: file) }
            pages.append(page)
            offset += 32 + 12 * count
        }
        return pages
    }

    /// Reads the header, strings, drift data and the data's place of an image or line page.
    private mutating func readHeader(_ pageObjects: [(type: Int, offset: Int, size: Int)], in file: InputFile) throws {
        let path = file.path
        let header = try Self.object(3, in: pageObjects, of: "page \(number)", path: path)
        guard header.size >= 180 else { throw FormatError(.corrupt, path: path, "page \(number)'s header has \(header.size) bytes, not 180") }
        let fields = Fields(try file.bytes(at: header.offset, count: 180))
        let stringCount = fields.uint16(at: 2)
        (pageType, lineType, columns, rows, scanDirection) =
            (fields.uint32(at: 4), fields.uint32(at: 12), fields.uint32(at: 24), fields.uint32(at: 28), fields.uint32(at: 36))
        let floats = (0..<11).map { fields.float(at: 56 + 4 * $0) }
        guard floats.allSatisfy(\.isFinite) else {
            throw FormatError(.corrupt, path: path, "page \(number)'s scales and offsets are not all finite: \(floats)")
        }
        (xScale, yScale, zScale, xOffset, yOffset, zOffset) = (floats[0], floats[1], floats[2], floats[4], floats[5], floats[6])
        (period, bias, current, angle) = (floats[7], floats[8], floats[9], floats[10])
        try requireStorable([rows, columns], limitBytes: file.size, path: path, what: "page \(number)")
        let data = try Self.object(4, in: pageObjects, of: "page \(number)", path: path)
        guard fields.uint32(at: 44) == 4 * rows * columns, data.size >= 4 * rows * columns else {
            throw FormatError(.corrupt, path: path, "page \(number) declares \(columns) × \(rows) int32 samples but "
                              + "\(fields.uint32(at: 44)) bytes of data in an object of \(data.size)")
        }
        dataOffset = data.offset
        let headerObjects = try Self.objects(in: file, at: header.offset + 180, count: fields.uint32(at: 112), what: "page \(number)'s header")
        if let text = headerObjects.first(where: { $0.type == 10 }) {
            try readStrings(count: stringCount, at: text.offset, size: text.size, in: file)
        }
        if let record = headerObjects.first(where: { $0.type == 8 }), record.size == 28, dataType == 1 {
            let values = Fields(try file.bytes(at: record.offset, count: 28 * rows))
            drift = (0..<rows).map { (values.float(at: 28 * $0), values.float(at: 28 * $0 + 4), values.float(at: 28 * $0 + 8)) }
        }
    }

    private mutating func readStrings(count: Int, at offset: Int, size: Int, in file: InputFile) throws {
        let bytes = Fields(try file.bytes(at: offset, count: size))
        var position = 0
        for k in 0..<min(count, strings.count) {
            guard position + 2 <= size else { throw FormatError(.corrupt, path: file.path, "page \(number)'s strings end early") }
            let units = bytes.uint16(at: position)
            guard 2 * units <= size - position - 2 else {
                throw FormatError(.corrupt, path: file.path, "page \(number)'s string \(k) runs past its object")
            }
            strings[k] = bytes.utf16(at: position + 2, units: units)
            position += 2 + 2 * units
        }
    }

    /// The `count` objects (type, offset, size) listed at `offset`, each checked against the file size.
    private static func objects(in file: InputFile, at offset: Int, count: Int, what: String) throws -> [(type: Int, offset: Int, size: Int)] {
        guard count <= (file.size - min(offset, file.size)) / 12 else {
            throw FormatError(.truncated, path: file.path, "the \(count) objects of the \(what) run past the end of the file")
        }
        let fields = Fields(try file.bytes(at: offset, count: 12 * count))
        return try (0..<count).map { k in
            let object = (type: fields.uint32(at: 12 * k), offset: fields.uint32(at: 12 * k + 4), size: fields.uint32(at: 12 * k + 8))
            guard object.offset <= file.size, object.size <= file.size - object.offset else {
                throw FormatError(.truncated, path: file.path, "an object of the \(what) needs bytes \(object.offset)..<"
                                  + "\(object.offset + object.size) but the file has \(file.size)")
            }
            return object
        }
    }

    private static func object(_ type: Int, in list: [(type: Int, offset: Int, size: Int)], of owner: String, path: String) throws
        -> (type: Int, offset: Int, size: Int) {
        guard let found = list.first(where: { $0.type == type }) else {
            throw FormatError(.corrupt, path: path, "\(owner) has no object of type \(type)")
        }
        return found
    }

    /// Little-endian fields of bytes read from the file.
    private struct Fields {
        let bytes: [UInt8]
        init(_ bytes: [UInt8]) { self.bytes = bytes }

        func uint16(at offset: Int) -> Int { Int(bytes[offset]) | Int(bytes[offset + 1]) << 8 }
        func uint32(at offset: Int) -> Int { uint16(at: offset) | uint16(at: offset + 2) << 16 }
        func float(at offset: Int) -> Double { Double(Float(bitPattern: UInt32(uint32(at: offset)))) }
        func utf16(at offset: Int, units: Int) -> String {
            let code = (0..<units).map { UInt16(uint16(at: offset + 2 * $0)) }
            return String(decoding: code, as: UTF16.self).trimming("\0")
        }
    }
}
