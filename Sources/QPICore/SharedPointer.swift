/// A raw pointer that worker threads write through at disjoint indices. The caller guarantees
/// that no two threads touch the same element and that the memory outlives the work.
public struct SharedPointer<Element>: @unchecked Sendable {
    public let base: UnsafeMutablePointer<Element>

    public init(base: UnsafeMutablePointer<Element>) { self.base = base }

    public subscript(index: Int) -> Element {
        get { base[index] }
        nonmutating set { base[index] = newValue }
    }
}
