import Dispatch
import Foundation

extension DispatchQueue {
    /// Runs `body` in parallel on consecutive ranges that together cover 0 ..< `count`: eight
    /// ranges per core (at most `count`), so that ranges of uneven cost balance out.
    public static func concurrentRanges(_ count: Int, body: @Sendable (Range<Int>) -> Void) {
        let chunks = rangeCount(count)
        concurrentPerform(iterations: chunks) { chunk in body(range(chunk, of: chunks, covering: count)) }
    }

    /// `body`'s results on the ranges of `concurrentRanges`, in the ranges' order (so that what
    /// is made of them does not depend on which range finished first).
    public static func concurrentMapRanges<Value>(_ count: Int, body: @Sendable (Range<Int>) -> Value) -> [Value] {
        let chunks = rangeCount(count)
        let results = IndexedResults<Value>(count: chunks)
        concurrentPerform(iterations: chunks) { chunk in results.set(chunk, body(range(chunk, of: chunks, covering: count))) }
        return results.values
    }

    private static func rangeCount(_ count: Int) -> Int { max(1, min(count, ProcessInfo.processInfo.activeProcessorCount * 8)) }

    private static func range(_ chunk: Int, of chunks: Int, covering count: Int) -> Range<Int> {
        (count * chunk / chunks) ..< (count * (chunk + 1) / chunks)
    }
}
