/// Eigendecomposition of four 4 × 4 complex Hermitian matrices at once, one per SIMD lane, by
/// cyclic complex Jacobi rotations (Golub & Van Loan, *Matrix Computations*, 4th ed., §8.5;
/// the complex rotation as in Press et al., *Numerical Recipes*, §11.1, after a phase that
/// makes a_pq real). Branch-free across lanes; allocation-free.
///
/// Layout, in units of `SIMD4<Double>` (one value per lane): element (r, c) of a matrix has its
/// real part at `2(4r + c)` and its imaginary part at `2(4r + c) + 1` — for the eigenvectors
/// this is MeshEigensystem's block layout `[row a][band n][re, im][lane]`.
enum HermitianJacobi4 {
    typealias Lanes = SIMD4<Double>

    /// Sweeps before a lane counts as not converged; 4 × 4 matrices need five or six.
    static let maximumSweeps = 16

    /// Off-diagonal weight Σ|a_pq|² below which a lane counts as diagonal, relative to ‖A‖²_F:
    /// (2⁻⁵²)², i.e. off-diagonal elements at the rounding level of the largest element.
    static let relativeOffDiagonal = 0x1p-104

    @inline(__always) static func re(_ r: Int, _ c: Int) -> Int { 2 * (4 * r + c) }
    @inline(__always) static func im(_ r: Int, _ c: Int) -> Int { 2 * (4 * r + c) + 1 }

    /// Diagonalises the Hermitian matrices in `a` (both triangles filled; 32 values) in place:
    /// on return their diagonals hold the eigenvalues (unordered) and `v` (32 values) the
    /// unitary matrix whose column n is the eigenvector of eigenvalue n. Returns the lanes that
    /// did not reach `relativeOffDiagonal` within `maximumSweeps` (non-finite input, in practice).
    @inline(__always)
    static func diagonalise(_ a: UnsafeMutablePointer<Lanes>, vectors v: UnsafeMutablePointer<Lanes>) -> SIMDMask<SIMD4<Int64>> {
        for index in 0..<32 { v[index] = .zero }
        for r in 0..<4 { v[re(r, r)] = .one }
        var norm = Lanes.zero
        for index in 0..<32 { norm += a[index] * a[index] }
        let tolerance = norm * relativeOffDiagonal
        var pending = .!(offDiagonalWeight(a) .<= tolerance)   // NaN stays pending
        var sweep = 0
        while any(pending) && sweep < maximumSweeps {
            for p in 0..<3 {
                for q in (p + 1)..<4 { rotate(a, v, p, q) }
            }
            sweep += 1
            pending = .!(offDiagonalWeight(a) .<= tolerance)
        }
        return pending
    }

    /// Σ_{p<q} |a_pq|².
    @inline(__always)
    static func offDiagonalWeight(_ a: UnsafeMutablePointer<Lanes>) -> Lanes {
        var sum = Lanes.zero
        for p in 0..<3 {
            for q in (p + 1)..<4 { sum += a[re(p, q)] * a[re(p, q)] + a[im(p, q)] * a[im(p, q)] }
        }
        return sum
    }

    /// One rotation J = P R in the (p, q) plane that zeroes a_pq: P multiplies column q by
    /// e^{−iφ} (a_pq = |a_pq| e^{iφ}), R is the real Jacobi rotation of the then real 2 × 2 block.
    /// A ← J†AJ, V ← VJ.
    @inline(__always)
    static func rotate(_ a: UnsafeMutablePointer<Lanes>, _ v: UnsafeMutablePointer<Lanes>, _ p: Int, _ q: Int) {
        let apqRe = a[re(p, q)], apqIm = a[im(p, q)]
        let g2 = apqRe * apqRe + apqIm * apqIm
        let g = g2.squareRoot()
        let exact = g .== Lanes.zero
        let inverseG = (1 / g).replacing(with: 0, where: exact)
        // e^{−iφ} = conj(a_pq)/|a_pq|, 1 where a_pq is already zero.
        let phaseRe = (apqRe * inverseG).replacing(with: 1, where: exact)
        let phaseIm = -apqIm * inverseG
        // t = tan θ of the smaller rotation: sgn(d)·2g/(|d| + √(d² + 4g²)), d = a_qq − a_pp.
        let d = a[re(q, q)] - a[re(p, p)]
        let denominator = d.replacing(with: -d, where: d .< 0) + (d * d + 4 * g2).squareRoot()
        let signed = (2 * g).replacing(with: -2 * g, where: d .< 0)
        let t = (signed / denominator).replacing(with: 0, where: denominator .== 0)
        let c = 1 / (1 + t * t).squareRoot()
        let s = t * c
        a[re(p, p)] -= t * g
        a[re(q, q)] += t * g
        a[re(p, q)] = .zero; a[im(p, q)] = .zero
        a[re(q, p)] = .zero; a[im(q, p)] = .zero
        for r in 0..<4 where r != p && r != q {
            let (x, y) = mix(a, row: r, p, q, phaseRe, phaseIm, c, s)
            a[re(r, p)] = x.re; a[im(r, p)] = x.im
            a[re(r, q)] = y.re; a[im(r, q)] = y.im
            a[re(p, r)] = x.re; a[im(p, r)] = -x.im
            a[re(q, r)] = y.re; a[im(q, r)] = -y.im
        }
        for r in 0..<4 {
            let (x, y) = mix(v, row: r, p, q, phaseRe, phaseIm, c, s)
            v[re(r, p)] = x.re; v[im(r, p)] = x.im
            v[re(r, q)] = y.re; v[im(r, q)] = y.im
        }
    }

    /// Row r of M J restricted to columns p, q: x = m_rp, y = m_rq e^{−iφ};
    /// (c x − s y, s x + c y).
    @inline(__always)
    static func mix(_ m: UnsafeMutablePointer<Lanes>, row r: Int, _ p: Int, _ q: Int,
                    _ phaseRe: Lanes, _ phaseIm: Lanes, _ c: Lanes, _ s: Lanes)
        -> (x: (re: Lanes, im: Lanes), y: (re: Lanes, im: Lanes)) {
        let xRe = m[re(r, p)], xIm = m[im(r, p)]
        let qRe = m[re(r, q)], qIm = m[im(r, q)]
        let yRe = qRe * phaseRe - qIm * phaseIm, yIm = qRe * phaseIm + qIm * phaseRe
        return ((c * xRe - s * yRe, c * xIm - s * yIm), (s * xRe + c * yRe, s * xIm + c * yIm))
    }
}
