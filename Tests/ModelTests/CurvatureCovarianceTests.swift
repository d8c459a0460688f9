import Testing
@testable import Model

/// `CurvatureCovariance` on a quadratic χ², where central differences are exact: the Newton step
/// lands on the minimum, the covariance is the inverse of half the Hessian, and a systematic
/// shift adds its outer product.
@Suite struct CurvatureCovarianceTests {
    /// χ² = (p − m)ᵀ Q (p − m) + 7 with p = offsets ⊙ steps.
    static let q = [[4.0, 1.0, 0.5], [1.0, 3.0, -0.2], [0.5, -0.2, 2.0]]
    static let minimum = [0.03, -0.02, 0.05], steps = [0.01, 0.004, 0.02]

    static func chiSquare(_ offsets: [Double]) -> Double {
        let d = (0..<3).map { offsets[$0] * steps[$0] - minimum[$0] }
        return 7 + (0..<3).reduce(0) { sum, i in sum + (0..<3).reduce(0) { $0 + d[i] * q[i][$1] * d[$1] } }
    }

    @Test func newtonStepLandsOnTheMinimumOfAQuadratic() throws {
        let step = try #require(CurvatureCovariance.newtonStep(Self.chiSquare, steps: Self.steps))
        for (s, m) in zip(step, Self.minimum) { #expect(abs(s - m) < 1e-9) }
    }

    @Test func covarianceIsTheInverseOfHalfTheHessianPlusTheShifts() throws {
        let covariance = try #require(CurvatureCovariance.of(Self.chiSquare, steps: Self.steps, scale: 2))
        let shift = [0.1, -0.3]
        let total = CurvatureCovariance.adding([shift], to: covariance)
        // Q · covariance / 2 = 1 (scale 2: covariance = 2 · (2Q)⁻¹ · 2 = 2 Q⁻¹).
        for i in 0..<3 {
            for j in 0..<3 {
                let product = (0..<3).reduce(0) { $0 + Self.q[i][$1] * covariance[$1][j] } / 2
                #expect(abs(product - (i == j ? 1 : 0)) < 1e-9)
                let added = i < 2 && j < 2 ? shift[i] * shift[j] : 0
                #expect(abs(total[i][j] - covariance[i][j] - added) < 1e-15)
            }
        }
    }
}
