import Foundation

/// The JSON settings shared by every metadata block QPIKit writes: sorted keys, and NaN/±Inf
/// (legal in sweep axes and parameters) spelled as the strings `nan`, `inf`, `-inf`.
public enum JSONCoding {
    /// `value` as one line of JSON with sorted keys.
    public static func encode<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// Decodes `text`, turning any failure into a `.corrupt` error for `path` that says `what` was damaged.
    static func decode<T: Decodable>(_ type: T.Type, from text: String, path: String, what: String) throws -> T {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        do { return try decoder.decode(type, from: Data(text.utf8)) } catch {
            throw FormatError(.corrupt, path: path, "\(what) is not valid: \(error)")
        }
    }
}
