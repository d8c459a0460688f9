import Foundation
import Testing
@testable import Preprocess
import QPICore

/// The averaged spectrum away from impurities, on fields whose clean spectrum is known by
/// construction: a two-peak "DOS" f(E) times an atomic corrugation, plus impurities whose LDOS
/// change has another energy shape and decays away from them.
@Suite struct CleanSpectrumTests {
    static let (rows, columns) = (64, 64)
    static let energies = (0..<21).map { -2 + 0.2 * Double($0) }
    /// The clean spectrum: coherence peaks at ±1 on a flat background.
    static func clean(_ e: Double) -> Double { 1 + 0.8 * exp(-8 * (abs(e) - 1) * (abs(e) - 1)) }
    /// An impurity's LDOS change: an in-gap state at +0.4.
    static func bound(_ e: Double) -> Double { 4 * exp(-20 * (e - 0.4) * (e - 0.4)) }

    /// The stack with impurities at `sites` (row, column), their change decaying over 3 pixels.
    static func field(impurities sites: [(Int, Int)], noise: Double = 0) -> [Double] {
        var random = SeededRandom(seed: 11)
        var values = [Double]()
        for e in energies {
            for r in 0..<rows {
                for c in 0..<columns {
                    let corrugation = 1 + 0.1 * cos(2 * Double.pi * Double(c) / 4) * cos(2 * Double.pi * Double(r) / 4)
                    let impurity = sites.reduce(0.0) { sum, site in
                        let d2 = Double((r - site.0) * (r - site.0) + (c - site.1) * (c - site.1))
                        return sum + bound(e) * exp(-d2 / 18)
                    }
                    values.append(clean(e) * corrugation + impurity + noise * random.gaussian())
                }
            }
        }
        return values
    }

    /// The rms of `spectrum` minus the clean one scaled by least squares, relative to the clean one's rms.
    static func distanceFromClean(_ spectrum: [Double]) -> Double {
        let truth = energies.map(clean)
        let scale = zip(spectrum, truth).reduce(0) { $0 + $1.0 * $1.1 } / truth.reduce(0) { $0 + $1 * $1 }
        let residual = zip(spectrum, truth).reduce(0) { $0 + ($1.0 - scale * $1.1) * ($1.0 - scale * $1.1) }
        return (residual / truth.reduce(0) { $0 + $1 * $1 }).squareRoot()
    }

    static func measure(_ values: [Double]) -> CleanSpectrum {
        values.withUnsafeBufferPointer {
            CleanSpectrum.measure($0, layers: energies.count, rows: rows, columns: columns, smoothingPixels: 4)
        }
    }

    @Test func impuritiesAreLeftOut() {
        let sites = [(12, 15), (40, 50), (50, 20)]
        let values = Self.field(impurities: sites, noise: 0.02)
        let result = Self.measure(values)
        let plain = SpectralStack(energies: Self.energies, rows: Self.rows, columns: Self.columns, values: values).averageSpectrum
        // The plain average carries the bound state; the clean one hardly does.
        #expect(Self.distanceFromClean(plain) > 0.02)
        #expect(Self.distanceFromClean(result.spectrum) < 0.2 * Self.distanceFromClean(plain),
                "plain \(Self.distanceFromClean(plain)), clean \(Self.distanceFromClean(result.spectrum))")
        // Every impurity's own pixel is excluded, and half the field is kept.
        for (r, c) in sites { #expect(result.excluded[r * Self.columns + c]) }
        #expect(abs(result.excludedFraction - 0.5) < 0.01)
        #expect(result.uncertainty != nil && result.uncertainty! > 0)
    }

    /// Without impurities the spectrum's shape is the plain average's: only the corrugation's
    /// mean over the kept pixels scales it.
    @Test func aCleanFieldIsItsOwnAverage() {
        let values = Self.field(impurities: [])
        let result = Self.measure(values)
        #expect(Self.distanceFromClean(result.spectrum) < 1e-6)
        let noisy = Self.measure(Self.field(impurities: [], noise: 0.01))
        #expect(Self.distanceFromClean(noisy.spectrum) < 2e-3)
    }
}
