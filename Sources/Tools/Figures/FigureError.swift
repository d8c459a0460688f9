/// Why a figure or the report could not be written; it names the file.
struct FigureError: Error, Sendable, Equatable, CustomStringConvertible {
    var path: String
    var reason: String

    init(path: String, _ reason: String) {
        self.path = path
        self.reason = reason
    }

    var description: String { "\(path): \(reason)" }
}
