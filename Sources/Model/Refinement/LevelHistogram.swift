/// Level weights summed in `LevelBins`' bins as the levels arrive, the coarse range growing with
/// them, so that no list of levels is kept: `MeshEigensystem.levelHistogram` fills one per chunk
/// of the mesh in parallel and merges them (`ReducedDOS`).
struct LevelHistogram {
    /// Sums in the fine bins.
    private var fine = [Double](repeating: 0, count: LevelBins.fineCount)
    /// Sums in the coarse bins j · `LevelBins.coarseWidth`: `above[j]` for j ≥ 0, `below[−j − 1]`
    /// for j < 0.
    private var above: [Double] = [], below: [Double] = []

    /// Adds `weight` at the level `x` (units of Δ0), shared between its two nearest bins.
    @inline(__always)
    mutating func add(_ x: Double, weight: Double) {
        if abs(x) < LevelBins.fineRange {
            let (lower, upper) = LevelBins.fineShare(x)
            fine[lower] += weight * (1 - upper)
            fine[lower + 1] += weight * upper
        } else {
            let (j, upper) = LevelBins.coarseShare(x)
            addCoarse(j, weight * (1 - upper))
            addCoarse(j + 1, weight * upper)
        }
    }

    @inline(__always)
    private mutating func addCoarse(_ j: Int, _ weight: Double) {
        if j >= 0 {
            if j >= above.count { above += repeatElement(0, count: j + 1 - above.count) }
            above[j] += weight
        } else {
            if -j > below.count { below += repeatElement(0, count: -j - below.count) }
            below[-j - 1] += weight
        }
    }

    /// Adds another histogram's sums to these.
    mutating func merge(_ other: LevelHistogram) {
        for (bin, weight) in other.fine.enumerated() { fine[bin] += weight }
        for (j, weight) in other.above.enumerated() { addCoarse(j, weight) }
        for (index, weight) in other.below.enumerated() { addCoarse(-index - 1, weight) }
    }

    /// The non-empty bins: centres (units of Δ0) and summed weights, fine bins first, then the
    /// coarse ones in ascending energy.
    var nonEmpty: (centres: [Double], weights: [Double]) {
        var centres: [Double] = [], weights: [Double] = []
        func append(_ centre: Double, _ weight: Double) {
            if weight != 0 { centres.append(centre); weights.append(weight) }
        }
        for (bin, weight) in fine.enumerated() { append(LevelBins.fineCentre(bin), weight) }
        for (index, weight) in below.enumerated().reversed() { append(Double(-index - 1) * LevelBins.coarseWidth, weight) }
        for (j, weight) in above.enumerated() { append(Double(j) * LevelBins.coarseWidth, weight) }
        return (centres, weights)
    }
}
