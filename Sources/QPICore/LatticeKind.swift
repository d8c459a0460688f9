/// The Bravais lattice whose Bragg peaks the preprocessing looks for.
public enum LatticeKind: String, Sendable, Codable, CaseIterable {
    /// Triangular/hexagonal: three Bragg vector pairs 60° apart.
    case hexagonal
    /// Square: two Bragg vector pairs 90° apart.
    case square

    /// Independent Bragg directions to find (one of each ± pair).
    public var peakCount: Int { self == .hexagonal ? 3 : 2 }
    /// Angle between neighbouring Bragg directions.
    public var angle: Double { self == .hexagonal ? Double.pi / 3 : Double.pi / 2 }
}
