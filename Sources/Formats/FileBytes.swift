import Foundation

/// Writes `bytes` to `path`; errors name `reportedAs` (the final output name).
func writeBytes(_ bytes: [UInt8], to path: String, reportedAs name: String) throws {
    guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else {
        throw FormatError(.io, path: name, "cannot write the file (disk full or folder not writable?)")
    }
}
