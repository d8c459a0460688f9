import Foundation
import Formats
import QPICore

/// Preprocessing of a single image (a topograph with its simultaneous channels, e.g. an `.sxm`):
/// the Bragg peaks, the lattice constant and angle, the Lawler–Fujita drift correction of every
/// channel, and the corrected topograph's Fourier amplitude — what a user otherwise does by hand
/// in Gwyddion before comparing images or making a map series.
public enum ImagePreprocessor {
    /// Runs on `image` (no sweep); the topograph is the channel `options.channel`, else the
    /// forward `Z` channel, else the first channel.
    public static func run(_ image: Dataset, options: PreprocessingOptions = PreprocessingOptions()) throws -> ImagePreprocessingResult {
        guard image.sweep == nil else { throw PreprocessError("this is a spectral grid; preprocess it as one") }
        guard image.y.count >= 16, image.x.count >= 16 else {
            throw PreprocessError("a \(image.x.count) × \(image.y.count) image is too small for Bragg peaks")
        }
        let channel: Channel
        if let name = options.channel {
            guard let named = image.channel(named: name) else {
                throw PreprocessError("no channel '\(name)'; the image has \(image.channels.map(\.datasetName).joined(separator: ", "))")
            }
            channel = named
        } else {
            guard let height = image.heightChannel else { throw PreprocessError("the image has no channels") }
            channel = height
        }
        let raw = Plane(rows: image.y.count, columns: image.x.count, values: channel.data.map(Double.init))
        var steps: [ProcessStep] = []
        var output = image
        let lattice = try LatticeCorrection.measure(&output, topograph: raw, source: "channel \(channel.datasetName)",
                                                    options: options) { step, parameters in
            steps.append(ProcessStep(step: step, parameters: parameters))
        }
        output.metadata.provenance += steps
        let fourier = Fourier.magnitude(Window.hann.apply(to: lattice.topograph.subtractingMean()))
        let superstructure = SuperstructurePeaks.find(in: fourier, bragg: lattice.commensuratePeaks)
        return ImagePreprocessingResult(corrected: output, lattice: lattice, fourier: fourier, superstructure: superstructure, options: options)
    }
}

/// What `ImagePreprocessor` produces: the corrected image, its lattice, the Fourier amplitude of
/// the corrected topograph and its superstructure peaks.
public struct ImagePreprocessingResult: Sendable {
    /// Every channel drift-corrected, with the steps in its provenance.
    public var corrected: Dataset
    public var lattice: LatticeCorrection
    /// |FFT| of the corrected topograph (Hann window, mean removed), frequency index (ky, kx) as
    /// in `Fourier`.
    public var fourier: Plane
    /// Peaks at fractional positions of the atomic lattice (a charge-density wave), if any.
    public var superstructure: SuperstructurePeaks
    public var options: PreprocessingOptions

    /// Writes the corrected image in QPIKit's layout with `/entry/diagnostics` (the lattice, as
    /// for grids), `/entry/diagnostics/fourier_magnitude` and the superstructure peaks
    /// (`superstructure_peaks`, `superstructure_hk` and the attribute `superstructure_period`,
    /// 0 for none).
    public func writeHDF5(to path: String) throws {
        try HDF5Document.write(to: path) { file in
            try file.write(corrected)
            try lattice.writeDiagnostics(into: file, group: "entry/diagnostics", attributes: [
                "options_json": .string((try? JSONCoding.encode(options)) ?? "{}"),
                "superstructure_period": .number(Double(superstructure.period ?? 0)),
            ])
            let peaks = superstructure.peaks
            try file.dataset("entry/diagnostics/superstructure_peaks", peaks.flatMap { [$0.q.x, $0.q.y] }, dims: [peaks.count, 2],
                             attributes: ["units": .string("rad/pixel"), "long_name": .string("superstructure peaks (qx, qy), strongest first")])
            try file.dataset("entry/diagnostics/superstructure_hk", peaks.flatMap { [$0.h, $0.k] }, dims: [peaks.count, 2],
                             attributes: ["long_name": .string("superstructure peaks in the basis of the first two Bragg peaks")])
            try file.dataset("entry/diagnostics/fourier_magnitude", fourier.values, dims: [fourier.rows, fourier.columns],
                             attributes: ["long_name": .string("|FFT| of the corrected topograph (Hann window), index (ky, kx)")])
        }
    }
}
