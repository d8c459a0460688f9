import Foundation

/// How the A2′ singlet harmonic (the i-wave) was normalised when a data set's χ labels were made,
/// and so in which convention a model trained on them estimates A2′'s χ (docs/pairing.md). The
/// two conventions describe the same family of states, with tan χ_shellSum = M tan χ_unitMaximum
/// (M = 1.288, the bare harmonic's maximum over the Brillouin zone).
public enum IWaveNormalisation: String, Codable, Sendable {
    /// The bare (1/3)-sum over the √7 shell, maximum M: data sets and models made before the
    /// i-wave was normalised (recipes without this field).
    case shellSum = "shell sum"
    /// Divided by M, maximum 1, like gI and fB: the simulator's convention.
    case unitMaximum = "unit maximum"

    /// A mixing angle χ (rad) of a state of `pairingClass`, estimated in this convention,
    /// expressed in `target`, the state being the same. Only A2′'s χ depends on the i-wave: from
    /// `.shellSum` to `.unitMaximum` χ = atan2(sin χ′, M cos χ′), and the inverse (monotone, odd
    /// and exact); every other class's χ is returned as it is.
    public func mixAngle(_ chi: Double, of pairingClass: PairingClass?, in target: IWaveNormalisation) -> Double {
        guard pairingClass == .a2Prime else { return chi }
        let m = LatticeHarmonics.iWaveMaximum
        switch (self, target) {
        case (.shellSum, .unitMaximum): return atan2(sin(chi), m * cos(chi))
        case (.unitMaximum, .shellSum): return atan2(m * sin(chi), cos(chi))
        default: return chi
        }
    }
}
