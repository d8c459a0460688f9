import QPICore

/// Every choice of the preprocessing pipeline, with defaults an STM user would pick; stored as
/// JSON with every output.
public struct PreprocessingOptions: Sendable, Equatable, Codable {
    /// How maps are normalised before the FFT.
    public enum Normalization: String, Sendable, Codable, CaseIterable {
        /// Maps as recorded.
        case none
        /// Per-layer mean subtraction.
        case mean
        /// (dI/dV)/(I/V) with broadened I/V.
        case feenstra
        /// Z(r, E) = g(r, +E)/g(r, −E) (needs a symmetric energy list; keeps E > 0).
        case zmap
        /// R(r, E) = I(r, +E)/I(r, −E) from the current channel (keeps E > 0).
        case rmap
    }

    /// The conductance channel (name, dataset name or vendor label); nil picks a lock-in or
    /// dI/dV channel.
    public var channel: String?
    /// The current channel, for Feenstra normalisation and the bias offset.
    public var currentChannel: String?
    public var lattice: LatticeKind = .hexagonal
    /// Lawler–Fujita drift correction on or off.
    public var driftCorrection = true
    /// Lock-in filter width σ in lattice constants.
    public var filterLength = 1.0
    public var normalization: Normalization = .mean
    /// Feenstra broadening ΔV in meV.
    public var feenstraBroadening = 5.0
    /// Correct the bias offset from the zero crossing of the averaged current.
    public var biasOffsetCorrection = false
    /// Calibrate the conductance (lock-in) channel against the numerical dI/dV of the current.
    public var lockInCalibration = false
    /// Mask pixels beyond this many robust standard deviations in the topograph (nil: no mask).
    public var defectThreshold: Double?
    /// The window before the FFT: Tukey with α = 0.5 by default (`Window.standard`).
    public var window: Window = .standard
    /// Radius (Fourier pixels) around q = 0 replaced by the ring just outside it.
    public var dcRadius = 2.0
    public var frame: QFrame = .standard
    public var symmetry: SymmetryGroup = .none
    /// The gap in meV; nil estimates it from the averaged spectrum.
    public var delta: Double?
    /// The ω/Δ values of `/entry/qmaps`.
    public var ratios: [Double] = EnergyAxis.defaultRatios

    public init() {}
}
