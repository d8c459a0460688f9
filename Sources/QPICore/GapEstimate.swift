/// The superconducting gap that is the energy unit of a map stack, and how it was obtained: for a
/// measurement the coherence peaks of the spatially averaged spectrum (with a Dynes fit as a
/// diagnostic where it converges; the estimate itself is in Preprocess), for a simulation its own
/// DOS sampled like a measurement.
public struct GapEstimate: Sendable, Equatable, Codable {
    /// How Δ was obtained.
    public enum Method: String, Sendable, Codable {
        /// The coherence peaks of a measured averaged spectrum.
        case coherencePeaks = "coherence peaks"
        /// A Dynes fit of a measured averaged spectrum: files written before the fit became a
        /// diagnostic only.
        case dynesFit = "Dynes fit"
        /// Given by the user.
        case given = "given"
        /// The coherence peak of the simulated DOS (simulated maps at fixed ω/Δ).
        case simulatedCoherencePeak = "coherence peak of the simulated DOS"
        /// The simulator's pairing amplitude Δ0 (maps of `qpi simulate`, energies over Δ0).
        case pairingAmplitude = "pairing amplitude Δ0"
    }

    /// The gap used downstream, in meV.
    public var delta: Double
    public var method: Method
    /// Positions of the coherence peaks found (meV), at negative and/or positive energy.
    public var peaks: [Double]
    /// Dynes fit parameters when the fit converged: Δ, Γ (meV), scale, background (a diagnostic,
    /// never the unit).
    public var dynes: [Double]?

    public init(delta: Double, method: Method, peaks: [Double] = [], dynes: [Double]? = nil) {
        self.delta = delta
        self.method = method
        self.peaks = peaks
        self.dynes = dynes
    }

    /// A gap given by the user.
    public static func given(_ delta: Double) -> GapEstimate {
        GapEstimate(delta: delta, method: .given, peaks: [], dynes: nil)
    }
}
