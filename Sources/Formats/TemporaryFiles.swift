import Foundation
import Synchronization

/// The temporary outputs (files, or folders such as a report being written) that exist right now, so that an interrupt handler can delete them
/// before the process exits.
public final class TemporaryFiles: Sendable {
    /// The process-wide registry.
    public static let shared = TemporaryFiles()

    private let paths = Mutex<Set<String>>([])

    /// Records `path` as a temporary file to delete on interrupt.
    public func register(_ path: String) {
        paths.withLock { _ = $0.insert(path) }
    }

    /// Deletes `path` if it still exists and forgets it.
    public func remove(_ path: String) {
        paths.withLock { _ = $0.remove(path) }
        Self.delete(path)
    }

    /// Deletes every registered temporary file (called from signal handling). A writer on another
    /// thread may have registered a path but not yet created it, so a second pass follows after
    /// 10 ms.
    public func removeAll() {
        let all = paths.withLock { set -> Set<String> in
            defer { set.removeAll() }
            return set
        }
        for path in all { Self.delete(path) }
        usleep(10_000)
        for path in all { Self.delete(path) }
    }

    /// Deletes a file, or a folder with its contents. Another thread may still be writing into a
    /// folder while an interrupt deletes it, so the deletion is repeated until the folder is gone.
    private static func delete(_ path: String) {
        guard unlink(path) != 0, errno == EISDIR || errno == EPERM else { return }
        for _ in 0..<100 where FileManager.default.fileExists(atPath: path) {
            try? FileManager.default.removeItem(atPath: path)
        }
    }
}
