import Foundation
import QPICore

/// Finds the Bragg peaks of a topograph (or any image with atomic contrast) with sub-pixel
/// accuracy: the strongest Fourier peaks of the Hann-windowed image, grouped into the lattice's
/// directions, searched on |F|² smoothed by a Gaussian of 2 Fourier pixels (drift spreads a peak
/// into side bands; smoothing merges them). Each is located by the power-weighted centroid of
/// |F|² within 6 Fourier pixels, then refined by maximising the
/// continuous Fourier transform |F(q)|² (the maximum-likelihood frequency of a sinusoid) with
/// Newton steps on a shrinking 3 × 3 stencil — kept only if it stays within one pixel of the
/// centroid, i.e. when the peak is sharp.
public enum BraggPeakFinder {
    /// One Bragg peak per independent direction (`lattice.peakCount`), each with qy ≥ 0, sorted
    /// by angle. `minimumIndex` excludes frequencies below this many Fourier pixels (the DC
    /// region and slow background).
    public static func find(in plane: Plane, lattice: LatticeKind, minimumIndex: Double = 4) throws -> [BraggPeak] {
        let centred = plane.subtractingMean()
        let windowed = Window.hann.apply(to: centred)
        let magnitude = Fourier.magnitude(windowed)
        let smoothed = smoothedPower(magnitude, sigma: 2)
        // A Bragg peak must stand well above the typical Fourier power.
        let typical = smoothed.values.reduce(0, +) / Double(smoothed.values.count)
        // The strongest peak must stand 20 × above it, its partners 8 × (one direction of a lattice
        // is often weaker, as in the FeSe image of the tests).
        let candidates = localMaxima(smoothed, minimumIndex: minimumIndex).filter { $0.amplitude > 8 * typical }
        guard let strongest = candidates.first, strongest.amplitude > 20 * typical else {
            throw PreprocessError("no Fourier peak away from q = 0: is there atomic contrast?")
        }
        var chosen = [strongest]
        let radius = strongest.length
        for step in 1..<lattice.peakCount {
            let target = strongest.angle + Double(step) * lattice.angle
            let match = candidates.filter { abs($0.length - radius) < 0.25 * radius && angularDistance($0.angle, target) < 0.35 }
                .max { $0.amplitude < $1.amplitude }
            guard let match else {
                throw PreprocessError("found a peak at |k| = \(String(format: "%.1f", radius)) px but not its partner \(Int(Double(step) * lattice.angle * 180 / .pi))° away: is the lattice \(lattice.rawValue)?")
            }
            chosen.append(match)
        }
        // Centroids on the unwindowed spectrum: a window biases the mean frequency of a drifting
        // lattice, while without one a periodic drift leaves the carrier as the exact centroid.
        let plain = Fourier.magnitude(centred)
        return chosen.map { peak in
            let centre = centroid(of: peak, in: plain)
            let refined = refine(centre, in: windowed)
            let shift = (refined.vector - centre.vector) * Double(max(plane.rows, plane.columns)) / (2 * Double.pi)
            return (shift * shift).sum() < 1 ? refined : centre
        }.map(canonical).sorted { $0.angle < $1.angle }
    }

    /// Fourier-grid local maxima (8-neighbourhood) beyond `minimumIndex`, strongest first, one
    /// of each ± pair (qy > 0, or qy = 0 and qx > 0).
    static func localMaxima(_ magnitude: Plane, minimumIndex: Double) -> [BraggPeak] {
        let (rows, columns) = (magnitude.rows, magnitude.columns)
        var peaks: [BraggPeak] = []
        for r in 0..<rows {
            for c in 0..<columns {
                let ky = Fourier.signedIndex(r, rows), kx = Fourier.signedIndex(c, columns)
                guard ky > 0 || (ky == 0 && kx > 0), Double(kx * kx + ky * ky).squareRoot() >= minimumIndex else { continue }
                let v = magnitude[r, c]
                var isMax = true
                for dr in -1...1 { for dc in -1...1 where dr != 0 || dc != 0 {
                    if magnitude[(r + dr + rows) % rows, (c + dc + columns) % columns] > v { isMax = false }
                } }
                if isMax && v > 0 {
                    peaks.append(BraggPeak(qx: 2 * Double.pi * Double(kx) / Double(columns),
                                           qy: 2 * Double.pi * Double(ky) / Double(rows), amplitude: v))
                }
            }
        }
        return peaks.sorted { $0.amplitude > $1.amplitude }
    }

    static func angularDistance(_ a: Double, _ b: Double) -> Double {
        // Directions modulo π (a peak and its negative are the same direction).
        let d = (a - b).truncatingRemainder(dividingBy: Double.pi)
        let wrapped = d < 0 ? d + Double.pi : d
        return min(wrapped, Double.pi - wrapped)
    }

    static func canonical(_ peak: BraggPeak) -> BraggPeak {
        peak.qy < 0 || (peak.qy == 0 && peak.qx < 0) ? BraggPeak(qx: -peak.qx, qy: -peak.qy, amplitude: peak.amplitude) : peak
    }

    /// |F|² convolved with a periodic Gaussian of width `sigma` Fourier pixels.
    static func smoothedPower(_ magnitude: Plane, sigma: Double) -> Plane {
        Plane(rows: magnitude.rows, columns: magnitude.columns,
              values: GaussianBlur.apply(magnitude.values.map { $0 * $0 }, rows: magnitude.rows, columns: magnitude.columns,
                                         sigma: sigma, edges: .periodic))
    }

    /// The |F|²-weighted mean wave vector within 6 Fourier pixels of `peak`.
    static func centroid(of peak: BraggPeak, in magnitude: Plane) -> BraggPeak {
        let (rows, columns) = (magnitude.rows, magnitude.columns)
        let (ky, kx) = Fourier.nearestIndex(peak.vector, rows: rows, columns: columns)
        var (sum, sx, sy) = (0.0, 0.0, 0.0)
        for dy in -6...6 { for dx in -6...6 where dx * dx + dy * dy <= 36 {
            let v = magnitude[((ky + dy) % rows + rows) % rows, ((kx + dx) % columns + columns) % columns]
            let w = v * v
            sum += w; sx += w * Double(kx + dx); sy += w * Double(ky + dy)
        } }
        return BraggPeak(qx: 2 * Double.pi * sx / sum / Double(columns), qy: 2 * Double.pi * sy / sum / Double(rows), amplitude: peak.amplitude)
    }

    /// |F(q)|² of `plane` at a continuous wave vector (radians per pixel).
    static func power(_ plane: Plane, qx: Double, qy: Double) -> Double {
        let cosines = (0..<plane.columns).map { cos(qx * Double($0)) }
        let sines = (0..<plane.columns).map { sin(qx * Double($0)) }
        var re = 0.0, im = 0.0
        for r in 0..<plane.rows {
            var rowRe = 0.0, rowIm = 0.0
            for c in 0..<plane.columns {
                let v = plane.values[r * plane.columns + c]
                rowRe += v * cosines[c]; rowIm -= v * sines[c]
            }
            let (cy, sy) = (cos(qy * Double(r)), sin(qy * Double(r)))
            re += rowRe * cy + rowIm * sy
            im += rowIm * cy - rowRe * sy
        }
        return re * re + im * im
    }

    /// Newton refinement of a peak on a shrinking stencil, in radians per pixel.
    static func refine(_ peak: BraggPeak, in plane: Plane) -> BraggPeak {
        var q = peak.vector
        var h = 0.5 * 2 * Double.pi / Double(max(plane.rows, plane.columns))
        let limit = 1e-5 * 2 * Double.pi / Double(max(plane.rows, plane.columns))
        var values = [Double](repeating: 0, count: 9)
        var steps = 0
        while h > limit, steps < 200 {
            steps += 1
            for i in 0..<3 { for j in 0..<3 {
                values[i * 3 + j] = power(plane, qx: q.x + Double(j - 1) * h, qy: q.y + Double(i - 1) * h)
            } }
            let best = values.indices.max { values[$0] < values[$1] }!
            if best != 4 && steps < 16 {
                q += SIMD2(Double(best % 3 - 1), Double(best / 3 - 1)) * h
                continue
            }
            let gx = (values[5] - values[3]) / (2 * h), gy = (values[7] - values[1]) / (2 * h)
            let hxx = (values[5] - 2 * values[4] + values[3]) / (h * h)
            let hyy = (values[7] - 2 * values[4] + values[1]) / (h * h)
            let hxy = (values[8] - values[6] - values[2] + values[0]) / (4 * h * h)
            let det = hxx * hyy - hxy * hxy
            if hxx < 0 && det > 0 {
                let step = SIMD2(-(hyy * gx - hxy * gy) / det, -(-hxy * gx + hxx * gy) / det)
                if abs(step.x) <= h && abs(step.y) <= h { q += step }
            }
            h /= 4
        }
        return BraggPeak(qx: q.x, qy: q.y, amplitude: power(plane, qx: q.x, qy: q.y).squareRoot())
    }
}
