import Foundation

/// A one-line progress bar on standard error, shown only when standard error is a terminal.
final class ProgressBar: @unchecked Sendable {
    private let label: String
    private let enabled = isatty(STDERR_FILENO) != 0
    private let lock = NSLock()
    private let start = Date()

    init(_ label: String) { self.label = label }

    /// Shows `done` of `total`.
    func update(_ done: Int, _ total: Int) {
        guard enabled, total > 0 else { return }
        lock.lock(); defer { lock.unlock() }
        let width = 30, filled = width * done / total
        let elapsed = Date().timeIntervalSince(start)
        let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
        FileHandle.standardError.write(Data("\r\(label) \(bar) \(done)/\(total)  \(String(format: "%.1f", elapsed)) s".utf8))
        if done == total { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
