/// Decodes header bytes as UTF-8, or as Latin-1 where they are not valid UTF-8 (vendor headers
/// written on Windows often carry `µ`, `°` or `Å` in a legacy code page). Latin-1 maps every
/// byte to one character, so nothing is lost.
func decodeHeaderText<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
    if let utf8 = String(validating: bytes, as: UTF8.self) { return utf8 }
    return String(String.UnicodeScalarView(bytes.map { Unicode.Scalar($0) }))
}

/// Parses a decimal number as vendors write it (`1.5E-9`, `-50E-3`, `Inf`, ` 2`).
func parseNumber(_ text: Substring) -> Double? {
    let trimmed = text.trimming(" \t\r\n\"")
    switch trimmed.lowercased() {
    case "inf", "+inf": return .infinity
    case "-inf": return -.infinity
    case "nan": return .nan
    default: return Double(trimmed)
    }
}

/// Splits a vendor label `Name (unit)` into its name and unit; `Name` alone has an empty unit.
func splitNameAndUnit(_ label: String) -> (name: String, unit: String) {
    let label = label.trimming(" ")
    guard label.hasSuffix(")"), let open = label.lastIndex(of: "(") else { return (label, "") }
    let name = label[..<open].trimming(" ")
    let unit = label[label.index(after: open) ..< label.index(before: label.endIndex)]
    return (name.isEmpty ? label : name, String(unit))
}

extension StringProtocol {
    /// The string without leading and trailing characters from `set`.
    func trimming(_ set: String) -> String {
        let chars = Set(set)
        var start = startIndex
        var end = endIndex
        while start < end, chars.contains(self[start]) { start = index(after: start) }
        while end > start, chars.contains(self[index(before: end)]) { end = index(before: end) }
        return String(self[start..<end])
    }
}
