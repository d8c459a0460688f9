/// Rendering of a map given on the reciprocal-lattice mesh of a triangular lattice into the frame.
///
/// The mesh holds `values[m * N + n]` at `q = (m/N) b1 + (n/N) b2`, periodic in m and n; b2 already
/// points along +qy, so a frame pixel is read at its fractional coordinates
/// (`LatticeGeometry.reciprocalCoordinates`) by bilinear interpolation between the four
/// surrounding mesh points.
extension QFrame {
    /// The mesh map resampled into this frame, rows along qy (row 0 at −halfWidth), columns along qx.
    /// `distortion` (row-major 2×2, identity by default) is applied to each frame point before it
    /// is looked up: a map seen through a residual affine distortion of q.
    public func render(mesh values: [Double], size n: Int, distortion: SIMD4<Double> = SIMD4(1, 0, 0, 1)) -> [Float] {
        values.withUnsafeBufferPointer { render(mesh: $0, size: n, distortion: distortion) }
    }

    /// `render(mesh:size:distortion:)` of N × N values in place (a layer of a larger block).
    public func render(mesh values: UnsafeBufferPointer<Double>, size n: Int, distortion: SIMD4<Double> = SIMD4(1, 0, 0, 1)) -> [Float] {
        precondition(values.count == n * n, "mesh values must be N × N")
        let axis = self.axis
        let scale = Double(n)
        var out = [Float](repeating: 0, count: pixels * pixels)
        for row in 0..<pixels {
            for column in 0..<pixels {
                let qx = distortion[0] * axis[column] + distortion[1] * axis[row]
                let qy = distortion[2] * axis[column] + distortion[3] * axis[row]
                let f = LatticeGeometry.reciprocalCoordinates(ofFrame: SIMD2(qx, qy)) * scale
                out[row * pixels + column] = Float(Self.bilinear(values, n: n, u: f.x, v: f.y))
            }
        }
        return out
    }

    @inline(__always)
    static func bilinear(_ values: UnsafeBufferPointer<Double>, n: Int, u: Double, v: Double) -> Double {
        let fu = u.rounded(.down), fv = v.rounded(.down)
        let du = u - fu, dv = v - fv
        func wrap(_ x: Double) -> Int { let i = Int(x) % n; return i < 0 ? i + n : i }
        let m0 = wrap(fu), m1 = (m0 + 1) % n, n0 = wrap(fv), n1 = (n0 + 1) % n
        return (1 - du) * (1 - dv) * values[m0 * n + n0] + du * (1 - dv) * values[m1 * n + n0]
            + (1 - du) * dv * values[m0 * n + n1] + du * dv * values[m1 * n + n1]
    }
}
