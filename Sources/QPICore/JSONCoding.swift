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

    /// `text` decoded with the same spelling of NaN and ±Inf; throws the decoder's error.
    public static func decode<T: Decodable>(_ type: T.Type, from text: String) throws -> T {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try decoder.decode(type, from: Data(text.utf8))
    }
}
