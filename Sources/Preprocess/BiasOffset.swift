/// The bias offset of a measurement: the bias where the spatially averaged I(V) crosses zero,
/// by linear interpolation between the bracketing samples (nil when it never changes sign).
public enum BiasOffset {
    public static func estimate(current: SpectralStack) -> Double? {
        let spectrum = current.averageSpectrum, energies = current.energies
        let order = energies.indices.sorted { energies[$0] < energies[$1] }
        for (a, b) in zip(order, order.dropFirst()) where spectrum[a] == 0 || spectrum[a] * spectrum[b] < 0 {
            if spectrum[a] == 0 { return energies[a] }
            return energies[a] - spectrum[a] * (energies[b] - energies[a]) / (spectrum[b] - spectrum[a])
        }
        return nil
    }

    /// The stack with its energies shifted so that the offset sits at zero.
    public static func corrected(_ stack: SpectralStack, offset: Double) -> SpectralStack {
        var out = stack
        out.energies = stack.energies.map { $0 - offset }
        return out
    }
}
