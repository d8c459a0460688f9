import Foundation

/// The triangular lattice of docs/physics.md §1, lengths in units of a, and its reciprocal lattice
/// as the common q-frame sees it (§6). This is the one place the geometry is written down.
///
/// Vectors are kept as integer coordinates (i, j) of `i a1 + j a2`, so that on the mesh
/// `k(m,n)·R(i,j) = 2π(mi + nj)/N` exactly; `cartesian` gives them in units of a.
public enum LatticeGeometry {
    /// An integer lattice vector `i a1 + j a2`.
    public struct Vector: Sendable, Equatable {
        public var i: Int
        public var j: Int
        public init(_ i: Int, _ j: Int) { self.i = i; self.j = j }
        /// Cartesian components in units of a.
        public var cartesian: SIMD2<Double> { SIMD2(Double(i) + Double(j) / 2, Double(j) * 3.0.squareRoot() / 2) }
        public static func + (a: Vector, b: Vector) -> Vector { Vector(a.i + b.i, a.j + b.j) }
        public static func - (a: Vector, b: Vector) -> Vector { Vector(a.i - b.i, a.j - b.j) }
        public static prefix func - (a: Vector) -> Vector { Vector(-a.i, -a.j) }
        public static func * (s: Int, a: Vector) -> Vector { Vector(s * a.i, s * a.j) }
    }

    /// The lattice coordinates (i, j), not necessarily integers, of a Cartesian point in units of
    /// a: the inverse of `Vector.cartesian`.
    public static func latticeCoordinates(ofCartesian r: SIMD2<Double>) -> SIMD2<Double> {
        let j = r.y * 2 / 3.0.squareRoot()
        return SIMD2(r.x - j / 2, j)
    }

    public static let a1 = Vector(1, 0)
    public static let a2 = Vector(0, 1)
    /// Nearest neighbours δ1 = (1, 0), δ2 = (−1/2, √3/2), δ3 = (−1/2, −√3/2).
    public static let delta = [a1, a2 - a1, -a2]
    /// Second shell β1 = δ1 − δ3, β2 = δ2 − δ1, β3 = δ3 − δ2 (length √3).
    public static let beta = [delta[0] - delta[2], delta[1] - delta[0], delta[2] - delta[1]]
    /// Third shell 2δj (length 2).
    public static let third = delta.map { 2 * $0 }
    /// The √7 shell, one vector of each ± pair, in two C3 orbits that are mirror images under
    /// σv (x → −x): the i-wave (A2) harmonic is the difference of their cosine sums.
    public static let sevenPlus = [Vector(2, 1), Vector(-3, 2), Vector(1, -3)]
    public static let sevenMinus = [Vector(-3, 1), Vector(1, 2), Vector(2, -3)]

    /// Reciprocal vectors b1 = 2π(1, −1/√3), b2 = 2π(0, 2/√3), in units of 1/a.
    public static let b1 = SIMD2(2 * Double.pi, -2 * Double.pi / 3.0.squareRoot())
    public static let b2 = SIMD2(0, 4 * Double.pi / 3.0.squareRoot())

    /// The mesh point k(m, n) = (m/N) b1 + (n/N) b2, in units of 1/a.
    public static func meshPoint(_ m: Int, _ n: Int, size: Int) -> SIMD2<Double> {
        (Double(m) * b1 + Double(n) * b2) / Double(size)
    }

    /// The length of every Bragg vector, |b| = 4π/(√3 a), in units of 1/a: the unit of q in the
    /// common frame.
    public static let braggLength = 4 * Double.pi / 3.0.squareRoot()

    /// One frame unit |b| in units of 2π/a (2/√3), for axes labelled in 2π/a.
    public static let frameUnitInTwoPiOverA = 2 / 3.0.squareRoot()

    /// The six Bragg vectors in frame units (|b| = 1): b2 on +qy, then anticlockwise every 60°.
    public static let braggPeaksInFrame: [SIMD2<Double>] = (0..<6).map { k in
        let angle = Double.pi / 2 + Double(k) * Double.pi / 3
        return SIMD2(cos(angle), sin(angle))
    }

    /// The frame's two reference Bragg vectors for a lattice, in exact form: b2/|b| = (0, 1) and
    /// its neighbour 60° clockwise, (b1 + b2)/|b| = (√3/2, 1/2), for a hexagonal lattice; (0, 1)
    /// and (1, 0) for a square one.
    public static func referenceBraggInFrame(_ lattice: LatticeKind) -> (SIMD2<Double>, SIMD2<Double>) {
        lattice == .hexagonal ? (SIMD2(0, 1), SIMD2(3.0.squareRoot() / 2, 0.5)) : (SIMD2(0, 1), SIMD2(1, 0))
    }

    /// The corners (K and K′ points, |q| = 1/√3 in frame units) of the first Brillouin zone,
    /// starting on +qx and closing back on it: seven points.
    public static let zoneCornersInFrame: [SIMD2<Double>] = (0...6).map { k in
        let angle = Double(k) * Double.pi / 3
        return SIMD2(cos(angle) / 3.0.squareRoot(), sin(angle) / 3.0.squareRoot())
    }

    /// The fractional coordinates (u, v) of a frame point q (units of |b|) on the reciprocal
    /// lattice: q |b| = u b1 + v b2, so u = 2qx/√3 and v = qy + qx/√3.
    @inline(__always)
    public static func reciprocalCoordinates(ofFrame q: SIMD2<Double>) -> SIMD2<Double> {
        SIMD2(2 * q.x / 3.0.squareRoot(), q.y + q.x / 3.0.squareRoot())
    }
}
