import Foundation
import QPICore

/// Fourier peaks of a lattice-corrected image that lie at fractional positions of the atomic
/// reciprocal lattice: a commensurate superstructure such as the 3 × 3 charge-density wave of
/// NbSe2 and NbS2 (peaks at b/3, 2b/3), told apart from the atomic Bragg peaks. A peak is a local
/// maximum of |F|² (smoothed over one Fourier pixel) at least 8 × its mean, whose coordinates
/// (h, k) in the basis of two Bragg peaks are multiples of 1/n for n = 2…4 within the position
/// accuracy of the Fourier grid, and not both integers.
public struct SuperstructurePeaks: Sendable, Equatable {
    /// One superstructure peak.
    public struct Peak: Sendable, Equatable {
        /// Position in radians per pixel (qy ≥ 0, as the Bragg peaks).
        public var q: SIMD2<Double>
        /// Coordinates in the basis of the first two Bragg peaks (multiples of 1/period).
        public var h: Double
        public var k: Double
        /// The smallest n with (h, k) multiples of 1/n.
        public var period: Int
        /// |F| relative to the mean |F| of the Bragg peaks.
        public var relativeAmplitude: Double
    }

    /// Strongest first.
    public var peaks: [Peak]

    /// The period of the superstructure (n for an n × n one): that of the strongest peak; nil
    /// when there is none.
    public var period: Int? { peaks.first?.period }

    /// Finds the superstructure peaks of `fourier` (|F| of the corrected image, index (ky, kx)
    /// as in `Fourier`) for the lattice whose Bragg peaks (radians per pixel) are `bragg`.
    public static func find(in fourier: Plane, bragg: [BraggPeak]) -> SuperstructurePeaks {
        guard bragg.count >= 2 else { return SuperstructurePeaks(peaks: []) }
        let (b1, b2) = (bragg[0].vector, bragg[1].vector)
        let determinant = b1.x * b2.y - b1.y * b2.x
        guard abs(determinant) > 1e-12 else { return SuperstructurePeaks(peaks: []) }
        let smoothed = BraggPeakFinder.smoothedPower(fourier, sigma: 1)
        let typical = smoothed.values.reduce(0, +) / Double(smoothed.values.count)
        // Fourier pixel in rad/pixel, and the tolerance on h, k it allows (1.5 Fourier pixels).
        let pixel = 2 * Double.pi / Double(max(fourier.rows, fourier.columns))
        let tolerance = min(0.1, 1.5 * pixel / min(bragg[0].length, bragg[1].length))
        let braggAmplitude = bragg.map { value(at: $0.vector, in: fourier) }.reduce(0, +) / Double(bragg.count)
        var found: [Peak] = []
        for candidate in BraggPeakFinder.localMaxima(smoothed, minimumIndex: 2) where candidate.amplitude > 8 * typical {
            let q = candidate.vector
            let h = (q.x * b2.y - q.y * b2.x) / determinant, k = (b1.x * q.y - b1.y * q.x) / determinant
            func isMultiple(_ value: Double, of fraction: Double) -> Bool {
                abs(value / fraction - (value / fraction).rounded()) * fraction < tolerance
            }
            guard !(isMultiple(h, of: 1) && isMultiple(k, of: 1)),
                  let period = (2...4).first(where: { isMultiple(h, of: 1 / Double($0)) && isMultiple(k, of: 1 / Double($0)) })
            else { continue }
            let amplitude = value(at: q, in: fourier)
            found.append(Peak(q: q, h: h, k: k, period: period, relativeAmplitude: braggAmplitude > 0 ? amplitude / braggAmplitude : 0))
        }
        return SuperstructurePeaks(peaks: found.sorted { $0.relativeAmplitude > $1.relativeAmplitude })
    }

    /// `plane` at the Fourier pixel nearest to `q` (radians per pixel).
    static func value(at q: SIMD2<Double>, in plane: Plane) -> Double {
        let (rows, columns) = (plane.rows, plane.columns)
        let (ky, kx) = Fourier.nearestIndex(q, rows: rows, columns: columns)
        return plane[((ky % rows) + rows) % rows, ((kx % columns) + columns) % columns]
    }
}
