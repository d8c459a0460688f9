import Foundation
import QPICore

extension GapEstimate {
    /// Estimates Δ from `spectrum` at `energies` (meV). The coherence peak on each side is the
    /// largest local maximum of the 3-point-smoothed spectrum within `maximumEnergy`, located
    /// to sub-sample precision by a parabola; Δ is the mean of |E| over the sides found. This is
    /// the one definition of the gap (docs/physics.md §6): training applies it to the simulated
    /// averaged spectrum sampled like a measurement, inference to the measured one. For a
    /// two-gap spectrum (A1′ or E′ with χ ≠ 0, the in-plane triplets) Δ is the larger coherence
    /// peak of each side, averaged over the sides. The Dynes fit
    /// N(E) = s Re[(E − iΓ)/√((E − iΓ)² − Δ²)] + b starts there and is kept as a diagnostic when
    /// it converges to a Δ within a factor 2 of the peaks; it is never the unit. Nil when no peak
    /// stands out.
    public static func estimate(energies: [Double], spectrum: [Double], maximumEnergy: Double = .infinity) -> GapEstimate? {
        let order = energies.indices.sorted { energies[$0] < energies[$1] }
        let e = order.map { energies[$0] }, g = order.map { spectrum[$0] }
        guard e.count >= 5 else { return nil }
        let smooth = (0..<g.count).map { i -> Double in
            let (left, right) = (g[max(i - 1, 0)], g[min(i + 1, g.count - 1)])
            return (left + 2 * g[i] + right) / 4
        }
        var peaks: [Double] = []
        for side in [-1.0, 1.0] {
            let candidates = (1 ..< e.count - 1).filter { i -> Bool in
                let onSide = e[i] * side > 0 && abs(e[i]) <= maximumEnergy
                return onSide && smooth[i] > smooth[i - 1] && smooth[i] >= smooth[i + 1]
            }
            guard let best = candidates.max(by: { smooth[$0] < smooth[$1] }) else { continue }
            // A coherence peak must rise clearly above the spectrum's low-energy floor.
            let floor = smooth.min()!
            guard smooth[best] - floor > 0.05 * abs(smooth[best]) else { continue }
            let (y0, y1, y2) = (smooth[best - 1], smooth[best], smooth[best + 1])
            let denominator = y0 - 2 * y1 + y2
            let offset = denominator != 0 ? 0.5 * (y0 - y2) / denominator : 0
            let step = (e[best + 1] - e[best - 1]) / 2
            peaks.append(e[best] + max(-1, min(1, offset)) * step)
        }
        guard !peaks.isEmpty else { return nil }
        let fromPeaks = peaks.map(abs).reduce(0, +) / Double(peaks.count)
        var result = GapEstimate(delta: fromPeaks, method: .coherencePeaks, peaks: peaks, dynes: nil)
        if let fit = dynesFit(energies: e, spectrum: g, start: fromPeaks), fit[0] > 0.5 * fromPeaks, fit[0] < 2 * fromPeaks,
           fit[0] <= maximumEnergy {
            result.dynes = fit
        }
        return result
    }

    /// The Dynes density of states at E (meV) for Δ, Γ.
    public static func dynes(_ energy: Double, delta: Double, gamma: Double) -> Double {
        // Re[(E − iΓ)/√((E − iΓ)² − Δ²)] with the principal square root.
        let (zr, zi) = (energy, -gamma)
        let (wr, wi) = (zr * zr - zi * zi - delta * delta, 2 * zr * zi)
        let modulus = (wr * wr + wi * wi).squareRoot()
        var (sr, si) = (((modulus + wr) / 2).squareRoot(), ((modulus - wr) / 2).squareRoot())
        if wi < 0 { si = -si }
        if sr < 0 { sr = -sr; si = -si }
        let d = sr * sr + si * si
        return d > 0 ? abs((zr * sr + zi * si) / d) : 0
    }

    static func dynesFit(energies e: [Double], spectrum g: [Double], start delta: Double) -> [Double]? {
        let high = g.enumerated().filter { abs(e[$0.offset]) > 1.5 * delta }.map(\.element)
        let background = high.isEmpty ? g.max()! : high.reduce(0, +) / Double(high.count)
        func cost(_ p: [Double]) -> Double {
            guard p[0] > 0, p[1] > 0 else { return .infinity }
            return zip(e, g).reduce(0) { total, point in
                let model = p[2] * dynes(point.0, delta: p[0], gamma: p[1]) + p[3]
                return total + (model - point.1) * (model - point.1)
            }
        }
        guard let fit = NelderMead.minimise(cost, start: [delta, 0.1 * delta, background, 0],
                                            steps: [0.1 * delta, 0.05 * delta, 0.1 * abs(background) + 1e-30, 0.1 * abs(background) + 1e-30])
        else { return nil }
        return fit.point
    }
}
