import Formats
import Model
import Preprocess

/// What an analysis of a lab file needs besides the file: how to read and preprocess it, which
/// classifier to use, and which pairing channel to simulate beside it.
public struct AnalysisRequest: Sendable {
    /// What the user told the readers (energies, pixel size, units of files that do not say).
    public var readOptions = ReadOptions()
    /// A topograph file on the grid's pixels (nil: the grid's own height channel or layer average).
    public var topographPath: String?
    /// The preprocessing choices; their ω/Δ and frame are replaced by the model's. `gap` (meV)
    /// fixes the energy unit instead of the estimate from the averaged spectrum.
    public var preprocessing = PreprocessingOptions()
    /// The model file (nil: the model bundled with QPIKit).
    public var modelPath: String?
    /// The channel to simulate beside the measurement (nil: the predicted class's representative).
    public var pairingChannel: PairingChannel?

    public init() {}
}
