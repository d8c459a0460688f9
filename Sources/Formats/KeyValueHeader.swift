/// An ordered list of `key → value` pairs parsed from a vendor text header.
struct KeyValueHeader {
    private(set) var entries: [(key: String, value: String)] = []
    private var index: [String: Int] = [:]

    /// Adds `key → value`; a repeated key keeps its first value for lookup.
    mutating func append(_ key: String, _ value: String) {
        if index[key] == nil { index[key] = entries.count }
        entries.append((key, value))
    }

    /// The value of `key`, with surrounding quotes and blanks removed.
    subscript(key: String) -> String? {
        index[key].map { entries[$0].value.trimming(" \t\r\n\"") }
    }

    /// The value of the first key that ends with `suffix`.
    func value(endingWith suffix: String) -> String? {
        entries.first { $0.key.hasSuffix(suffix) }.map { $0.value.trimming(" \t\r\n\"") }
    }

    /// The value of `key`, or a `.corrupt` error naming the missing field.
    func require(_ key: String, in path: String) throws -> String {
        guard let value = self[key] else {
            throw FormatError(.corrupt, path: path, "header has no '\(key)' field")
        }
        return value
    }

    /// The integer value of `key`, or a `.corrupt` error.
    func requireInt(_ key: String, in path: String) throws -> Int {
        let text = try require(key, in: path)
        guard let value = Int(text.trimming(" ")) else {
            throw FormatError(.corrupt, path: path, "header field '\(key)' is not an integer: '\(text)'")
        }
        return value
    }

    /// A `;`-separated list value (empty entries dropped).
    func list(_ key: String) -> [String] {
        guard let value = self[key] else { return [] }
        return value.split(separator: ";").map { $0.trimming(" \"") }.filter { !$0.isEmpty }
    }

    /// Parses `key=value` lines (Nanonis .3ds).
    static func equalsSeparated(_ text: String) -> KeyValueHeader {
        var header = KeyValueHeader()
        for line in text.split(whereSeparator: \.isNewline) {
            guard let eq = line.firstIndex(of: "=") else { continue }
            header.append(String(line[..<eq]), String(line[line.index(after: eq)...]))
        }
        return header
    }

    /// Parses `key<TAB>value` lines (Nanonis .dat).
    static func tabSeparated(_ text: String) -> KeyValueHeader {
        var header = KeyValueHeader()
        for line in text.split(whereSeparator: \.isNewline) {
            let parts = line.split(separator: "\t", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2 else { continue }
            header.append(String(parts[0]), parts[1].trimming("\t "))
        }
        return header
    }

    /// Parses `:KEY:` lines, each followed by value lines up to the next key (Nanonis .sxm).
    static func colonSections(_ text: String) -> KeyValueHeader {
        var header = KeyValueHeader()
        var key: String?
        var lines: [Substring] = []
        func flush() {
            if let key { header.append(key, lines.joined(separator: "\n")) }
        }
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimming("\r")
            if trimmed.count >= 2, trimmed.hasPrefix(":"), trimmed.hasSuffix(":") {
                flush()
                key = String(trimmed.dropFirst().dropLast())
                lines = []
            } else {
                lines.append(Substring(trimmed))
            }
        }
        flush()
        return header
    }
}
