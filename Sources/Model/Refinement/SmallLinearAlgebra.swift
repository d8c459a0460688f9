/// Small dense linear algebra for the refinement: a square system solved by Gaussian elimination
/// with partial pivoting, and weighted linear least squares by its normal equations (the
/// systems here have 2–5 unknowns; LAPACK's call overhead would dominate).
enum SmallLinearAlgebra {
    /// x with A x = b for the row-major m × m matrix `a`; nil when A is singular.
    static func solve(_ a: [Double], _ b: [Double]) -> [Double]? {
        let m = b.count
        var a = a, b = b
        for column in 0..<m {
            guard let pivot = (column..<m).max(by: { abs(a[$0 * m + column]) < abs(a[$1 * m + column]) }),
                  abs(a[pivot * m + column]) > 1e-300 else { return nil }
            if pivot != column {
                for q in 0..<m { a.swapAt(pivot * m + q, column * m + q) }
                b.swapAt(pivot, column)
            }
            for row in (column + 1)..<m {
                let factor = a[row * m + column] / a[column * m + column]
                for q in column..<m { a[row * m + q] -= factor * a[column * m + q] }
                b[row] -= factor * b[column]
            }
        }
        var x = [Double](repeating: 0, count: m)
        for row in stride(from: m - 1, through: 0, by: -1) {
            x[row] = (b[row] - ((row + 1)..<m).reduce(0) { $0 + a[row * m + $1] * x[$1] }) / a[row * m + row]
        }
        return x
    }

    /// The inverse of the m × m matrix `a` (rows); nil when singular.
    static func inverse(_ a: [[Double]]) -> [[Double]]? {
        let m = a.count, flat = a.flatMap { $0 }
        var columns: [[Double]] = []
        for j in 0..<m {
            guard let column = solve(flat, (0..<m).map { $0 == j ? 1 : 0 }) else { return nil }
            columns.append(column)
        }
        return (0..<m).map { i in (0..<m).map { j in columns[j][i] } }
    }

    /// The coefficients c minimising Σ_i w_i (y_i − Σ_j c_j f_j(x_i))² for the basis functions'
    /// values `basis[j][i]`, and that minimum; nil when the basis is degenerate.
    static func leastSquares(basis: [[Double]], values: [Double], weights: [Double]) -> (coefficients: [Double], residual: Double)? {
        let m = basis.count
        var a = [Double](repeating: 0, count: m * m), b = [Double](repeating: 0, count: m)
        for i in values.indices {
            for p in 0..<m {
                b[p] += weights[i] * basis[p][i] * values[i]
                for q in 0..<m { a[p * m + q] += weights[i] * basis[p][i] * basis[q][i] }
            }
        }
        guard let c = solve(a, b) else { return nil }
        let residual = values.indices.reduce(0.0) { sum, i in
            let r = values[i] - (0..<m).reduce(0) { $0 + c[$1] * basis[$1][i] }
            return sum + weights[i] * r * r
        }
        return (c, residual)
    }
}
