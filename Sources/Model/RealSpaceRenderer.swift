import Foundation
import Preprocess
import QPICore

/// Renders lattice quantities onto a real-space pixel grid as an STM would record them: each
/// site R contributes w(R) × a Gaussian orbital, on a lattice that is rotated, sheared and
/// drifting relative to the pixels.
public struct RealSpaceRenderer: Sendable {
    /// Image size (pixels × pixels).
    public var pixels: Int
    /// Lattice constant in pixels.
    public var latticeConstant: Double
    /// Angle of a1 from the +x pixel axis, radians.
    public var rotation: Double
    /// Shear of the scan: x_pixel = x + shear · y.
    public var shear: Double
    /// Pixel position of the site R = 0 (the impurity).
    public var origin: SIMD2<Double>
    /// Orbital Gaussian width in lattice constants.
    public var orbitalWidth: Double
    /// Drift u(r) in pixels: the site that belongs at r + u(r) appears at r.
    public var drift: @Sendable (SIMD2<Double>) -> SIMD2<Double>

    public init(pixels: Int, latticeConstant: Double, rotation: Double = 0, shear: Double = 0,
                origin: SIMD2<Double>? = nil, orbitalWidth: Double = 0.2,
                drift: @escaping @Sendable (SIMD2<Double>) -> SIMD2<Double> = { _ in .zero }) {
        self.pixels = pixels
        self.latticeConstant = latticeConstant
        self.rotation = rotation
        self.shear = shear
        self.origin = origin ?? SIMD2(repeating: Double(pixels) / 2)
        self.orbitalWidth = orbitalWidth
        self.drift = drift
    }

    /// Pixel position of site `i a1 + j a2`.
    public func position(_ i: Int, _ j: Int) -> SIMD2<Double> {
        let r = LatticeGeometry.Vector(i, j).cartesian * latticeConstant
        let rotated = SIMD2(cos(rotation) * r.x - sin(rotation) * r.y, sin(rotation) * r.x + cos(rotation) * r.y)
        return origin + SIMD2(rotated.x + shear * rotated.y, rotated.y)
    }

    /// The lattice coordinates (i, j) of pixel position `p` (the inverse of `position`, without drift).
    public func latticeCoordinates(_ p: SIMD2<Double>) -> SIMD2<Double> {
        let (c, s) = (cos(rotation), sin(rotation))
        let q = p - origin
        // Undo shear and rotation, then Cartesian → lattice coordinates.
        let unsheared = SIMD2(q.x - shear * q.y, q.y)
        let cart = SIMD2(c * unsheared.x + s * unsheared.y, -s * unsheared.x + c * unsheared.y) / latticeConstant
        return LatticeGeometry.latticeCoordinates(ofCartesian: cart)
    }

    /// Σ_R weight(i, j) φ(r + u(r) − P(R)) at every pixel, rows along y (row 0 at the bottom).
    public func render(weight: (Int, Int) -> Double) -> Plane {
        let sigma = orbitalWidth * latticeConstant, reach = 4 * sigma
        var plane = Plane(rows: pixels, columns: pixels)
        for row in 0..<pixels {
            for column in 0..<pixels {
                let p = SIMD2(Double(column), Double(row))
                let shifted = p + drift(p)
                let f = latticeCoordinates(shifted)
                var total = 0.0
                for i in Int(f.x.rounded(.down)) - 1 ... Int(f.x.rounded(.down)) + 2 {
                    for j in Int(f.y.rounded(.down)) - 1 ... Int(f.y.rounded(.down)) + 2 {
                        let d = position(i, j) - shifted
                        let d2 = (d * d).sum()
                        guard d2 < reach * reach else { continue }
                        total += weight(i, j) * exp(-0.5 * d2 / (sigma * sigma))
                    }
                }
                plane[row, column] = total
            }
        }
        return plane
    }
}
