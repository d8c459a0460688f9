import Foundation

/// Feenstra normalisation (dI/dV)/(I/V) with broadened I/V (R. M. Feenstra, Phys. Rev. B 50,
/// 4561 (1994)): \overline{I/V}(V) = Σ_V' (I/V')(V') e^{−|V−V'|/ΔV} / Σ_V' e^{−|V−V'|/ΔV}, summed
/// over the recorded biases with |V'| > 1 µV, so the ratio stays finite through V = 0.
public enum FeenstraNormalization {
    /// `conductance` / broadened(`current` / V) at every pixel; energies in meV, `broadening` ΔV in meV.
    public static func apply(conductance: SpectralStack, current: SpectralStack, broadening: Double) -> SpectralStack {
        precondition(conductance.energies == current.energies && conductance.values.count == current.values.count)
        let energies = conductance.energies, n = conductance.pixelCount
        let usable = energies.indices.filter { abs(energies[$0]) > 1e-3 }
        var out = conductance
        for k in energies.indices {
            let weights = usable.map { exp(-abs(energies[k] - energies[$0]) / broadening) }
            let total = weights.reduce(0, +)
            for p in 0..<n {
                var broadened = 0.0
                for (j, w) in zip(usable, weights) { broadened += w * current.values[j * n + p] / energies[j] }
                out.values[k * n + p] = conductance.values[k * n + p] / (broadened / total)
            }
        }
        return out
    }
}
