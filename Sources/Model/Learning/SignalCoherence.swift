import QPICore

/// How much a map stack looks like quasiparticle interference rather than noise: the mean
/// correlation between the classifier's normalised inputs (`ClassifierInput`) at neighbouring ω/Δ,
/// over the unmasked pixels with |q| < `innerRadius`. QPI maps at nearby energies share their
/// scattering pattern (the same impurities and Fermi surface), so the score is high; the |FFT| of
/// noise is independent from layer to layer, so it is near 0. Pixels near the Bragg peaks are left
/// out because an atomic lattice leaks the same pattern into every layer there. A model-independent
/// screen of the input; docs/model-card.md gives its distribution.
public enum SignalCoherence {
    /// Only pixels inside this radius (units of |b|; the Bragg peaks sit at 1) are compared.
    public static let innerRadius = 0.8

    /// The score of `stack` (−1…1; 0 for fewer than two layers or constant layers).
    public static func score(_ stack: QMapStack) -> Double {
        let used = ClassifierInput.usedPixels(stack.frame)
        let (n, axis) = (stack.frame.pixels, stack.frame.axis)
        let input = ClassifierInput.normalise(stack.maps, frame: stack.frame, used: used)
        let layers = (0..<stack.maps.count).map { Array(input[$0 * n * n ..< ($0 + 1) * n * n]) }
        guard layers.count >= 2 else { return 0 }
        let pixels = used.indices.filter { index in
            let (x, y) = (axis[index % n], axis[index / n])
            return used[index] && x * x + y * y < innerRadius * innerRadius
        }
        func correlation(_ a: [Float], _ b: [Float]) -> Double {
            var (ab, aa, bb) = (0.0, 0.0, 0.0)
            for i in pixels {
                let (u, v) = (Double(a[i]), Double(b[i]))
                ab += u * v; aa += u * u; bb += v * v
            }
            return aa > 0 && bb > 0 ? ab / (aa * bb).squareRoot() : 0
        }
        let pairs = zip(layers, layers.dropFirst()).map(correlation)
        return pairs.reduce(0, +) / Double(pairs.count)
    }
}
