import Formats
import QPICore

/// Everything the pipeline produces: the corrected grid, the maps in the common frame, and the
/// diagnostics that make each step visible.
public struct PreprocessingResult: Sendable {
    /// The drift-corrected (and normalised) grid, with one provenance step per operation.
    public var corrected: Dataset
    /// The name of the conductance channel used for the maps.
    public var channel: String
    /// The topograph after correction, and where it came from.
    public var topograph: Plane
    public var topographSource: String
    /// Bragg peaks measured on the topograph (radians per pixel) and the commensurate ones.
    public var braggPeaks: [BraggPeak]
    public var commensuratePeaks: [BraggPeak]
    /// Lattice constant (m) and the angle between the two real-space lattice vectors (degrees;
    /// 60° for an undistorted hexagonal lattice, 90° for a square one: the difference is the shear).
    public var latticeConstant: Double
    public var latticeAngle: Double
    /// Drift diagnostics (nil when drift correction was off).
    public var drift: LawlerFujita.Result?
    /// Fraction of power on the Bragg pixel (Hann-windowed, 0.44 when perfectly sharp) before and
    /// after correction, per peak.
    public var sharpnessBefore: [Double]
    public var sharpnessAfter: [Double]
    /// Layer energies (meV) and the spatially averaged spectrum.
    public var energies: [Double]
    public var averageSpectrum: [Double]
    /// Every layer's map in the frame (unsymmetrised), at `energies`.
    public var layerMaps: [[Float]]
    /// The maps at `options.ratios` × Δ, unsymmetrised, with the gap and every step that made them.
    public var maps: QMapStack
    /// The same maps symmetrised with `options.symmetry`, and the number of symmetry images
    /// averaged per pixel.
    public var symmetrised: QMapStack
    public var counts: [[Float]]
    public var defectMask: [Bool]?
    public var options: PreprocessingOptions

    /// The gap that is the maps' energy unit.
    public var gap: GapEstimate { maps.gap! }
}
