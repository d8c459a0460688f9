import Formats
import QPICore

/// Everything the pipeline produces: the corrected grid, the maps in the common frame, and the
/// diagnostics that make each step visible.
public struct PreprocessingResult: Sendable {
    /// The drift-corrected grid, with one provenance step per operation (its channels' values
    /// are empty after `releasingGridValues()`).
    public var corrected: Dataset
    /// The name of the conductance channel used for the maps.
    public var channel: String
    /// The lattice: Bragg peaks, constant and angle, drift correction, the corrected topograph.
    public var lattice: LatticeCorrection
    /// Layer energies (meV) and the spatially averaged spectrum.
    public var energies: [Double]
    public var averageSpectrum: [Double]
    /// The standard uncertainty of the averaged spectrum (`SpectralStack.averageSpectrumUncertainty`),
    /// nil for grids under 16 × 16 pixels.
    public var averageSpectrumUncertainty: Double?
    /// The averaged spectrum away from impurities (`CleanSpectrum`), from the same values as
    /// `averageSpectrum`: what the refinement fits.
    public var cleanSpectrum: CleanSpectrum
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

    /// The same result without the corrected grid's values (axes, channel names and units,
    /// metadata and provenance kept): for callers that need only the maps and diagnostics, so
    /// that the grid is not held through their later stages.
    public func releasingGridValues() -> PreprocessingResult {
        var out = self
        for c in out.corrected.channels.indices { out.corrected.channels[c].data = [] }
        return out
    }

    /// The gap that is the maps' energy unit.
    public var gap: GapEstimate { maps.gap! }

    // The lattice's fields, as the report reads them.
    public var topograph: Plane { lattice.topograph }
    public var topographSource: String { lattice.topographSource }
    public var braggPeaks: [BraggPeak] { lattice.braggPeaks }
    public var latticeConstant: Double { lattice.latticeConstant }
    public var latticeAngle: Double { lattice.latticeAngle }
    public var drift: LawlerFujita.Result? { lattice.drift }
}
