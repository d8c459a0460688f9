/// The covariance of a fit's nonlinear parameters from the curvature of its χ²: the Hessian H by
/// central differences (each cross term from four corners), then 2 H⁻¹ × `scale` — the inverse
/// Fisher matrix of −2 ln L = χ², with `scale` for what χ² does not hold
/// (`SpectrumFitResult.scale`).
public enum CurvatureCovariance {
    /// The covariance at the origin of `chiSquare(offsets)`, whose offsets are in units of
    /// `steps` (one per parameter); nil unless positive definite.
    static func of(_ chiSquare: ([Double]) throws -> Double, steps: [Double], scale: Double) rethrows -> [[Double]]? {
        try inverseHessian(chiSquare, steps: steps)?.inverse.map { $0.map { 2 * scale * $0 } }
    }

    /// The Newton step −H⁻¹ g towards the minimum of `chiSquare(offsets)` from the origin, in the
    /// parameters' own units (offsets are in units of `steps`), with H and g by the same central
    /// differences as `of`; nil unless H is positive definite.
    static func newtonStep(_ chiSquare: ([Double]) throws -> Double, steps: [Double]) rethrows -> [Double]? {
        guard let (inverse, gradient) = try inverseHessian(chiSquare, steps: steps) else { return nil }
        return inverse.map { row in -zip(row, gradient).reduce(0) { $0 + $1.0 * $1.1 } }
    }

    /// H⁻¹ and the gradient g of `chiSquare` at the origin (each cross term of H from four
    /// corners); nil unless H⁻¹ has a positive diagonal.
    private static func inverseHessian(_ chiSquare: ([Double]) throws -> Double, steps: [Double]) rethrows
        -> (inverse: [[Double]], gradient: [Double])? {
        let n = steps.count
        func unit(_ i: Int, _ s: Double) -> [Double] { (0..<n).map { $0 == i ? s : 0 } }
        let f0 = try chiSquare(unit(0, 0))
        var hessian = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        var gradient = [Double](repeating: 0, count: n)
        for i in 0..<n {
            let (plus, minus) = (try chiSquare(unit(i, 1)), try chiSquare(unit(i, -1)))
            hessian[i][i] = (plus - 2 * f0 + minus) / (steps[i] * steps[i])
            gradient[i] = (plus - minus) / (2 * steps[i])
            for k in 0..<i {
                let pp = try chiSquare(zip(unit(i, 1), unit(k, 1)).map(+)), mm = try chiSquare(zip(unit(i, -1), unit(k, -1)).map(+))
                let pm = try chiSquare(zip(unit(i, 1), unit(k, -1)).map(+)), mp = try chiSquare(zip(unit(i, -1), unit(k, 1)).map(+))
                hessian[i][k] = (pp + mm - pm - mp) / (4 * steps[i] * steps[k])
                hessian[k][i] = hessian[i][k]
            }
        }
        guard let inverse = SmallLinearAlgebra.inverse(hessian),
              (0..<n).allSatisfy({ inverse[$0][$0] > 0 }) else { return nil }
        return (inverse, gradient)
    }

    /// `covariance` plus the outer product of every shift (a systematic error of fixed direction:
    /// fully correlated between the parameters); a shift shorter than the covariance leaves the
    /// last parameters alone.
    public static func adding(_ shifts: [[Double]], to covariance: [[Double]]) -> [[Double]] {
        var sum = covariance
        for shift in shifts {
            for i in shift.indices where i < sum.count {
                for j in shift.indices where j < sum.count { sum[i][j] += shift[i] * shift[j] }
            }
        }
        return sum
    }

    /// The first-order shift of the optimum of χ² when the data change by ±d: −H⁻¹ (g₊ − g₋)/2,
    /// with g± the gradients of `plus` and `minus` (χ² of the data ± d, as functions of offsets in
    /// units of `steps`) by central differences at the origin, and `inverseHessian` H⁻¹ in the
    /// parameters' own units.
    static func shift(plus: ([Double]) throws -> Double, minus: ([Double]) throws -> Double, steps: [Double],
                      inverseHessian: [[Double]]) rethrows -> [Double] {
        func gradient(_ chiSquare: ([Double]) throws -> Double) rethrows -> [Double] {
            try steps.indices.map { i in
                let unit = { (s: Double) in steps.indices.map { $0 == i ? s : 0.0 } }
                return (try chiSquare(unit(1)) - chiSquare(unit(-1))) / (2 * steps[i])
            }
        }
        let change = zip(try gradient(plus), try gradient(minus)).map { ($0 - $1) / 2 }
        return inverseHessian.map { row in -zip(row, change).reduce(0) { $0 + $1.0 * $1.1 } }
    }
}
