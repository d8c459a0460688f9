/// Why a simulation or a training step could not run (the Model module's one error type). Files
/// that cannot be read at all are `FormatError`s of the layer below; these are files and
/// parameters that are readable but do not fit the request.
public enum ModelError: Error, Sendable, CustomStringConvertible, Equatable {
    /// LAPACK did not converge at this many k-points.
    case diagonalisationFailed(points: Int)
    /// The simulation parameters are unusable, in words.
    case invalidParameters([String])
    /// 1 − V g0 is singular at this energy (meV).
    case singularTMatrix(energyMeV: Double)
    /// A training file (data set, checkpoint) that does not fit the request: names it.
    case mismatchedFile(path: String, reason: String)
    /// Training or evaluation was asked for with no data set.
    case noData
    /// A network description that cannot be built (or weights of the wrong shape), in words.
    case invalidNetwork(String)
    /// A model file without the weights of this parameter.
    case missingWeights(String)

    public var description: String {
        switch self {
        case .diagonalisationFailed(let n): return "LAPACK did not converge at \(n) k-points"
        case .invalidParameters(let problems): return problems.joined(separator: "; ")
        case .singularTMatrix(let e): return "1 − V g0 is singular at ω = \(e) meV (choose another V0 or η)"
        case .mismatchedFile(let path, let reason): return "\(path): \(reason)"
        case .noData: return "no data sets given"
        case .invalidNetwork(let what): return "invalid network: \(what)"
        case .missingWeights(let name): return "the model file lacks the weights '\(name)'"
        }
    }
}
