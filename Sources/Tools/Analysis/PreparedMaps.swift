import Foundation
import Formats
import Model
import Preprocess

/// The classifier's input taken from a file: the maps of a preprocessed file (`qpi preprocess`
/// output, `/entry/qmaps`), or those of a raw grid preprocessed here with default options.
struct PreparedMaps {
    /// Maps at `ratios` × Δ in the common frame, `[ratio][pixel]`.
    var maps: [[Float]]
    var ratios: [Double]
    var frame: QFrame
    /// The gap in meV and how it was found (nil when read from a file that does not say).
    var gap: GapEstimate?
    /// The preprocessing steps that made the maps.
    var steps: [ProcessStep]
    /// Format of the input and, for a raw grid, the full preprocessing result.
    var format: String
    var result: PreprocessingResult?

    /// Reads `path`: preprocessed QPIKit HDF5 files are used as they are (unless `forceRaw`), anything
    /// else is preprocessed with `options` (its gap from `options.delta` or the averaged spectrum).
    static func load(_ path: String, options: PreprocessingOptions, forceRaw: Bool = false) throws -> PreparedMaps {
        if !forceRaw, let stored = try storedMaps(path) { return stored }
        let dataset = try DataFormat.read(path: path)
        let result: PreprocessingResult
        do { result = try Preprocessor.run(dataset, topograph: nil, options: options) } catch let failure as Preprocessor.Failure {
            throw FormatError(.invalidRequest, path: path, failure.description)
        }
        return PreparedMaps(maps: result.qmaps, ratios: options.ratios, frame: options.frame, gap: result.gap,
                            steps: result.corrected.metadata.provenance, format: dataset.metadata.source.format, result: result)
    }

    /// The maps of a file written by `qpi preprocess`, or nil for any other file.
    private static func storedMaps(_ path: String) throws -> PreparedMaps? {
        guard path.hasSuffix(".h5") || path.hasSuffix(".hdf5") || path.hasSuffix(".nxs"),
              let file = try? HDF5Arrays(path: path), file.hasDataset("entry/qmaps/qmaps") else { return nil }
        let shape = try file.shape("entry/qmaps/qmaps")
        guard shape.count == 3, shape[1] == shape[2], shape[1] > 1 else {
            throw FormatError(.corrupt, path: path, "/entry/qmaps/qmaps has shape \(shape), not [maps, pixels, pixels]")
        }
        let values = try file.floats("entry/qmaps/qmaps")
        let ratios = try file.doubles("entry/qmaps/energy_over_gap")
        let axis = try file.doubles("entry/qmaps/qx")
        guard ratios.count == shape[0], axis.count == shape[1], let halfWidth = axis.last, halfWidth > 0 else {
            throw FormatError(.corrupt, path: path, "/entry/qmaps axes do not match the maps")
        }
        let m = shape[1] * shape[2]
        let dataset = try DataFormat.read(path: path)
        var gap: GapEstimate?
        if let delta = try file.numberAttribute("delta_meV", of: "entry/qmaps") {
            gap = GapEstimate(delta: delta, method: GapEstimate.Method(rawValue: try file.stringAttribute("gap_method", of: "entry/qmaps")?.first ?? "") ?? .given,
                              peaks: [], dynes: nil)
        }
        return PreparedMaps(maps: (0..<shape[0]).map { Array(values[$0 * m ..< ($0 + 1) * m]) }, ratios: ratios,
                            frame: QFrame(halfWidth: halfWidth, pixels: shape[1]), gap: gap,
                            steps: dataset.metadata.provenance, format: "QPIKit preprocessed HDF5", result: nil)
    }

    /// The maps at the model's energies, or an error naming what does not match.
    func maps(for model: ModelMetadata, path: String) throws -> [[Float]] {
        guard frame.pixels == model.frame.pixels, abs(frame.halfWidth - model.frame.halfWidth) < 1e-6 else {
            throw FormatError(.invalidRequest, path: path, "maps are in a \(frame.pixels)-pixel frame of half width \(frame.halfWidth) |b|; the model needs \(model.frame.pixels) pixels, \(model.frame.halfWidth) |b|")
        }
        return try model.energiesOverGap.map { ratio in
            guard let index = ratios.firstIndex(where: { abs($0 - ratio) < 1e-6 }) else {
                throw FormatError(.invalidRequest, path: path, "no map at ω/Δ = \(ratio) (the model needs \(model.energiesOverGap)); preprocess with the default --ratios")
            }
            return maps[index]
        }
    }
}
