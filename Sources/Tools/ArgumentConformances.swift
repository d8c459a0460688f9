import ArgumentParser
import Model
import Preprocess
import QPICore

// The option types of every command, parsed by ArgumentParser so that `--help` lists their
// choices and a wrong value is refused with them.

extension LatticeKind: ExpressibleByArgument {}
extension PreprocessingOptions.Normalization: ExpressibleByArgument {}

extension SymmetryGroup: ExpressibleByArgument {
    public init?(argument: String) { self.init(name: argument) }
}

extension Window: ExpressibleByArgument {
    public init?(argument: String) {
        switch argument {
        case "hann": self = .hann
        case "none": self = .none
        default:
            guard argument.hasPrefix("tukey:"), let alpha = Double(argument.dropFirst(6)), alpha >= 0, alpha <= 1 else { return nil }
            self = .tukey(alpha: alpha)
        }
    }

    public static var allValueStrings: [String] { ["hann", "none", "tukey:ALPHA"] }

    /// The spelling `init(argument:)` reads.
    public var defaultValueDescription: String {
        switch self {
        case .none: "none"
        case .hann: "hann"
        case .tukey(let alpha): "tukey:\(alpha)"
        }
    }
}

extension TrainingMapGenerator.Route: ExpressibleByArgument {}
extension Precision: ExpressibleByArgument {}

extension PairingClass: ExpressibleByArgument {
    public init?(argument: String) { self.init(label: argument) }
    public static var allValueStrings: [String] { allCases.map(\.label) }
}

extension PairingChannel: ExpressibleByArgument {
    public init?(argument: String) { self.init(name: argument) }
    public static var allValueStrings: [String] { allCases.map(\.shortName) }
}
