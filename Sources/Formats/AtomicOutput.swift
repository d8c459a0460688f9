import Foundation

/// Writes outputs under temporary names beside their destinations and renames them into place
/// only after the writer succeeded for all of them, so a failure or an interrupt never leaves a
/// half-written file (or half a PNG series).
public enum AtomicOutput {
    /// Runs `write` on a temporary path in the destination's folder, then renames it to `path`.
    /// On any error the temporary file is removed and the error is rethrown.
    public static func write(to path: String, _ body: (String) throws -> Void) throws {
        try AtomicOutput.write(to: [path]) { try body($0[0]) }
    }

    /// Runs `write` on one temporary path per destination, then renames them all into place. A
    /// `FormatError` about a temporary path is rethrown naming its destination, the file the user
    /// asked for.
    public static func write(to paths: [String], _ body: ([String]) throws -> Void) throws {
        let temporaries = try paths.map(temporaryPath)
        temporaries.forEach(TemporaryFiles.shared.register)
        defer { temporaries.forEach(TemporaryFiles.shared.remove) }
        do { try body(temporaries) } catch var error as FormatError {
            if let index = temporaries.firstIndex(of: error.path) { error.path = paths[index] }
            throw error
        }
        for (temporary, path) in zip(temporaries, paths) where rename(temporary, path) != 0 {
            throw FormatError(.io, path: path, "cannot move the finished output into place: \(String(cString: strerror(errno)))")
        }
    }

    private static func temporaryPath(for path: String) throws -> String {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw FormatError(.io, path: path, "output folder '\(directory)' does not exist")
        }
        guard access(directory, W_OK) == 0 else {
            throw FormatError(.io, path: path, "output folder '\(directory)' is not writable")
        }
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw FormatError(.io, path: path, "output path is a directory")
        }
        return "\(directory)/.\(url.lastPathComponent).partial-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    }
}
