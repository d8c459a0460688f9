/// The covariance of a fit's nonlinear parameters from the curvature of its χ²: the Hessian H by
/// central differences (each cross term from four corners), then 2 H⁻¹ × `scale` — the inverse
/// Fisher matrix of −2 ln L = χ², with `scale` for what χ² does not hold
/// (`SpectrumFitResult.scale`).
enum CurvatureCovariance {
    /// The covariance at the origin of `chiSquare(offsets)`, whose offsets are in units of
    /// `steps` (one per parameter); nil unless positive definite.
    static func of(_ chiSquare: ([Double]) throws -> Double, steps: [Double], scale: Double) rethrows -> [[Double]]? {
        let n = steps.count
        func unit(_ i: Int, _ s: Double) -> [Double] { (0..<n).map { $0 == i ? s : 0 } }
        let f0 = try chiSquare(unit(0, 0))
        var hessian = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        for i in 0..<n {
            hessian[i][i] = (try chiSquare(unit(i, 1)) - 2 * f0 + chiSquare(unit(i, -1))) / (steps[i] * steps[i])
            for k in 0..<i {
                let pp = try chiSquare(zip(unit(i, 1), unit(k, 1)).map(+)), mm = try chiSquare(zip(unit(i, -1), unit(k, -1)).map(+))
                let pm = try chiSquare(zip(unit(i, 1), unit(k, -1)).map(+)), mp = try chiSquare(zip(unit(i, -1), unit(k, 1)).map(+))
                hessian[i][k] = (pp + mm - pm - mp) / (4 * steps[i] * steps[k])
                hessian[k][i] = hessian[i][k]
            }
        }
        guard let inverse = SmallLinearAlgebra.inverse(hessian),
              (0..<n).allSatisfy({ inverse[$0][$0] > 0 }) else { return nil }
        return inverse.map { $0.map { 2 * scale * $0 } }
    }
}
