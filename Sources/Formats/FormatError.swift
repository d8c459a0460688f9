/// Why a file could not be read or written. Every case names the file.
public struct FormatError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of failure, for callers that branch on it.
    public enum Kind: String, Sendable, Equatable {
        /// The file could not be opened, read or written at all.
        case io
        /// The file is not in the expected format (wrong magic, unknown extension).
        case unrecognised
        /// The file ends before the data it declares.
        case truncated
        /// Header fields are missing, malformed or contradict each other or the data size.
        case corrupt
        /// The file is valid but uses something QPIKit does not handle.
        case unsupported
        /// The caller asked for something the file cannot provide (unknown channel, bad option).
        case invalidRequest
    }

    public var kind: Kind
    /// The file concerned.
    public var path: String
    /// What is wrong, in words a user can act on.
    public var reason: String

    public init(_ kind: Kind, path: String, _ reason: String) {
        self.kind = kind
        self.path = path
        self.reason = reason
    }

    public var description: String { "\(path): \(reason)" }
}
