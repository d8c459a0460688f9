import Foundation

/// The classes the classifier tells apart: sets of pairing states whose scalar-impurity QPI
/// maps differ. At αR = 0 the unitary in-plane triplets A1″, A2″ and every real E″ combination
/// give identical |δρ(q)| (docs/physics.md §3, proved in MapSymmetryTests), so they form one class;
/// the non-unitary E″ combinations differ from them and form another.
public enum PairingClass: Int, CaseIterable, Codable, Sendable {
    case a1Prime, a2Prime, ePrime, unitaryInPlaneTriplet, nonUnitaryEDoublePrime

    /// The label used in model files, JSON summaries and reports.
    public var label: String {
        switch self {
        case .a1Prime: "A1'"
        case .a2Prime: "A2'"
        case .ePrime: "E'"
        case .unitaryInPlaneTriplet: "A1''+A2''+E''"
        case .nonUnitaryEDoublePrime: "E''(non-unitary)"
        }
    }

    /// The channels whose states may belong to the class.
    public var members: [PairingChannel] {
        switch self {
        case .a1Prime: [.a1Prime]
        case .a2Prime: [.a2Prime]
        case .ePrime: [.ePrime]
        case .unitaryInPlaneTriplet: [.a1DoublePrime, .a2DoublePrime, .eDoublePrime]
        case .nonUnitaryEDoublePrime: [.eDoublePrime]
        }
    }

    /// The class of a pairing state (E″ is non-unitary when its partners combine with a
    /// relative phase other than 0 or π).
    public init(_ state: PairingState) {
        switch state.channel {
        case .a1Prime: self = .a1Prime
        case .a2Prime: self = .a2Prime
        case .ePrime: self = .ePrime
        case .a1DoublePrime, .a2DoublePrime: self = .unitaryInPlaneTriplet
        case .eDoublePrime:
            switch state.combination {
            case .nematic: self = .unitaryInPlaneTriplet
            case .chiral: self = .nonUnitaryEDoublePrime
            case .general(let angle, let phase):
                let mixed = abs(sin(2 * angle)) > 1e-9 && abs(sin(phase)) > 1e-9
                self = mixed ? .nonUnitaryEDoublePrime : .unitaryInPlaneTriplet
            }
        }
    }

    /// The class with `label`, if any.
    public init?(label: String) {
        guard let match = Self.allCases.first(where: { $0.label == label }) else { return nil }
        self = match
    }
}
