/// The state of a MATRIX experiment when one data file was written, read from its result file
/// (`…_0001.mtrx`, continued by `_0002.mtrx`, … when MATRIX split it).
///
/// The result file is a journal: `EEPA` sets every parameter (`Instance.Property`, a typed value
/// and a unit), `PMOD` changes one, `CCSY` holds the channel dictionary (`DICT`: channel ids to
/// observables, with name and unit) and the transfer functions (`XFER`, by observable), and
/// `BREF` marks that a data file was written. The journal is replayed up to the `BREF` naming
/// the data file, as access2thematrix and MATRIX itself do, so a parameter changed later does
/// not apply.
struct OmicronMATRIXParameters {
    /// A channel's conversion from raw counts to physical values.
    struct Transfer {
        /// `TFF_Linear1D`, `TFF_MultiLinear1D` or `TFF_Identity`.
        var name: String
        var unit: String
        var parameters: [String: Double]
    }

    /// `Instance.Property` → value and unit, as of the data file's `BREF`.
    private(set) var values: [String: (value: OmicronMATRIXValue, unit: String)] = [:]
    /// Channel id (the 8 bytes at the start of a data file's `DESC`) → observable key.
    private(set) var channels: [UInt64: Int] = [:]
    /// Observable key → name and unit.
    private(set) var observables: [Int: (name: String, unit: String)] = [:]
    /// Observable key → transfer function.
    private(set) var transfers: [Int: Transfer] = [:]

    /// Replays the result files `files` (in chain order) up to the bricklet reference naming
    /// `dataFileName`; fails when no reference names it.
    init(files: [InputFile], dataFileName: String) throws {
        for file in files {
            guard try file.prefix(omicronMATRIXMagic.count) == omicronMATRIXMagic else {
                throw FormatError(.unrecognised, path: file.path, "does not start with ONTMATRX0101: not a MATRIX result file")
            }
            var found = false
            try OmicronMATRIXBlock.walk(file, from: omicronMATRIXMagic.count, to: file.size) { block in
                found = try apply(block, in: file, dataFileName: dataFileName)
                return !found
            }
            if found { return }
        }
        throw FormatError(.corrupt, path: files.last?.path ?? dataFileName,
                          "no bricklet reference (BREF) names \(dataFileName): this result file does not describe it")
    }

    /// Applies one top-level block; true when it is the `BREF` naming `dataFileName`.
    private mutating func apply(_ block: OmicronMATRIXBlock, in file: InputFile, dataFileName: String) throws -> Bool {
        switch block.tag {
        case "EEPA":
            var fields = OmicronMATRIXFields(try block.body(in: file), path: file.path)
            try fields.skip(4)
            for _ in 0..<(try fields.uint32()) {
                let instance = try fields.string()
                for _ in 0..<(try fields.uint32()) {
                    try readParameter(instance: instance, from: &fields)
                }
            }
        case "PMOD":
            var fields = OmicronMATRIXFields(try block.body(in: file), path: file.path)
            try fields.skip(4)
            try readParameter(instance: try fields.string(), from: &fields)
        case "CCSY":
            guard block.bodyLength >= 4 else { throw FormatError(.corrupt, path: file.path, "a CCSY block is shorter than 4 bytes") }
            try OmicronMATRIXBlock.walk(file, from: block.bodyOffset + 4, to: block.bodyOffset + block.bodyLength) { inner in
                switch inner.tag {
                case "DICT": try readDictionary(OmicronMATRIXFields(try inner.body(in: file), path: file.path))
                case "XFER": try readTransfers(OmicronMATRIXFields(try inner.body(in: file), path: file.path))
                default: break
                }
                return true
            }
        case "BREF":
            var fields = OmicronMATRIXFields(try block.body(in: file), path: file.path)
            try fields.skip(4)
            return try fields.string() == dataFileName
        default: break
        }
        return false
    }

    /// Property name, unit, 4 unused bytes and the value.
    private mutating func readParameter(instance: String, from fields: inout OmicronMATRIXFields) throws {
        let property = try fields.string(), unit = try fields.string()
        try fields.skip(4)
        values["\(instance).\(property)"] = (try fields.value(), unit)
    }

    /// Three tables: properties (skipped), observables (key, name, unit), channels (id, key).
    private mutating func readDictionary(_ body: OmicronMATRIXFields) throws {
        var fields = body
        try fields.skip(8)
        for _ in 0..<(try fields.uint32()) {
            try fields.skip(16)
            _ = (try fields.string(), try fields.string())
        }
        for _ in 0..<(try fields.uint32()) {
            try fields.skip(4)
            let key = Int(try fields.uint32())
            try fields.skip(8)
            observables[key] = (try fields.string(), try fields.string())
        }
        for _ in 0..<(try fields.uint32()) {
            let id = try fields.uint64()
            try fields.skip(4)
            channels[id] = Int(try fields.uint32())
            _ = try fields.string()
        }
    }

    /// Until the end: 4 unused bytes, observable key, function name, unit, named values.
    private mutating func readTransfers(_ body: OmicronMATRIXFields) throws {
        var fields = body
        while !fields.atEnd {
            try fields.skip(4)
            let key = Int(try fields.uint32())
            let name = try fields.string(), unit = try fields.string()
            var parameters: [String: Double] = [:]
            for _ in 0..<(try fields.uint32()) {
                let label = try fields.string()
                parameters[label] = try fields.value().number
            }
            transfers[key] = Transfer(name: name, unit: unit, parameters: parameters)
        }
    }

    /// The numeric value of `name` (`Instance.Property`), failing with `.corrupt` naming `path`
    /// when the result file does not record it.
    func number(_ name: String, path: String) throws -> Double {
        guard let value = values[name]?.value.number, value.isFinite else {
            throw FormatError(.corrupt, path: path, "the result file records no numeric \(name)")
        }
        return value
    }

    /// Every parameter as `Instance.Property = value unit`, one a line, sorted: the source header.
    var listing: String {
        values.keys.sorted().map { key in
            let (value, unit) = values[key]!
            return unit.isEmpty || unit == "--" ? "\(key) = \(value)" : "\(key) = \(value) \(unit)"
        }.joined(separator: "\n")
    }
}
