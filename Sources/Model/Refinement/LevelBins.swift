/// The bins that the refinement's histograms of BdG levels share (`ReducedDOS`, `LocalGreen`), in
/// units of Δ0: 0.0025 Δ0 within ± 4 Δ0, 0.1 Δ0 beyond (centred on multiples of 0.1 Δ0) out to the
/// largest level; each level is shared linearly between its two nearest bins of its own range, so
/// that a histogram moves smoothly with the state's parameters. Bins are numbered fine ones first,
/// then coarse ones.
struct LevelBins {
    /// Bin width near the gap (|x| < `fineRange`) and beyond it, in units of Δ0.
    static let fineWidth = 0.0025, fineRange = 4.0, coarseWidth = 0.1
    static let fineCount = Int((2 * fineRange / fineWidth).rounded()) + 1

    /// The coarse bins are centred on j · `coarseWidth` for |j| ≤ `coarseReach`.
    let coarseReach: Int

    /// Bins reaching the largest |level|/Δ0 `largest` (at least `fineRange`).
    init(largest: Double) {
        coarseReach = Int((max(largest, Self.fineRange) / Self.coarseWidth).rounded(.up)) + 1
    }

    var count: Int { Self.fineCount + 2 * coarseReach + 1 }

    /// The lower of the two fine bins that share a level at |`x`| < `fineRange` and the fraction
    /// of it that goes to the upper one.
    @inline(__always)
    static func fineShare(_ x: Double) -> (lower: Int, upper: Double) {
        let position = (x + fineRange) / fineWidth
        let lower = min(max(Int(position.rounded(.down)), 0), fineCount - 2)
        return (lower, position - Double(lower))
    }

    /// The lower of the two coarse bins that share a level at `x`, as its j, and the fraction of
    /// it that goes to j + 1.
    @inline(__always)
    static func coarseShare(_ x: Double) -> (j: Int, upper: Double) {
        let position = x / coarseWidth
        let j = Int(position.rounded(.down))
        return (j, position - Double(j))
    }

    /// The lower of the two bins that share a level at `x` (units of Δ0) and the fraction of it
    /// that goes to the upper one.
    @inline(__always)
    func share(_ x: Double) -> (lower: Int, upper: Double) {
        if abs(x) < Self.fineRange { return Self.fineShare(x) }
        let (j, upper) = Self.coarseShare(x)
        let lower = min(max(j, -coarseReach), coarseReach - 1)
        return (Self.fineCount + coarseReach + lower, upper + Double(j - lower))
    }

    /// The centre of bin `bin`, in units of Δ0.
    func centre(_ bin: Int) -> Double {
        bin < Self.fineCount ? Self.fineCentre(bin) : Double(bin - Self.fineCount - coarseReach) * Self.coarseWidth
    }

    /// The centre of fine bin `bin`, in units of Δ0.
    static func fineCentre(_ bin: Int) -> Double { -fineRange + Double(bin) * fineWidth }
}
