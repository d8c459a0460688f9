/// The bins that the refinement's histograms of BdG levels share (`ReducedDOS`, `LocalGreen`), in
/// units of Δ0: 0.0025 Δ0 within ± 4 Δ0, 0.1 Δ0 beyond out to the largest level; each level is
/// shared linearly between its two nearest bins of its own range, so that a histogram moves
/// smoothly with the state's parameters. Bins are numbered fine ones first, then coarse ones.
struct LevelBins {
    /// Bin width near the gap (|x| < `fineRange`) and beyond it, in units of Δ0.
    static let fineWidth = 0.0025, fineRange = 4.0, coarseWidth = 0.1

    let fineCount: Int
    let coarseCount: Int
    let coarseOrigin: Double

    /// Bins reaching the largest |level|/Δ0 `largest` (at least `fineRange`).
    init(largest: Double) {
        fineCount = Int((2 * Self.fineRange / Self.fineWidth).rounded()) + 1
        coarseCount = Int((2 * max(largest, Self.fineRange) / Self.coarseWidth).rounded(.up)) + 2
        coarseOrigin = -Double(coarseCount - 1) / 2 * Self.coarseWidth
    }

    var count: Int { fineCount + coarseCount }

    /// The lower of the two bins that share a level at `x` (units of Δ0) and the fraction of it
    /// that goes to the upper one.
    @inline(__always)
    func share(_ x: Double) -> (lower: Int, upper: Double) {
        let fine = abs(x) < Self.fineRange
        let (origin, width, first, bins) = fine ? (-Self.fineRange, Self.fineWidth, 0, fineCount)
                                                : (coarseOrigin, Self.coarseWidth, fineCount, coarseCount)
        let position = (x - origin) / width
        let lower = min(max(Int(position.rounded(.down)), 0), bins - 2)
        return (first + lower, position - Double(lower))
    }

    /// The centre of bin `bin`, in units of Δ0.
    func centre(_ bin: Int) -> Double {
        bin < fineCount ? -Self.fineRange + Double(bin) * Self.fineWidth : coarseOrigin + Double(bin - fineCount) * Self.coarseWidth
    }
}
