import QPICore

/// Values on the N × N mesh for each of several energies, in one contiguous block:
/// `values[e * N² + i * N + j]`. Layer `e` reads as an array (`self[e]`, a copy).
///
/// One block instead of an array per energy because a simulation fills its layers as fresh
/// memory: per 2 MiB layer (N = 512) that was 512 page faults, 1.35 ms on this machine, about
/// as much as forming G0(k); the block is advised to use transparent huge pages (one fault per
/// 2 MiB, 0.2 ms; `HugePages`).
public struct MeshLayers: RandomAccessCollection, Sendable {
    /// Mesh size N.
    public let size: Int
    /// Every layer, energy-major.
    public let values: [Double]

    /// `count` layers of the N = `size` mesh, written by `fill`, which receives the block's
    /// (uninitialised) base and writes layer e at base + e N².
    init(size: Int, count: Int, fill: (UnsafeMutablePointer<Double>) throws -> Void) rethrows {
        self.size = size
        let total = count * size * size
        values = try [Double](unsafeUninitializedCapacity: total) { out, initialised in
            if total > 0 {
                HugePages.advise(UnsafeMutableRawPointer(out.baseAddress!), bytes: total * MemoryLayout<Double>.stride)
                try fill(out.baseAddress!)
            }
            initialised = total
        }
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { size == 0 ? 0 : values.count / (size * size) }

    /// Layer `index` as N² values, `[i * N + j]`.
    public subscript(index: Int) -> [Double] {
        let points = size * size
        return Array(values[index * points ..< (index + 1) * points])
    }
}
