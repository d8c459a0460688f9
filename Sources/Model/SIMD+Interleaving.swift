import QPICore

extension UnsafeMutablePointer where Pointee: SIMDScalar {
    /// Stores four complex numbers (real parts `re`, imaginary parts `im`) interleaved as
    /// re0, im0, re1, im1, … — the layout FFTW expects.
    @inline(__always)
    func storeInterleaved(_ re: SIMD4<Pointee>, _ im: SIMD4<Pointee>) {
        let low = SIMD4(re[0], im[0], re[1], im[1]), high = SIMD4(re[2], im[2], re[3], im[3])
        UnsafeMutableRawPointer(self).storeBytes(of: low, as: SIMD4<Pointee>.self)
        UnsafeMutableRawPointer(self + 4).storeBytes(of: high, as: SIMD4<Pointee>.self)
    }

    /// Stores eight complex numbers (real parts `re`, imaginary parts `im`) interleaved.
    @inline(__always)
    func storeInterleaved(_ re: SIMD8<Pointee>, _ im: SIMD8<Pointee>) {
        let low = SIMD8(re[0], im[0], re[1], im[1], re[2], im[2], re[3], im[3])
        let high = SIMD8(re[4], im[4], re[5], im[5], re[6], im[6], re[7], im[7])
        UnsafeMutableRawPointer(self).storeBytes(of: low, as: SIMD8<Pointee>.self)
        UnsafeMutableRawPointer(self + 8).storeBytes(of: high, as: SIMD8<Pointee>.self)
    }
}

extension SIMD4 where Scalar: FFTScalar {
    /// `lanes` in this vector's precision (no conversion when it is already double).
    @inline(__always)
    init(converting lanes: SIMD4<Double>) {
        self = Scalar.self == Double.self ? unsafeBitCast(lanes, to: Self.self) : Self(lanes)
    }
}

extension SIMD4<Double> {
    /// `lanes` widened to double (no conversion when they already are).
    @inline(__always)
    init<S: FFTScalar>(widening lanes: SIMD4<S>) {
        self = S.self == Double.self ? unsafeBitCast(lanes, to: Self.self) : Self(lanes)
    }
}

extension UnsafeMutablePointer where Pointee == Double {
    /// Stores the four lanes of `value` at self … self + 3 (no alignment needed).
    @inline(__always)
    func storeLanes(_ value: SIMD4<Double>) {
        UnsafeMutableRawPointer(self).storeBytes(of: value, as: SIMD4<Double>.self)
    }
}
