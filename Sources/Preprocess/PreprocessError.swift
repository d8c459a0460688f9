/// Why preprocessing could not run, in words a user can act on (Preprocess's one error type). The
/// steps do not know the file; `naming(_:)` adds it where a caller does.
public struct PreprocessError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The file concerned, when known.
    public var path: String?
    /// What is wrong.
    public var reason: String

    public init(_ reason: String, path: String? = nil) {
        self.reason = reason
        self.path = path
    }

    /// The same error naming `path`.
    public func naming(_ path: String) -> PreprocessError { PreprocessError(reason, path: path) }

    public var description: String { path.map { "\($0): \(reason)" } ?? reason }
}
