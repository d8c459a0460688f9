import QPICore

extension QMapStack {
    /// Each map minus `model`'s map at the same ω/Δ scaled by least squares (s = Σ m·f / Σ f²,
    /// one scale per map: measured and simulated |FFT| have unrelated units): what the fitted
    /// simulation leaves unexplained. The maps must share the frame and ratios.
    public func residual(from model: QMapStack) -> QMapStack {
        var out = self
        out.maps = zip(maps, model.maps).map { measured, simulated in
            var (cross, norm) = (0.0, 0.0)
            for (m, f) in zip(measured, simulated) { cross += Double(m) * Double(f); norm += Double(f) * Double(f) }
            let scale = norm > 0 ? Float(cross / norm) : 0
            return zip(measured, simulated).map { $0 - scale * $1 }
        }
        return out
    }
}
