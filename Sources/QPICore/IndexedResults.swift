import Foundation

/// Results filled from worker threads at distinct indices, read once all workers are done.
public final class IndexedResults<Value>: @unchecked Sendable {
    private var slots: [Value?]
    private let lock = NSLock()

    public init(count: Int) { slots = Array(repeating: nil, count: count) }

    /// Stores the result for `index`.
    public func set(_ index: Int, _ value: Value) {
        lock.lock(); slots[index] = value; lock.unlock()
    }

    /// Every result in index order (each index must have been set).
    public var values: [Value] {
        lock.lock(); defer { lock.unlock() }
        return slots.map { $0! }
    }
}
