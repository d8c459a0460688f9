import Foundation
import Formats
import QPICore

/// The part of preprocessing that grids and single images share: the Bragg peaks of the
/// topograph, the lattice constant and angle, and the Lawler–Fujita drift correction measured on
/// the topograph and applied to it and to every channel.
public struct LatticeCorrection: Sendable {
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

    /// Measures the lattice of `raw` (the topograph of `dataset`, from `source`) and, when
    /// `options.driftCorrection` is on, corrects it and every channel of `dataset` in place; each
    /// step is passed to `record`. Returns the correction.
    static func measure(_ dataset: inout Dataset, topograph raw: Plane, source: String, options: PreprocessingOptions,
                        record: (String, [String: ProcessStep.Value]) -> Void) throws -> LatticeCorrection {
        let (rows, columns) = (dataset.y.count, dataset.x.count)
        let peaks: [BraggPeak]
        do { peaks = try BraggPeakFinder.find(in: raw, lattice: options.lattice) } catch let failure as PreprocessError {
            throw PreprocessError("Bragg peaks of the topograph (\(source)): \(failure.reason)")
        }
        let pixel = dataset.x.uniformStep ?? 1
        let (constant, angle) = Preprocessor.realSpaceLattice(peaks, lattice: options.lattice, pixel: pixel)
        record("bragg-peaks", ["topograph": .string(source), "lattice": .string(options.lattice.rawValue),
                               "peaks_rad_per_pixel": .list(peaks.map { .numbers([$0.qx, $0.qy]) }),
                               "lattice_constant_m": .number(constant), "lattice_angle_deg": .number(angle)])
        var drift: LawlerFujita.Result?
        var topograph = raw
        var mapPeaks = peaks
        if options.driftCorrection {
            let filter = options.filterLength * constant / pixel
            let result = LawlerFujita.measure(topograph: raw, peaks: peaks, filterLength: filter)
            for c in dataset.channels.indices { result.field.apply(toLayers: &dataset.channels[c].data, rows: rows, columns: columns) }
            topograph = result.field.apply(to: raw)
            drift = result
            mapPeaks = result.commensurate
            record("drift-correction", ["method": "Lawler-Fujita", "filter_length_pixels": .number(filter),
                                        "filter_length_lattice_constants": .number(options.filterLength),
                                        "commensurate_peaks": .list(result.commensurate.map { .numbers([$0.qx, $0.qy]) })])
        }
        return LatticeCorrection(
            topograph: topograph, topographSource: source, braggPeaks: peaks, commensuratePeaks: mapPeaks,
            latticeConstant: constant, latticeAngle: angle, drift: drift,
            sharpnessBefore: Preprocessor.sharpness(raw, at: mapPeaks), sharpnessAfter: Preprocessor.sharpness(topograph, at: mapPeaks))
    }

    /// Writes the lattice diagnostics into the group `group` (created here with `attributes`
    /// added): Bragg peaks, lattice constant and angle, sharpness, the corrected topograph, and
    /// the drift field, phases and amplitudes.
    func writeDiagnostics(into file: HDF5Document, group d: String, attributes: [String: HDF5Document.Attribute] = [:]) throws {
        let (rows, columns) = (topograph.rows, topograph.columns)
        try file.group(d, attributes: [
            "NX_class": .string("NXcollection"), "topograph_source": .string(topographSource),
            "lattice_constant_m": .number(latticeConstant), "lattice_angle_deg": .number(latticeAngle),
        ].merging(attributes) { own, _ in own })
        try file.dataset("\(d)/bragg_peaks", braggPeaks.flatMap { [$0.qx, $0.qy] }, dims: [braggPeaks.count, 2],
                         attributes: ["units": .string("rad/pixel"), "long_name": .string("measured Bragg peaks (qx, qy)")])
        try file.dataset("\(d)/commensurate_peaks", commensuratePeaks.flatMap { [$0.qx, $0.qy] }, dims: [commensuratePeaks.count, 2],
                         attributes: ["units": .string("rad/pixel")])
        try file.dataset("\(d)/sharpness_before", sharpnessBefore, dims: [sharpnessBefore.count])
        try file.dataset("\(d)/sharpness_after", sharpnessAfter, dims: [sharpnessAfter.count])
        try file.dataset("\(d)/topograph", topograph.values, dims: [rows, columns])
        if let drift {
            try file.dataset("\(d)/displacement_x", drift.field.ux.values, dims: [rows, columns], attributes: ["units": .string("pixel")])
            try file.dataset("\(d)/displacement_y", drift.field.uy.values, dims: [rows, columns], attributes: ["units": .string("pixel")])
            try file.dataset("\(d)/phases", drift.phases.flatMap(\.values), dims: [drift.phases.count, rows, columns], attributes: ["units": .string("rad")])
            try file.dataset("\(d)/amplitudes", drift.amplitudes.flatMap(\.values), dims: [drift.amplitudes.count, rows, columns])
        }
    }
}
