import Foundation
import Preprocess
import Testing

/// `PhaseUnwrapping` on wrapped phase fields whose truth is known.
struct PhaseUnwrappingTests {
    let rows = 48, columns = 40

    /// A smooth phase spanning about 12π, changing by less than π between neighbours.
    func smooth(_ r: Int, _ c: Int) -> Double {
        let (y, x) = (Double(r), Double(c))
        return 0.012 * x * x - 0.4 * y + 0.006 * x * y + 1.5 * sin(0.11 * y)
    }

    func wrapped(_ value: Double) -> Double { atan2(sin(value), cos(value)) }

    func plane(_ value: (Int, Int) -> Double) -> Plane {
        var out = Plane(rows: rows, columns: columns)
        for r in 0..<rows { for c in 0..<columns { out.values[r * columns + c] = value(r, c) } }
        return out
    }

    @Test func aSmoothPhaseIsRecoveredUpToAMultipleOf2Pi() {
        let truth = plane(smooth)
        let result = PhaseUnwrapping.unwrap(plane { self.wrapped(self.smooth($0, $1)) })
        let differences = zip(result.values, truth.values).map { $0 - $1 }
        let offset = differences[0]
        #expect(abs(offset / (2 * Double.pi) - (offset / (2 * Double.pi)).rounded()) < 1e-9)
        #expect(differences.map { abs($0 - offset) }.max()! < 1e-9)
    }

    /// A vortex pair (the lock-in phase around a defect: +2π around one point, −2π around the
    /// other, 3 pixels apart along the rows' normal) on the smooth phase. The pair's phase is
    /// smooth away from it, so far from the pair the unwrapped phase must follow smooth + pair;
    /// following a path along the rows instead carries a 2π error along the rest of every row
    /// that passes between the two vortices.
    /// arg((z − z1)/(z − z2)) for vortices at z1 = (x 20, y 18) and z2 = (20, 21): continuous
    /// except on the segment between them.
    func pairPhase(_ r: Int, _ c: Int) -> Double {
        let (y, x) = (Double(r) + 0.5, Double(c) + 0.5)
        let (dx1, dy1, dx2, dy2) = (x - 20, y - 18, x - 20, y - 21)
        return atan2(dy1 * dx2 - dx1 * dy2, dx1 * dx2 + dy1 * dy2)
    }

    @Test func aVortexPairDisturbsOnlyItsNeighbourhood() {
        let result = PhaseUnwrapping.unwrap(plane { self.wrapped(self.smooth($0, $1) + self.pairPhase($0, $1)) })
        var far: [Double] = []
        for r in 0..<rows {
            for c in 0..<columns where hypot(Double(r) - 19.5, Double(c) - 20) > 12 {
                far.append(result[r, c] - smooth(r, c) - pairPhase(r, c))
            }
        }
        let offset = far.reduce(0, +) / Double(far.count)
        // Every far pixel within 1 rad of the truth: least squares smooths the pair's phase
        // (an error falling off as the inverse distance), but slips no 2π (6.3 rad).
        #expect(far.map { abs($0 - offset) }.max()! < 1)
    }

    @Test func transposingTheInputTransposesTheOutput() {
        let input = plane { self.wrapped(self.smooth($0, $1) + self.pairPhase($0, $1)) }
        var transposed = Plane(rows: columns, columns: rows)
        for r in 0..<rows { for c in 0..<columns { transposed.values[c * rows + r] = input[r, c] } }
        let (direct, viaTranspose) = (PhaseUnwrapping.unwrap(input), PhaseUnwrapping.unwrap(transposed))
        var worst = 0.0
        for r in 0..<rows { for c in 0..<columns { worst = max(worst, abs(direct[r, c] - viaTranspose[c, r])) } }
        #expect(worst < 1e-9)
    }
}
