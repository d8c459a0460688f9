import Foundation
import Synchronization

/// The temporary outputs (files, or folders such as a report being written) that exist right
/// now, so that an interrupt handler can delete them before the process exits.
public final class TemporaryFiles: Sendable {
    /// The process-wide registry.
    public static let shared = TemporaryFiles()

    private let state = Mutex<(paths: Set<String>, interrupted: Bool)>(([], false))

    /// Records `path` as a temporary file to delete on interrupt. Register a path before creating
    /// it, so that an interrupt in between cannot miss it.
    public func register(_ path: String) {
        updatePaths { _ = $0.insert(path) }
    }

    /// Deletes `path` if it still exists and forgets it.
    public func remove(_ path: String) {
        updatePaths { _ = $0.remove(path) }
        Self.delete(path)
    }

    /// Deletes every registered temporary file (called from signal handling, before the process
    /// exits). From then on a thread that registers or removes a temporary file waits for the
    /// exit instead, so that a writer whose file vanished cannot end the process first with an
    /// error of its own.
    public func removeAll() {
        let all = state.withLock { state -> Set<String> in
            state.interrupted = true
            return state.paths
        }
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

    /// Applies `change` to the registered paths, or, once an interrupt is being handled, waits
    /// for the process to exit.
    private func updatePaths(_ change: (inout Set<String>) -> Void) {
        let interrupted = state.withLock { state in
            if !state.interrupted { change(&state.paths) }
            return state.interrupted
        }
        if interrupted { Self.waitForExit() }
    }

    private static func waitForExit() -> Never {
        while true { sleep(1) }
    }
}
