/// Selects or interpolates the layers of a stack of maps at energies given in units of the gap.
public enum EnergyAxis {
    /// The ω/Δ values the classifier expects by default.
    public static let defaultRatios = [-1.2, -0.9, -0.6, -0.3, 0.3, 0.6, 0.9, 1.2]

    /// Maps at ω = ratio × Δ (meV), linearly interpolated between the two nearest layers;
    /// throws when a requested energy lies outside the recorded range.
    public static func resample(maps: [[Float]], energies: [Double], delta: Double, ratios: [Double]) throws -> [[Float]] {
        let order = energies.indices.sorted { energies[$0] < energies[$1] }
        let sorted = order.map { energies[$0] }
        return try ratios.map { ratio in
            let target = ratio * delta
            guard let first = sorted.first, let last = sorted.last, target >= first - 1e-9, target <= last + 1e-9 else {
                throw PreprocessError("ω/Δ = \(ratio) needs \(target) meV, outside the recorded \(sorted.first ?? 0)…\(sorted.last ?? 0) meV")
            }
            let upper = sorted.firstIndex { $0 >= target - 1e-9 } ?? sorted.count - 1
            let lower = max(upper - 1, 0)
            let span = sorted[upper] - sorted[lower]
            let t = span > 0 ? Float((target - sorted[lower]) / span) : 0
            let (a, b) = (maps[order[lower]], maps[order[upper]])
            return zip(a, b).map { (1 - t) * $0 + t * $1 }
        }
    }

    /// The largest gap Δ (meV) for which every ω = ratio × Δ lies within the recorded `energies`
    /// (∞ when no ratio is non-zero): the gap estimate looks for coherence peaks only up to it, so
    /// a peak at the edge of a sweep cannot ask for maps the grid does not have.
    public static func largestGap(energies: [Double], ratios: [Double]) -> Double {
        guard let low = energies.min(), let high = energies.max() else { return .infinity }
        return ratios.reduce(Double.infinity) { bound, ratio in
            ratio > 0 ? min(bound, high / ratio) : ratio < 0 ? min(bound, low / ratio) : bound
        }
    }
}
