/// Why an analysis could not run (the Analysis module's one error type); it names the input file.
public struct AnalysisError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file concerned.
    public var path: String
    /// What is wrong, in words a user can act on.
    public var reason: String

    public init(path: String, _ reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String { "\(path): \(reason)" }
}
