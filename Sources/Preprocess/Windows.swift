import Foundation

/// Apodisation windows applied before Fourier transforms, separable in rows and columns.
public enum Window: Sendable, Equatable, Codable {
    /// No window.
    case none
    /// Hann: w(t) = sin²(π t), t ∈ [0, 1] across the image.
    case hann
    /// Tukey with taper fraction α: flat in the middle, cosine tapers over α/2 at each edge.
    case tukey(alpha: Double)

    /// The window of the QPI maps unless another is asked for: Tukey with α = 0.5, flat over the
    /// middle half of the field in each direction and a cosine taper over the outer quarters.
    /// The classifier's reciprocal-route training maps (three quarters of its data) hold every
    /// impurity's pattern whole; a Hann window weights an impurity 2 a inside the edge of a 20 a
    /// field by sin²(π/10) ≈ 0.1 and tilts its pattern by the window's slope, which broke the
    /// pattern's symmetry on small fields (robustness matrix, 100 grids per cell: a field of 20 a
    /// 85 % right with Hann, 98 % with this window; one impurity 92 → 100 %; docs/report.md).
    /// The taper still takes the field's edges smoothly to zero against leakage.
    public static let standard = Window.tukey(alpha: 0.5)

    /// The one-dimensional window of `n` points.
    public func weights(_ n: Int) -> [Double] {
        guard n > 1 else { return [Double](repeating: 1, count: n) }
        return (0..<n).map { i in
            let t = Double(i) / Double(n - 1)
            switch self {
            case .none: return 1
            case .hann: return pow(sin(Double.pi * t), 2)
            case .tukey(let alpha):
                guard alpha > 0 else { return 1 }
                let edge = alpha / 2
                if t < edge { return 0.5 * (1 - cos(Double.pi * t / edge)) }
                if t > 1 - edge { return 0.5 * (1 - cos(Double.pi * (1 - t) / edge)) }
                return 1
            }
        }
    }

    /// `plane` multiplied by the window in both directions.
    public func apply(to plane: Plane) -> Plane {
        let wy = weights(plane.rows), wx = weights(plane.columns)
        var out = plane
        for r in 0..<plane.rows { for c in 0..<plane.columns { out.values[r * plane.columns + c] *= wy[r] * wx[c] } }
        return out
    }
}
