import QPICore

extension JSONCoding {
    /// Decodes `text`, turning any failure into a `.corrupt` error for `path` that says `what` was damaged.
    static func decode<T: Decodable>(_ type: T.Type, from text: String, path: String, what: String) throws -> T {
        do { return try decode(type, from: text) } catch {
            throw FormatError(.corrupt, path: path, "\(what) is not valid: \(error)")
        }
    }
}
