import Foundation
import QPICore

/// Resampling of an image's Fourier amplitude into the common frame through its measured Bragg
/// peaks: the linear map L that sends the frame's reference Bragg vectors to the image's
/// de-shears, rotates and scales in one step.
extension QFrame {
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
        let (fa, fb) = LatticeGeometry.referenceBraggInFrame(lattice)
        let (qa, qb) = matchedBragg(peaks, lattice: lattice)
        // L [fa fb] = [qa qb]  ⇒  L = [qa qb] [fa fb]⁻¹.
        let det = fa.x * fb.y - fb.x * fa.y
        let inverse = (SIMD2(fb.y, -fa.y) / det, SIMD2(-fb.x, fa.x) / det)   // columns of [fa fb]⁻¹
        return (qa * inverse.0.x + qb * inverse.0.y, qa * inverse.1.x + qb * inverse.1.y)
    }

    /// The resampling of Fourier amplitudes on a `rows × columns` image's FFT grid (index (ky, kx)
    /// as in `Fourier`) into this frame, through the image's Bragg `peaks`.
    public func sampler(peaks: [BraggPeak], lattice: LatticeKind, rows: Int, columns: Int) -> FrameSampler {
        let (column0, column1) = Self.imageMap(peaks, lattice: lattice)
        var corners = [SIMD4<Int32>](), weights = [SIMD4<Double>]()
        corners.reserveCapacity(pixels * pixels); weights.reserveCapacity(pixels * pixels)
        for qy in axis {
            for qx in axis {
                let q = column0 * qx + column1 * qy
                let x = q.x * Double(columns) / (2 * Double.pi), y = q.y * Double(rows) / (2 * Double.pi)
                let fy = y.rounded(.down), fx = x.rounded(.down)
                let (dy, dx) = (y - fy, x - fx)
                let r0 = ((Int(fy) % rows) + rows) % rows, c0 = ((Int(fx) % columns) + columns) % columns
                let r1 = (r0 + 1) % rows, c1 = (c0 + 1) % columns
                corners.append(SIMD4(Int32(r0 * columns + c0), Int32(r0 * columns + c1), Int32(r1 * columns + c0), Int32(r1 * columns + c1)))
                weights.append(SIMD4((1 - dy) * (1 - dx), (1 - dy) * dx, dy * (1 - dx), dy * dx))
            }
        }
        return FrameSampler(rows: rows, columns: columns, corners: corners, weights: weights)
    }
}
