import Foundation
import QPICore

/// Two-dimensional phase unwrapping by least squares (D. C. Ghiglia and L. A. Romero, J. Opt. Soc.
/// Am. A 11, 107 (1994); M. D. Pritt and J. S. Shipman, IEEE Trans. Geosci. Remote Sens. 32, 706
/// (1994)): the unwrapped phase φ is the field whose differences between neighbouring pixels best
/// match the wrapped differences of the measured phase, which makes ∇²φ equal their divergence
/// with Neumann boundaries. It is solved exactly by FFT on the image mirrored to twice its size.
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
        // The divergence of the wrapped differences (zero across the image's edges).
        var divergence = Plane(rows: rows, columns: columns)
        for r in 0..<rows {
            for c in 0..<columns {
                var sum = 0.0
                if c + 1 < columns { sum += wrapped(phase[r, c + 1] - phase[r, c]) }
                if c > 0 { sum -= wrapped(phase[r, c] - phase[r, c - 1]) }
                if r + 1 < rows { sum += wrapped(phase[r + 1, c] - phase[r, c]) }
                if r > 0 { sum -= wrapped(phase[r, c] - phase[r - 1, c]) }
                divergence.values[r * columns + c] = sum
            }
        }
        // Mirrored to 2 rows × 2 columns, the Neumann problem becomes periodic: the Laplacian's
        // eigenvalue at Fourier index (p, q) is 2 cos(πp/rows) + 2 cos(πq/columns) − 4.
        let (height, width) = (2 * rows, 2 * columns)
        let forward = FFT2D(rows: height, columns: width, direction: .forward)
        let backward = FFT2D(rows: height, columns: width, direction: .backward)
        let a = forward.buffer, b = backward.buffer
        for r in 0..<height {
            let source = r < rows ? r : height - 1 - r
            for c in 0..<width {
                let i = r * width + c
                a[2 * i] = divergence.values[source * columns + (c < columns ? c : width - 1 - c)]
                a[2 * i + 1] = 0
            }
        }
        forward.execute()
        let norm = 1 / Double(height * width)
        for p in 0..<height {
            let rowPart = 2 * cos(Double.pi * Double(p) / Double(rows)) - 4
            for q in 0..<width {
                let i = p * width + q
                let eigenvalue = rowPart + 2 * cos(Double.pi * Double(q) / Double(columns))
                let scale = i == 0 ? 0 : norm / eigenvalue
                b[2 * i] = a[2 * i] * scale
                b[2 * i + 1] = a[2 * i + 1] * scale
            }
        }
        backward.execute()
        var out = Plane(rows: rows, columns: columns)
        var (cosine, sine) = (0.0, 0.0)
        for r in 0..<rows {
            for c in 0..<columns {
                let value = b[2 * (r * width + c)]
                out.values[r * columns + c] = value
                cosine += cos(phase[r, c] - value); sine += sin(phase[r, c] - value)
            }
        }
        let offset = atan2(sine, cosine)
        out.values = out.values.map { $0 + offset }
        return out
    }
}
