import Glibc

/// Transparent huge pages for large, freshly allocated buffers (the mesh eigensystem's 75 MB at
/// N = 512): one page fault per 2 MiB instead of per 4 KiB. Only advice: where the kernel has
/// huge pages off, or the range is smaller than one, nothing changes.
public enum HugePages {
    static let size = 2 << 20

    /// Advises the kernel to back the whole 2 MiB pages inside `bytes` bytes at `base` with huge
    /// pages. Call before the memory is first written.
    public static func advise(_ base: UnsafeMutableRawPointer, bytes: Int) {
        let start = (Int(bitPattern: base) + size - 1) / size * size
        let end = (Int(bitPattern: base) + bytes) / size * size
        guard end > start, let aligned = UnsafeMutableRawPointer(bitPattern: start) else { return }
        _ = madvise(aligned, end - start, MADV_HUGEPAGE)
    }
}
