import Formats
import Model
import Preprocess
import QPICore

/// The classifier's input taken from a file: the unsymmetrised maps of a preprocessed file
/// (`qpi preprocess` output), or those of a raw grid preprocessed here, at the model's ω/Δ and in
/// its frame.
public struct PreparedMaps {
    /// The maps at the model's ω/Δ, unsymmetrised, with their gap and provenance.
    public var stack: QMapStack
    /// Format of the input.
    public var format: String
    /// For a raw grid, the preprocessing result (without the corrected grid's values, which
    /// the analysis does not need: `PreprocessingResult.releasingGridValues`).
    public var result: PreprocessingResult?
    /// For a raw grid, the same maps with the gap scaled by each of `gapFactors` where the sweep
    /// reaches them (the gap-sensitivity screening).
    public var gapVariants: [(factor: Double, stack: QMapStack)] = []

    /// The factors on the estimated gap of the gap-sensitivity screening.
    public static let gapFactors = [0.85, 1.15]

    /// Reads `path` for `model`: a preprocessed QPIKit file is used as it is (unless `forceRaw`),
    /// anything else is preprocessed as `request` says, with the model's ω/Δ and frame.
    public static func load(_ path: String, request: AnalysisRequest, model: ModelMetadata, forceRaw: Bool = false) throws -> PreparedMaps {
        if !forceRaw, let stored = try QMapStack.readPreprocessed(path: path) {
            if let gap = request.preprocessing.delta, abs(gap - (stored.gap?.delta ?? .nan)) > 1e-9 {
                throw AnalysisError(path: path, String(
                    format: "the maps of a preprocessed file are at the gap it was preprocessed with (Δ = %.4g meV, %@); to use --gap %.4g, preprocess again with it or classify the raw grid",
                    stored.gap?.delta ?? .nan, stored.gap?.method.rawValue ?? "unknown", gap))
            }
            return PreparedMaps(stack: try select(stored, for: model, path: path), format: "QPIKit preprocessed HDF5", result: nil)
        }
        let dataset = try DataFormat.read(path: path, options: request.readOptions)
        var options = request.preprocessing
        options.ratios = model.ratios
        options.frame = model.frame
        let topograph = try request.topographPath.map(Topograph.read(path:))
        let format = dataset.metadata.source.format
        let result: PreprocessingResult
        do { result = try Preprocessor.run(consume dataset, topograph: topograph, options: options) } catch let failure as PreprocessError {
            throw failure.naming(path)
        }
        var prepared = PreparedMaps(stack: try select(result.maps, for: model, path: path), format: format, result: result.releasingGridValues())
        prepared.gapVariants = gapFactors.compactMap { factor in
            let delta = result.gap.delta * factor
            guard let maps = try? EnergyAxis.resample(maps: result.layerMaps, energies: result.energies, delta: delta, ratios: model.ratios)
            else { return nil }
            return (factor, QMapStack(maps: maps, frame: model.frame, ratios: model.ratios, gap: GapEstimate(delta: delta, method: .given),
                                      provenance: result.maps.provenance))
        }
        return prepared
    }

    /// The stack's maps at the model's ω/Δ and frame, or an error naming the file and the mismatch.
    static func select(_ stack: QMapStack, for model: ModelMetadata, path: String) throws -> QMapStack {
        do { return try stack.selecting(ratios: model.ratios, frame: model.frame) } catch let mismatch as MapStackError {
            throw AnalysisError(path: path, "\(mismatch.description) by the model; preprocess with the default --ratios and frame")
        }
    }
}
