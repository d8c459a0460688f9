import Numerics

/// Small dense 4×4 complex matrices for the T-matrix (row-major arrays of 16 elements).
enum Matrix4 {
    /// The inverse by Gauss–Jordan elimination with partial pivoting; nil when singular.
    static func inverse(_ m: [Complex<Double>]) -> [Complex<Double>]? {
        var a = m
        var inv = (0..<16).map { $0 / 4 == $0 % 4 ? Complex<Double>.one : .zero }
        for col in 0..<4 {
            let pivot = (col..<4).max { a[$0 * 4 + col].length < a[$1 * 4 + col].length }!
            guard a[pivot * 4 + col].length > 1e-300 else { return nil }
            if pivot != col {
                for c in 0..<4 {
                    a.swapAt(pivot * 4 + c, col * 4 + c)
                    inv.swapAt(pivot * 4 + c, col * 4 + c)
                }
            }
            let scale = 1 / a[col * 4 + col]
            for c in 0..<4 { a[col * 4 + c] *= scale; inv[col * 4 + c] *= scale }
            for r in 0..<4 where r != col {
                let factor = a[r * 4 + col]
                guard factor != .zero else { continue }
                for c in 0..<4 {
                    a[r * 4 + c] -= factor * a[col * 4 + c]
                    inv[r * 4 + c] -= factor * inv[col * 4 + c]
                }
            }
        }
        return inv
    }

    /// T = [1 − V g0]⁻¹ V for the scalar impurity V = V0 τz ⊗ σ0 = diag(V0, V0, −V0, −V0).
    static func tMatrix(localGreen g0: [Complex<Double>], impurity v0: Double) -> [Complex<Double>]? {
        let v = [v0, v0, -v0, -v0]
        let oneMinusVg = (0..<16).map { index -> Complex<Double> in
            let (r, c) = (index / 4, index % 4)
            return (r == c ? .one : .zero) - Complex(v[r]) * g0[index]
        }
        guard let inverse = inverse(oneMinusVg) else { return nil }
        return (0..<16).map { inverse[$0] * Complex(v[$0 % 4]) }
    }
}
