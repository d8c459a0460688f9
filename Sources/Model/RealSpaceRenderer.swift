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
        position(i, j, cosine: cos(rotation), sine: sin(rotation))
    }

    @inline(__always)
    private func position(_ i: Int, _ j: Int, cosine c: Double, sine s: Double) -> SIMD2<Double> {
        let r = LatticeGeometry.Vector(i, j).cartesian * latticeConstant
        let rotated = SIMD2(c * r.x - s * r.y, s * r.x + c * r.y)
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
    /// For several quantities on one geometry, make the `footprint` once and render from it.
    public func render(weight: (Int, Int) -> Double) -> Plane { footprint().render(weight: weight) }

    /// Every pixel's orbital values φ(r + u(r) − P(R)) for the 4 × 4 sites around it: the
    /// geometry (drift, rotation, shear, orbitals) evaluated once for any number of layers.
    public func footprint() -> Footprint {
        let sigma = orbitalWidth * latticeConstant, reach = 4 * sigma
        let (c, s) = (cos(rotation), sin(rotation))
        var corners = [SIMD2<Int32>](repeating: .zero, count: pixels * pixels)
        var orbitals = [Double](repeating: 0, count: pixels * pixels * 16)
        for row in 0..<pixels {
            for column in 0..<pixels {
                let p = SIMD2(Double(column), Double(row))
                let shifted = p + drift(p)
                let f = latticeCoordinates(shifted)
                let (i0, j0) = (Int(f.x.rounded(.down)) - 1, Int(f.y.rounded(.down)) - 1)
                let pixel = row * pixels + column
                corners[pixel] = SIMD2(Int32(i0), Int32(j0))
                for di in 0..<4 {
                    for dj in 0..<4 {
                        let d = position(i0 + di, j0 + dj, cosine: c, sine: s) - shifted
                        let d2 = (d * d).sum()
                        guard d2 < reach * reach else { continue }
                        orbitals[pixel * 16 + di * 4 + dj] = exp(-0.5 * d2 / (sigma * sigma))
                    }
                }
            }
        }
        return Footprint(pixels: pixels, corners: corners, orbitals: orbitals)
    }

    /// The orbital values of a rendering geometry (`RealSpaceRenderer.footprint()`).
    public struct Footprint: Sendable {
        let pixels: Int
        /// Lattice coordinates of the first of each pixel's 4 × 4 sites.
        let corners: [SIMD2<Int32>]
        /// φ for site (i0 + di, j0 + dj) at `[pixel * 16 + di * 4 + dj]`; 0 beyond the orbital's reach.
        let orbitals: [Double]

        /// Σ_R weight(i, j) φ(r + u(r) − P(R)) at every pixel; `weight` is called once per site
        /// the image touches.
        public func render(weight: (Int, Int) -> Double) -> Plane {
            var plane = Plane(rows: pixels, columns: pixels)
            guard !corners.isEmpty else { return plane }
            let low = corners.reduce(corners[0]) { pointwiseMin($0, $1) }
            let high = corners.reduce(corners[0]) { pointwiseMax($0, $1) } &+ 3
            let (width, height) = (Int(high.y - low.y) + 1, Int(high.x - low.x) + 1)
            var sites = [Double](repeating: 0, count: width * height)
            for i in 0..<height {
                for j in 0..<width { sites[i * width + j] = weight(Int(low.x) + i, Int(low.y) + j) }
            }
            for pixel in 0 ..< pixels * pixels {
                let corner = corners[pixel] &- low
                var total = 0.0
                for di in 0..<4 {
                    let row = (Int(corner.x) + di) * width + Int(corner.y)
                    for dj in 0..<4 {
                        let orbital = orbitals[pixel * 16 + di * 4 + dj]
                        if orbital != 0 { total += sites[row + dj] * orbital }
                    }
                }
                plane.values[pixel] = total
            }
            return plane
        }
    }
}
