import Dispatch
import Foundation

extension DispatchQueue {
    /// Runs `body` in parallel on consecutive ranges that together cover 0 ..< `count`: eight
    /// ranges per core (at most `count`), so that ranges of uneven cost balance out.
    public static func concurrentRanges(_ count: Int, body: @Sendable (Range<Int>) -> Void) {
        let chunks = max(1, min(count, ProcessInfo.processInfo.activeProcessorCount * 8))
        concurrentPerform(iterations: chunks) { chunk in
            body((count * chunk / chunks) ..< (count * (chunk + 1) / chunks))
        }
    }
}
