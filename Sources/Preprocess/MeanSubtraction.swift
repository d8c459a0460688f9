/// Per-layer mean subtraction: g(r, E) − ⟨g(E)⟩_r, removing the set-point (q = 0) background of
/// every map.
public enum MeanSubtraction {
    public static func apply(_ stack: SpectralStack) -> SpectralStack {
        var out = stack
        let n = stack.pixelCount
        for (k, mean) in stack.averageSpectrum.enumerated() {
            for i in k * n ..< (k + 1) * n { out.values[i] -= mean }
        }
        return out
    }
}
