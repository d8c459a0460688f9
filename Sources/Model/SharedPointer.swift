/// A raw pointer that worker threads write through at disjoint indices. The caller guarantees
/// that no two threads touch the same element and that the memory outlives the work.
struct SharedPointer: @unchecked Sendable {
    let base: UnsafeMutablePointer<Double>

    subscript(index: Int) -> Double {
        get { base[index] }
        nonmutating set { base[index] = newValue }
    }
}
