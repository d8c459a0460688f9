import QPICore

/// 2-D discrete Fourier transforms of planes through FFTW, with the index conventions the
/// preprocessing uses: frequency index (ky, kx) ↔ wave vector q = 2π (kx/columns, ky/rows) in
/// radians per pixel, with indices above half the size standing for negative frequencies.
public enum Fourier {
    /// The complex spectrum F(k) = Σ_r f(r) e^{−i q·r} of a real plane, interleaved (re, im).
    public static func forward(_ plane: Plane) -> [Double] {
        let fft = FFT2D(rows: plane.rows, columns: plane.columns, direction: .forward, rigor: .estimate)
        let buffer = fft.buffer
        for i in 0..<plane.values.count { buffer[2 * i] = plane.values[i]; buffer[2 * i + 1] = 0 }
        fft.execute()
        return Array(buffer)
    }

    /// |F(k)| of a real plane.
    public static func magnitude(_ plane: Plane) -> Plane {
        let spectrum = forward(plane)
        let values = (0 ..< plane.values.count).map { i -> Double in
            let (re, im) = (spectrum[2 * i], spectrum[2 * i + 1])
            return (re * re + im * im).squareRoot()
        }
        return Plane(rows: plane.rows, columns: plane.columns, values: values)
    }

    /// The signed Fourier index (ky, kx) nearest to the wave vector `q` (radians per pixel) on a
    /// `rows` × `columns` transform.
    public static func nearestIndex(_ q: SIMD2<Double>, rows: Int, columns: Int) -> (ky: Int, kx: Int) {
        (Int((q.y * Double(rows) / (2 * Double.pi)).rounded()), Int((q.x * Double(columns) / (2 * Double.pi)).rounded()))
    }

    /// The signed frequency of index `k` on an axis of `n` points (k or k − n).
    @inline(__always)
    public static func signedIndex(_ k: Int, _ n: Int) -> Int { k <= n / 2 ? k : k - n }
}
