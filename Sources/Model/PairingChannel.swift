import Foundation

/// The pairing channels of monolayer NbSe2, labelled by the irreducible representations of D3h.
public enum PairingChannel: String, Sendable, Codable, CaseIterable {
    /// A1′: Ising s-wave singlet + f-wave triplet along the Ising field (d ∥ ẑ).
    case a1Prime = "A1'"
    /// A2′: i-wave singlet + fB-wave triplet (d ∥ ẑ).
    case a2Prime = "A2'"
    /// E′: d-wave singlet + p-wave triplet (d ∥ ẑ), nematic or chiral.
    case ePrime = "E'"
    /// A1″: helical in-plane triplet d = (pA, pB, 0).
    case a1DoublePrime = "A1''"
    /// A2″: helical in-plane triplet d = (pB, −pA, 0).
    case a2DoublePrime = "A2''"
    /// E″: in-plane triplets (pA, −pB, 0) and (pB, pA, 0), real or non-unitary combinations.
    case eDoublePrime = "E''"

    /// Parses `A1p`, `A1'`, `A1pp`, `A1''`, `A1″`, `Ep`, `E'`, … (case-insensitive).
    public init?(name: String) {
        let normalised = name.replacingOccurrences(of: "″", with: "''").replacingOccurrences(of: "′", with: "'")
            .replacingOccurrences(of: "pp", with: "''").replacingOccurrences(of: "PP", with: "''")
            .replacingOccurrences(of: "p", with: "'").replacingOccurrences(of: "P", with: "'")
            .replacingOccurrences(of: "\"", with: "''").uppercased()
        guard let channel = PairingChannel.allCases.first(where: { $0.rawValue == normalised }) else { return nil }
        self = channel
    }

    /// The ASCII name used on the command line (`A1p`, `A1pp`, …).
    public var shortName: String { rawValue.replacingOccurrences(of: "'", with: "p") }

    /// Whether the channel has a singlet–triplet mixing angle χ.
    public var hasMixing: Bool { [.a1Prime, .a2Prime, .ePrime].contains(self) }
    /// Whether the channel is two-dimensional (needs a nematic angle or a chirality).
    public var isTwoDimensional: Bool { self == .ePrime || self == .eDoublePrime }
}
