import Foundation

/// Two-dimensional phase unwrapping for smooth phase fields: along the first column, then along
/// every row from it, adding the multiple of 2π that keeps each step within (−π, π].
public enum PhaseUnwrapping {
    public static func unwrap(_ phase: Plane) -> Plane {
        var out = phase
        @inline(__always) func wrapped(_ d: Double) -> Double { d - 2 * Double.pi * (d / (2 * Double.pi)).rounded() }
        for r in 1..<max(phase.rows, 1) {
            out[r, 0] = out[r - 1, 0] + wrapped(phase[r, 0] - phase[r - 1, 0])
        }
        for r in 0..<phase.rows {
            for c in 1..<max(phase.columns, 1) {
                out[r, c] = out[r, c - 1] + wrapped(phase[r, c] - phase[r, c - 1])
            }
        }
        return out
    }
}
