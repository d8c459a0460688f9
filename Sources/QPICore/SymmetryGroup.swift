import Foundation

/// Point groups for symmetrising maps in the common frame (about q = 0). The mirror is
/// qx → −qx, which keeps the Bragg vector on +qy (a σv of the lattice).
public enum SymmetryGroup: String, Sendable, Codable, CaseIterable {
    case none, mirror, c3 = "C3", c3v = "C3v", c6 = "C6", c6v = "C6v"

    /// Parses `none`, `mirror`, `C3`, `c3v`, … (case-insensitive).
    public init?(name: String) {
        guard let group = Self.allCases.first(where: { $0.rawValue.lowercased() == name.lowercased() }) else { return nil }
        self = group
    }

    /// The group's operations as 2×2 matrices (rows).
    public var operations: [(SIMD2<Double>, SIMD2<Double>)] {
        func rotation(_ k: Int, of n: Int) -> (SIMD2<Double>, SIMD2<Double>) {
            let t = 2 * Double.pi * Double(k) / Double(n)
            return (SIMD2(cos(t), -sin(t)), SIMD2(sin(t), cos(t)))
        }
        func mirrored(_ m: (SIMD2<Double>, SIMD2<Double>)) -> (SIMD2<Double>, SIMD2<Double>) {
            (SIMD2(-m.0.x, m.0.y), SIMD2(-m.1.x, m.1.y))   // M · diag(−1, 1)
        }
        let identity = (SIMD2(1.0, 0), SIMD2(0.0, 1))
        switch self {
        case .none: return [identity]
        case .mirror: return [identity, mirrored(identity)]
        case .c3: return (0..<3).map { rotation($0, of: 3) }
        case .c3v: return (0..<3).map { rotation($0, of: 3) } + (0..<3).map { mirrored(rotation($0, of: 3)) }
        case .c6: return (0..<6).map { rotation($0, of: 6) }
        case .c6v: return (0..<6).map { rotation($0, of: 6) } + (0..<6).map { mirrored(rotation($0, of: 6)) }
        }
    }
}
