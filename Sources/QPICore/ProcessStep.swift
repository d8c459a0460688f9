import Foundation

/// One step that produced or changed a data set: what ran, with which parameters, and when.
/// Stored as an `NXprocess` group in HDF5 and carried through every format that can hold it.
public struct ProcessStep: Sendable, Equatable, Codable {
    /// The step's name, for example `convert` or `drift-correction`.
    public var step: String
    /// The program, `qpi` for QPIKit.
    public var program: String
    /// The program's version.
    public var version: String
    /// The parameters as a JSON object string.
    public var parametersJSON: String
    /// ISO 8601 date and time.
    public var date: String

    public init(step: String, parameters: [String: Value] = [:], program: String = "qpi",
                version: String = QPIKitVersion.current, date: Date = Date()) {
        self.step = step
        self.program = program
        self.version = version
        self.parametersJSON = (try? JSONCoding.encode(parameters)) ?? "{}"
        self.date = ISO8601DateFormatter().string(from: date)
    }
}
