import Foundation
import QPICore

/// The spatially averaged spectrum away from impurities: what a clean sample's density of states
/// looks like, as an STM user takes it from spectra far from defects.
///
/// Each pixel's spectrum g(r, E) is compared with the field's average ḡ(E) after a scale of its
/// own (the set-point effect and the atomic corrugation multiply the whole spectrum):
/// D(r) = min_a Σ_E (g(r, E) − a ḡ(E))². An impurity's LDOS change has its own energy shape, so D
/// is large around it and at the noise floor far from it. D is smoothed by a Gaussian of one
/// lattice constant, and the spectrum is averaged over the quieter half of the field (D at or
/// below its median). Without impurities that is a random half, and the result is the plain
/// average with √2 more white noise, which the field's average hardly has.
///
/// The average over the whole field carries the impurities' bound states and Friedel
/// oscillations, which the clean-DOS model of the refinement (docs/refinement.md §1) lacks. On
/// `qpi synth` E′ grids (25 a field, SNR 4) the rms distance from the clean spectrum falls from
/// 5.3 to 3.4 % with four impurities and from 12 to 8 % with eight: a crowded field has no clean
/// half, and then the quieter half is only less biased.
public struct CleanSpectrum: Sendable, Equatable {
    /// The averaged spectrum over the kept pixels, one value per energy.
    public var spectrum: [Double]
    /// Its standard uncertainty, by `SpectralStack.averageSpectrumUncertainty`'s block sets over
    /// the kept pixels only (nil for grids under 16 × 16 pixels).
    public var uncertainty: Double?
    /// Which pixels were left out (true = excluded), row-major.
    public var excluded: [Bool]
    /// The impurities' sites and their spectra, from the same D.
    public var impurities: ImpuritySites
    /// The average over the whole field, impurities included: how far `spectrum` moves with the
    /// choice of pixels is the refinement's measure of the impurities' remaining imprint
    /// (docs/refinement.md §5).
    public var fieldAverage: [Double]

    /// The fraction of the field left out.
    public var excludedFraction: Double { Double(excluded.lazy.filter { $0 }.count) / Double(max(excluded.count, 1)) }

    /// The fraction of the field, the quietest, that is averaged.
    public static let keptFraction = 0.5

    /// The clean spectrum of a `layers × rows × columns` layer-major stack, D smoothed by a
    /// Gaussian of `smoothingPixels` (the lattice constant in pixels).
    public static func measure<T: BinaryFloatingPoint>(_ values: UnsafeBufferPointer<T>, layers: Int, rows: Int, columns: Int,
                                                       smoothingPixels: Double, atoms: AtomLattice? = nil) -> CleanSpectrum {
        let pixels = rows * columns
        precondition(values.count == layers * pixels, "CleanSpectrum: size mismatch")
        let average = (0..<layers).map { k in mean(values, layer: k, pixels: pixels, keeping: nil) }
        let (residual, scale) = residualEnergy(values, average: average, pixels: pixels)
        let deviation = GaussianBlur.apply(residual, rows: rows, columns: columns, sigma: smoothingPixels, edges: .clamped)
        let excluded = exclusion(deviation)
        let spectrum = (0..<layers).map { k in mean(values, layer: k, pixels: pixels, keeping: excluded) }
        var uncertainty: Double?
        if SpectralStack.hasBlockSets(rows: rows, columns: columns) {
            uncertainty = SpectralStack.pooledUncertainty((0..<layers).map { k in
                SpectralStack.blockSetVariance(UnsafeBufferPointer(rebasing: values[k * pixels ..< (k + 1) * pixels]),
                                               rows: rows, columns: columns, excluded: excluded)
            })
        }
        let impurities = ImpuritySites.locate(values, layers: layers, rows: rows, columns: columns,
                                              residual: residual, scale: scale, deviation: deviation, latticePixels: smoothingPixels,
                                              atoms: atoms)
        return CleanSpectrum(spectrum: spectrum, uncertainty: uncertainty, excluded: excluded, impurities: impurities,
                             fieldAverage: average)
    }

    /// Mean of layer `k` over the pixels not in `excluded` (all pixels when nil).
    static func mean<T: BinaryFloatingPoint>(_ values: UnsafeBufferPointer<T>, layer k: Int, pixels: Int, keeping excluded: [Bool]?) -> Double {
        var (sum, count) = (0.0, 0)
        for p in 0..<pixels where !(excluded?[p] ?? false) {
            sum += Double(values[k * pixels + p])
            count += 1
        }
        return count > 0 ? sum / Double(count) : .nan
    }

    /// D(r) = Σ_E g² − (Σ_E g ḡ)² / Σ_E ḡ²: the spectrum's energy left after the best scale of ḡ, and
    /// that scale a(r) = Σ_E g ḡ / Σ_E ḡ².
    static func residualEnergy<T: BinaryFloatingPoint>(_ values: UnsafeBufferPointer<T>, average: [Double], pixels: Int)
        -> (residual: [Double], scale: [Double]) {
        var cross = [Double](repeating: 0, count: pixels), square = cross
        let norm = average.reduce(0) { $0 + $1 * $1 }
        for (k, reference) in average.enumerated() {
            let layer = UnsafeBufferPointer(rebasing: values[k * pixels ..< (k + 1) * pixels])
            for p in 0..<pixels {
                let g = Double(layer[p])
                cross[p] += g * reference
                square[p] += g * g
            }
        }
        let scale = cross.map { norm > 0 ? $0 / norm : 0 }
        return ((0..<pixels).map { p in max(square[p] - cross[p] * scale[p], 0) }, scale)
    }

    /// The pixels outside the `keptFraction` with the smallest smoothed D.
    static func exclusion(_ deviation: [Double]) -> [Bool] {
        let sorted = deviation.sorted()
        let limit = sorted[min(sorted.count - 1, Int(Double(sorted.count) * keptFraction))]
        return deviation.map { $0 > limit }
    }
}
