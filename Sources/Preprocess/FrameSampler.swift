import QPICore

/// Periodic bilinear resampling of Fourier amplitudes into a frame (`QFrame.sampler`), rows
/// along qy; the stencil is computed once and serves every map of the image's size.
public struct FrameSampler: Sendable {
    public let rows: Int
    public let columns: Int
    let corners: [SIMD4<Int32>]
    let weights: [SIMD4<Double>]

    /// `magnitude` (on the image's FFT grid) in the frame.
    public func sample(_ magnitude: Plane) -> [Float] {
        precondition(magnitude.rows == rows && magnitude.columns == columns)
        return magnitude.values.withUnsafeBufferPointer { v in
            (0 ..< corners.count).map { p -> Float in
                let c = corners[p], w = weights[p]
                return Float(w[0] * v[Int(c[0])] + w[1] * v[Int(c[1])] + w[2] * v[Int(c[2])] + w[3] * v[Int(c[3])])
            }
        }
    }
}
