extension UnsafeMutablePointer where Pointee == Double {
    /// Stores four complex numbers (real parts `re`, imaginary parts `im`) interleaved as
    /// re0, im0, re1, im1, … — the layout FFTW expects.
    @inline(__always)
    func storeInterleaved(_ re: SIMD4<Double>, _ im: SIMD4<Double>) {
        let low = SIMD4(re[0], im[0], re[1], im[1]), high = SIMD4(re[2], im[2], re[3], im[3])
        UnsafeMutableRawPointer(self).storeBytes(of: low, as: SIMD4<Double>.self)
        UnsafeMutableRawPointer(self + 4).storeBytes(of: high, as: SIMD4<Double>.self)
    }
}

extension UnsafeMutablePointer where Pointee == Double {
    /// Stores the four lanes of `value` at self … self + 3 (no alignment needed).
    @inline(__always)
    func storeLanes(_ value: SIMD4<Double>) {
        UnsafeMutableRawPointer(self).storeBytes(of: value, as: SIMD4<Double>.self)
    }
}
