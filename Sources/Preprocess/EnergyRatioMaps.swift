/// Z and R maps: ratios of maps at +E and −E, which cancel the set-point effect (J. Lee et al.,
/// Science 325, 1099 (2009); Y. Kohsaka et al., Science 315, 1380 (2007)).
public enum EnergyRatioMaps {
    /// For every E > 0 whose −E is also recorded (within `tolerance` meV), f(r, +E)/f(r, −E).
    /// Use the conductance for Z maps and the current for R maps. Energies of the result: the +E.
    public static func ratio(_ stack: SpectralStack, tolerance: Double = 1e-6) -> SpectralStack {
        let n = stack.pixelCount
        var energies: [Double] = [], values: [Double] = []
        for (k, e) in stack.energies.enumerated() where e > 0 {
            guard let m = stack.energies.firstIndex(where: { abs($0 + e) <= tolerance }) else { continue }
            energies.append(e)
            for p in 0..<n { values.append(stack.values[k * n + p] / stack.values[m * n + p]) }
        }
        return SpectralStack(energies: energies, rows: stack.rows, columns: stack.columns, values: values)
    }
}
