import Foundation
import QPICore

/// The impurities' own sites and the spectra measured on them: what the refinement fits V0 to
/// (docs/refinement.md §3).
///
/// An impurity changes the spectra around it, so the impurities are the strongest local maxima of
/// D(r) = min_a Σ_E (g(r, E) − a ḡ(E))² (`CleanSpectrum`'s measure of how unlike the field's
/// average a pixel's spectrum is), smoothed over one lattice constant: one maximum within three
/// lattice constants, only those standing out of the field's D by more than ten robust standard
/// deviations (1.4826 × the median absolute deviation) and reaching a fifth of the strongest, at
/// most `maximumCount`. The impurity's pattern is centred by the centroid of the smoothed D within
/// 2.5 lattice constants (`centroid`, repeated around the last one), and the candidates for its
/// site are the atoms within 2.5 lattice constants of that centre (`AtomLattice`, from the
/// topograph's Bragg peaks; any pixel without them) where D, smoothed only over a quarter of a
/// lattice constant, is largest (`brightest`), and the darkest atom there. A weak impurity
/// brightens its own site most, but a strong one darkens it and brightens a star of neighbours
/// around it about as much, so which candidate is the site is left to the fit (`ImpurityFit`: the
/// one its on-site model explains best). Impurities within one lattice constant of the edge are left out. The spectrum
/// of a candidate is that of its pixel.
public struct ImpuritySites: Sendable, Equatable {
    /// Per impurity (strongest first), the atoms that may be its site: pixel (row, column),
    /// largest D first, then the darkest atom.
    public var candidates: [[[Int]]]
    /// The spectrum on each candidate, one value per energy.
    public var spectra: [[[Double]]]

    /// The candidate of each impurity with the largest D.
    public var pixels: [[Int]] { candidates.map { $0[0] } }

    /// The most impurities kept, and the most candidate sites of each.
    public static let maximumCount = 12, candidateCount = 7

    /// The sites of a `layers × rows × columns` layer-major stack whose D is `residual` (and,
    /// smoothed over one lattice constant, `deviation`) and scale against the field's average
    /// `scale`, with `latticePixels` pixels per lattice constant and its atoms at `atoms`.
    static func locate<T: BinaryFloatingPoint>(_ values: UnsafeBufferPointer<T>, layers: Int, rows: Int, columns: Int,
                                               residual: [Double], scale: [Double], deviation: [Double], latticePixels: Double,
                                               atoms: AtomLattice?) -> ImpuritySites {
        let sharp = GaussianBlur.apply(residual, rows: rows, columns: columns, sigma: 0.25 * latticePixels, edges: .clamped)
        let median = deviation.sorted()[deviation.count / 2]
        let spread = 1.4826 * deviation.map { abs($0 - median) }.sorted()[deviation.count / 2]
        let (margin, separation) = (Int(latticePixels.rounded(.up)), 3 * latticePixels)
        var pixels: [[Int]] = [], candidates: [[[Int]]] = [], claimed: [[Int]] = []
        var strongest: Double?
        func isClaimed(_ p: [Int]) -> Bool { claimed.contains { hypot(Double($0[0] - p[0]), Double($0[1] - p[1])) < separation } }
        for p in localMaxima(deviation, rows: rows, columns: columns).sorted(by: { deviation[$0] > deviation[$1] }) {
            let value = deviation[p]
            guard value > median + 10 * spread, value >= 0.2 * (strongest ?? value), pixels.count < maximumCount else { break }
            var site = [p / columns, p % columns]
            guard !isClaimed(site) else { continue }
            strongest = strongest ?? value
            claimed.append(site)
            for _ in 0..<5 {
                site = centroid(deviation, around: (site[0], site[1]), floor: median, radius: 2.5 * latticePixels, rows: rows, columns: columns)
            }
            let around = atomPixels(around: site, radius: 2.5 * latticePixels, atoms: atoms, rows: rows, columns: columns)
            var nearby = brightest(around, in: sharp, columns: columns)
            let darkest = around.min { scale[$0[0] * columns + $0[1]] < scale[$1[0] * columns + $1[1]] }!
            if !nearby.contains(darkest) { nearby.append(darkest) }
            site = nearby[0]
            guard !pixels.contains(where: { hypot(Double($0[0] - site[0]), Double($0[1] - site[1])) < separation }) else { continue }
            claimed.append(site)
            if site[0] >= margin, site[0] < rows - margin, site[1] >= margin, site[1] < columns - margin {
                pixels.append(site)
                candidates.append(nearby)
            }
        }
        let spectra = candidates.map { $0.map { site in (0..<layers).map { k in Double(values[k * rows * columns + site[0] * columns + site[1]]) } } }
        return ImpuritySites(candidates: candidates, spectra: spectra)
    }

    /// The pixels of `d` not below any of their eight neighbours.
    static func localMaxima(_ d: [Double], rows: Int, columns: Int) -> [Int] {
        d.indices.filter { p in
            let (row, column) = (p / columns, p % columns)
            for r in max(0, row - 1)...min(rows - 1, row + 1) {
                for c in max(0, column - 1)...min(columns - 1, column + 1) where d[r * columns + c] > d[p] { return false }
            }
            return true
        }
    }

    /// Of `pixels`, those with the largest `d`, at least 0.3 × the largest and at most
    /// `candidateCount`, largest first.
    static func brightest(_ pixels: [[Int]], in d: [Double], columns: Int) -> [[Int]] {
        let found = pixels.sorted { d[$0[0] * columns + $0[1]] > d[$1[0] * columns + $1[1]] }
        let largest = d[found[0][0] * columns + found[0][1]]
        return Array(found.prefix { d[$0[0] * columns + $0[1]] >= 0.3 * largest }.prefix(candidateCount))
    }

    /// The pixels (row, column) of the atoms within `radius` of `centre` (every pixel without a lattice).
    static func atomPixels(around centre: [Int], radius: Double, atoms: AtomLattice?, rows: Int, columns: Int) -> [[Int]] {
        let reach = Int(radius.rounded(.up))
        var found: [[Int]] = []
        for row in max(0, centre[0] - reach)...min(rows - 1, centre[0] + reach) {
            for column in max(0, centre[1] - reach)...min(columns - 1, centre[1] + reach)
            where hypot(Double(row - centre[0]), Double(column - centre[1])) <= radius {
                var candidate = [row, column]
                if let atoms {
                    let atom = atoms.nearestAtom(to: SIMD2(Double(column), Double(row)))
                    candidate = [min(max(Int(atom.y.rounded()), 0), rows - 1), min(max(Int(atom.x.rounded()), 0), columns - 1)]
                }
                if !found.contains(candidate) { found.append(candidate) }
            }
        }
        return found
    }

    /// The pixel nearest the centroid of D above `floor` within `radius` of `peak`: the site
    /// itself where the impurity brightens it, and the centre of the ring of its neighbours where
    /// a strong impurity darkens its own site (D, measured after a scale, is small on a site whose
    /// spectrum is only weaker).
    static func centroid(_ d: [Double], around peak: (Int, Int), floor: Double, radius: Double, rows: Int, columns: Int) -> [Int] {
        let reach = Int(radius.rounded(.up))
        var (weight, sumRow, sumColumn) = (0.0, 0.0, 0.0)
        for row in max(0, peak.0 - reach)...min(rows - 1, peak.0 + reach) {
            for column in max(0, peak.1 - reach)...min(columns - 1, peak.1 + reach)
            where hypot(Double(row - peak.0), Double(column - peak.1)) <= radius {
                let w = max(d[row * columns + column] - floor, 0)
                (weight, sumRow, sumColumn) = (weight + w, sumRow + w * Double(row), sumColumn + w * Double(column))
            }
        }
        guard weight > 0 else { return [peak.0, peak.1] }
        return [Int((sumRow / weight).rounded()), Int((sumColumn / weight).rounded())]
    }
}
