/// Calibrates a lock-in channel against the numerical derivative of the current: the scale s and
/// offset o minimising Σ (dI/dV − (s·L + o))² over every pixel and interior energy, with dI/dV
/// from central differences of I over the bias.
public enum LockInCalibration {
    /// (scale, offset); the scale converts lock-in units to current units per meV.
    public static func fit(lockIn: SpectralStack, current: SpectralStack) -> (scale: Double, offset: Double)? {
        let e = current.energies, n = current.pixelCount
        guard e.count >= 3, lockIn.energies == e else { return nil }
        var (sx, sy, sxx, sxy, count) = (0.0, 0.0, 0.0, 0.0, 0.0)
        for k in 1 ..< e.count - 1 {
            let de = e[k + 1] - e[k - 1]
            guard de != 0 else { continue }
            for p in 0..<n {
                let y = (current.values[(k + 1) * n + p] - current.values[(k - 1) * n + p]) / de
                let x = lockIn.values[k * n + p]
                sx += x; sy += y; sxx += x * x; sxy += x * y; count += 1
            }
        }
        let det = count * sxx - sx * sx
        guard count > 1, det != 0 else { return nil }
        let scale = (count * sxy - sx * sy) / det
        return (scale, (sy - scale * sx) / count)
    }

    /// The calibrated stack s·L + o.
    public static func apply(_ lockIn: SpectralStack, scale: Double, offset: Double) -> SpectralStack {
        var out = lockIn
        out.values = lockIn.values.map { scale * $0 + offset }
        return out
    }
}
