import Foundation

/// Resampling of an image's Fourier amplitude into the common frame through its measured Bragg
/// peaks: the linear map L that sends the frame's reference Bragg vectors to the image's
/// de-shears, rotates and scales in one step.
extension QFrame {
    /// The frame's reference Bragg vectors in units of |b|: b2 = (0, 1) and its neighbour 60°
    /// clockwise, b1 + b2 = (√3/2, 1/2), for a hexagonal lattice; (0, 1) and (1, 0) for a square one.
    public static func referenceBragg(_ lattice: LatticeKind) -> (SIMD2<Double>, SIMD2<Double>) {
        lattice == .hexagonal ? (SIMD2(0, 1), SIMD2(3.0.squareRoot() / 2, 0.5)) : (SIMD2(0, 1), SIMD2(1, 0))
    }

    /// The image wave vectors (radians per pixel) matched to the frame's reference vectors: the
    /// Bragg peak (of all ± peaks) closest to +y, and its neighbour clockwise.
    public static func matchedBragg(_ peaks: [BraggPeak], lattice: LatticeKind) -> (SIMD2<Double>, SIMD2<Double>) {
        let all = peaks.flatMap { [$0.vector, -$0.vector] }
        func angle(_ v: SIMD2<Double>) -> Double { atan2(v.y, v.x) }
        func distance(_ a: Double, _ b: Double) -> Double {
            let d = abs(a - b).truncatingRemainder(dividingBy: 2 * Double.pi)
            return min(d, 2 * Double.pi - d)
        }
        let up = all.min { distance(angle($0), Double.pi / 2) < distance(angle($1), Double.pi / 2) }!
        let target = angle(up) - lattice.angle
        let next = all.min { distance(angle($0), target) < distance(angle($1), target) }!
        return (up, next)
    }

    /// The 2×2 map (columns) from frame coordinates (units of |b|) to image wave vectors.
    public static func imageMap(_ peaks: [BraggPeak], lattice: LatticeKind) -> (SIMD2<Double>, SIMD2<Double>) {
        let (fa, fb) = referenceBragg(lattice)
        let (qa, qb) = matchedBragg(peaks, lattice: lattice)
        // L [fa fb] = [qa qb]  ⇒  L = [qa qb] [fa fb]⁻¹.
        let det = fa.x * fb.y - fb.x * fa.y
        let inverse = (SIMD2(fb.y, -fa.y) / det, SIMD2(-fb.x, fa.x) / det)   // columns of [fa fb]⁻¹
        return (qa * inverse.0.x + qb * inverse.0.y, qa * inverse.1.x + qb * inverse.1.y)
    }

    /// `magnitude` (a Fourier amplitude on the image's FFT grid, index (ky, kx) as in `Fourier`)
    /// resampled into this frame, rows along qy.
    public func render(fourier magnitude: Plane, peaks: [BraggPeak], lattice: LatticeKind) -> [Float] {
        let (column0, column1) = Self.imageMap(peaks, lattice: lattice)
        let axis = self.axis
        let (rows, columns) = (magnitude.rows, magnitude.columns)
        var out = [Float](repeating: 0, count: pixels * pixels)
        for (row, qy) in axis.enumerated() {
            for (column, qx) in axis.enumerated() {
                let q = column0 * qx + column1 * qy
                let kx = q.x * Double(columns) / (2 * Double.pi), ky = q.y * Double(rows) / (2 * Double.pi)
                out[row * pixels + column] = Float(Self.periodicBilinear(magnitude, y: ky, x: kx))
            }
        }
        return out
    }

    static func periodicBilinear(_ plane: Plane, y: Double, x: Double) -> Double {
        let (rows, columns) = (plane.rows, plane.columns)
        let fy = y.rounded(.down), fx = x.rounded(.down)
        let dy = y - fy, dx = x - fx
        let r0 = ((Int(fy) % rows) + rows) % rows, c0 = ((Int(fx) % columns) + columns) % columns
        let r1 = (r0 + 1) % rows, c1 = (c0 + 1) % columns
        return (1 - dy) * ((1 - dx) * plane[r0, c0] + dx * plane[r0, c1]) + dy * ((1 - dx) * plane[r1, c0] + dx * plane[r1, c1])
    }
}
