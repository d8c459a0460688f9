import Foundation
import QPICore

/// Two-dimensional phase unwrapping by least squares (D. C. Ghiglia and L. A. Romero, J. Opt. Soc.
/// Am. A 11, 107 (1994); M. D. Pritt and J. S. Shipman, IEEE Trans. Geosci. Remote Sens. 32, 706
/// (1994)): the unwrapped phase φ is the field whose differences between neighbouring pixels best
/// match the wrapped differences of the measured phase, which makes ∇²φ equal their divergence
/// with Neumann boundaries. It is solved exactly in the cosine basis (`CosineTransform2D`).
///
/// Where the true phase changes by less than π between neighbours, φ is the true phase (up to
/// the constant chosen below). Unlike following a path (along the first column, then along every
/// row), a defect — a vortex of the lock-in phase at an impurity or a step — disturbs φ only
/// near it instead of every pixel after it on the path, and the result does not depend on the
/// image's orientation: transposing the input transposes the output. The constant is the
/// circular mean of the measured phase minus φ, so that φ agrees with the data modulo 2π.
public enum PhaseUnwrapping {
    public static func unwrap(_ phase: Plane) -> Plane {
        let (rows, columns) = (phase.rows, phase.columns)
        guard rows * columns > 1 else { return phase }
        @inline(__always) func wrapped(_ d: Double) -> Double { d - 2 * Double.pi * (d / (2 * Double.pi)).rounded() }
        // The divergence of the wrapped differences (zero across the image's edges); with mirror
        // boundaries the Laplacian is diagonal in the cosine basis.
        let transform = CosineTransform2D(rows: rows, columns: columns)
        let buffer = transform.buffer
        for r in 0..<rows {
            for c in 0..<columns {
                var sum = 0.0
                if c + 1 < columns { sum += wrapped(phase[r, c + 1] - phase[r, c]) }
                if c > 0 { sum -= wrapped(phase[r, c] - phase[r, c - 1]) }
                if r + 1 < rows { sum += wrapped(phase[r + 1, c] - phase[r, c]) }
                if r > 0 { sum -= wrapped(phase[r, c] - phase[r - 1, c]) }
                buffer[r * columns + c] = sum
            }
        }
        transform.forward()
        let norm = 1 / Double(4 * rows * columns)
        for p in 0..<rows {
            let rowPart = 2 * cos(Double.pi * Double(p) / Double(rows)) - 4
            for q in 0..<columns {
                let i = p * columns + q
                buffer[i] = i == 0 ? 0 : buffer[i] * norm / (rowPart + 2 * cos(Double.pi * Double(q) / Double(columns)))
            }
        }
        transform.inverse()
        var (cosine, sine) = (0.0, 0.0)
        for i in buffer.indices {
            cosine += cos(phase.values[i] - buffer[i]); sine += sin(phase.values[i] - buffer[i])
        }
        let offset = atan2(sine, cosine)
        return Plane(rows: rows, columns: columns, values: buffer.map { $0 + offset })
    }
}
