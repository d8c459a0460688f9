import ArgumentParser
import Formats
import Model
import Preprocess
import QPICore

/// The preprocessing choices that `preprocess`, `classify` and `analyze` share: which channel
/// and topograph, lattice, drift correction, normalisation, window, and the gap.
struct PreprocessingOptionGroup: ParsableArguments {
    @Option(help: "Conductance channel (default: a lock-in or dI/dV channel).")
    var channel: String?
    @Option(name: .customLong("current-channel"), help: "Current channel for Feenstra normalisation, the bias offset and lock-in calibration.")
    var currentChannel: String?
    @Option(help: "Topograph file on the same pixel grid (default: the grid's own height channel, else its layer average).")
    var topograph: String?
    @Option(help: "Bravais lattice of the Bragg peaks.")
    var lattice: LatticeKind = .hexagonal
    @Flag(name: .customLong("no-drift"), help: "Skip the Lawler–Fujita drift correction.")
    var noDrift = false
    @Option(name: .customLong("filter-length"), help: "Lock-in filter width of the drift correction, in lattice constants.")
    var filterLength: Double = 1.0
    @Option(help: "Normalisation: none, mean, feenstra, zmap (g(+E)/g(−E)) or rmap (I(+E)/I(−E)).")
    var normalize: PreprocessingOptions.Normalization = .mean
    @Option(name: .customLong("feenstra-broadening"), help: "Feenstra broadening ΔV in meV.")
    var feenstraBroadening: Double = 5
    @Flag(name: .customLong("bias-offset"), help: "Correct the bias offset from the averaged current.")
    var biasOffset = false
    @Flag(name: .customLong("calibrate-lockin"), help: "Calibrate the lock-in channel against the numerical dI/dV of the current.")
    var calibrateLockIn = false
    @Option(name: .customLong("mask-defects"), help: "Mask topograph outliers beyond this many robust σ.")
    var maskDefects: Double?
    @Option(help: "Window before the FFT: hann, none, or tukey:ALPHA (the taper fraction).")
    var window: Window = .standard
    @Option(help: "The measured gap Δ in meV, the energy unit of the maps (default: the coherence peaks of the averaged spectrum).")
    var gap: Double?
    @Option(name: .customLong("delta"), help: .hidden)
    var deprecatedDelta: Double?
    @OptionGroup var inputOptions: InputOptions

    func validate() throws {
        if deprecatedDelta != nil { Deprecation.warn("--delta", use: "--gap") }
        if gap != nil && deprecatedDelta != nil { throw ValidationError("give --gap only (--delta is its deprecated spelling)") }
        if let gapMeV, !(gapMeV > 0) { throw ValidationError("--gap must be positive (meV)") }
        guard filterLength > 0 else { throw ValidationError("--filter-length must be positive") }
    }

    /// The gap in meV, under either spelling.
    var gapMeV: Double? { gap ?? deprecatedDelta }

    /// The preprocessing options these flags describe (frame, ratios and symmetrisation default).
    var options: PreprocessingOptions {
        var o = PreprocessingOptions()
        o.channel = channel
        o.currentChannel = currentChannel
        o.lattice = lattice
        o.driftCorrection = !noDrift
        o.filterLength = filterLength
        o.normalization = normalize
        o.feenstraBroadening = feenstraBroadening
        o.biasOffsetCorrection = biasOffset
        o.lockInCalibration = calibrateLockIn
        o.defectThreshold = maskDefects
        o.window = window
        o.delta = gapMeV
        return o
    }
}
