import Foundation
import QPICore

extension GapEstimate {
    /// Estimates Δ from `spectrum` at `energies` (meV). On each side of the Fermi level the
    /// coherence peak is the largest local maximum of the spectrum within `maximumEnergy`; its
    /// position is refined by fitting the Dynes shape s·N_Dynes(E; Δ, Γ) + b to the seven samples
    /// around it on that side and taking the maximum of the fitted curve between the neighbouring
    /// samples, on the spectrum symmetrised about E = 0 — unlike a parabola through (smoothed) samples, this does not move with the energy
    /// step (an ideal BCS peak comes out the same every 0.02 Δ and every 0.15 Δ; smoothing and a
    /// parabola put it 8 % out at 0.05 Δ and 17 % at 0.15 Δ). Δ is the mean of |E| over the sides
    /// found. This is the one definition of the gap (docs/physics.md §6): training applies it to
    /// the simulated averaged spectrum sampled like a measurement, inference to the measured one.
    /// For a two-gap spectrum (A1′ or E′ with χ ≠ 0, the in-plane triplets) Δ is the larger
    /// coherence peak of each side, averaged over the sides. A Dynes fit of the whole spectrum
    /// N(E) = s Re[(E − iΓ)/√((E − iΓ)² − Δ²)] + b starts there and is kept as a diagnostic when
    /// it converges to a Δ within a factor 2 of the peaks; it is never the unit. Nil when no peak
    /// stands out.
    public static func estimate(energies: [Double], spectrum: [Double], maximumEnergy: Double = .infinity) -> GapEstimate? {
        let order = energies.indices.sorted { energies[$0] < energies[$1] }
        let e = order.map { energies[$0] }, g = order.map { spectrum[$0] }
        guard e.count >= 5 else { return nil }
        let peaks = coherencePeaks(e, g, maximumEnergy: maximumEnergy)
        guard !peaks.isEmpty else { return nil }
        // Δ from the spectrum symmetrised about E = 0 ((N(E) + N(−E)) / 2, linear interpolation;
        // one side alone where the sweep has no partner): a coherence peak sits at ±Δ even when a
        // sloped background makes its two sides unequal, and a broad bump of a nodal or partly
        // gapped state is found at the same |E| on both sides instead of two different bumps.
        let symmetric = zip(e, g).map { energy, value -> Double in
            guard -energy >= e.first!, -energy <= e.last! else { return value }
            return (value + interpolate(e, g, at: -energy)) / 2
        }
        let symmetricPeaks = coherencePeaks(e, symmetric, maximumEnergy: maximumEnergy)
        let unit = symmetricPeaks.isEmpty ? peaks : symmetricPeaks
        let fromPeaks = unit.map(abs).reduce(0, +) / Double(unit.count)
        var result = GapEstimate(delta: fromPeaks, method: .coherencePeaks, peaks: peaks, dynes: nil)
        if let fit = dynesFit(energies: e, spectrum: g, start: fromPeaks), fit[0] > 0.5 * fromPeaks, fit[0] < 2 * fromPeaks,
           fit[0] <= maximumEnergy {
            result.dynes = fit
        }
        return result
    }

    /// The coherence peak on each side of E = 0 (signed energies; a side without a clear peak is
    /// left out): the largest local maximum within `maximumEnergy` that rises more than 5 % above
    /// the spectrum's floor, positioned by `peakPosition` and kept within `maximumEnergy` (the
    /// refinement may move it up to a sample further out).
    static func coherencePeaks(_ e: [Double], _ g: [Double], maximumEnergy: Double) -> [Double] {
        let floor = g.min()!
        return [-1.0, 1.0].compactMap { side -> Double? in
            let candidates = (1 ..< e.count - 1).filter { i -> Bool in
                let onSide = e[i] * side > 0 && abs(e[i]) <= maximumEnergy
                return onSide && g[i] > g[i - 1] && g[i] >= g[i + 1]
            }
            guard let best = candidates.max(by: { g[$0] < g[$1] }), g[best] - floor > 0.05 * abs(g[best]) else { return nil }
            return side * min(peakPosition(e, g, best: best, side: side), maximumEnergy)
        }
    }

    /// `g` at `energy` by linear interpolation on the ascending `e`.
    static func interpolate(_ e: [Double], _ g: [Double], at energy: Double) -> Double {
        let upper = min(max(e.firstIndex { $0 >= energy } ?? e.count - 1, 1), e.count - 1)
        let span = e[upper] - e[upper - 1]
        let t = span > 0 ? (energy - e[upper - 1]) / span : 0
        return g[upper - 1] + t * (g[upper] - g[upper - 1])
    }

    /// |E| of the coherence peak at sample `best` on `side` (±1): the maximum, between the
    /// neighbouring samples, of the Dynes shape fitted to the samples best − 3 … best + 3 on that
    /// side; a parabola through the three samples when the fit fails or has no maximum there.
    static func peakPosition(_ e: [Double], _ g: [Double], best: Int, side: Double) -> Double {
        let (low, high) = (abs(e[best - 1]) * (e[best - 1] * side > 0 ? 1 : 0), abs(e[best + 1]))
        let (from, to) = (min(low, high), max(low, high))
        let (y0, y1, y2) = (g[best - 1], g[best], g[best + 1])
        let denominator = y0 - 2 * y1 + y2
        let offset = denominator != 0 ? max(-1, min(1, 0.5 * (y0 - y2) / denominator)) : 0
        let parabola = abs(e[best] + offset * (e[best + 1] - e[best - 1]) / 2)
        let near = (max(best - 3, 0) ... min(best + 3, e.count - 1)).filter { e[$0] * side > 0 }
        guard near.count >= 4 else { return parabola }
        let x = near.map { abs(e[$0]) }, y = near.map { g[$0] }
        let (centre, floor) = (abs(e[best]), y.min()!)
        func shape(_ p: [Double], _ energy: Double) -> Double { p[2] * dynes(energy, delta: p[0], gamma: p[1]) + p[3] }
        func cost(_ p: [Double]) -> Double {
            guard p[0] > 0, p[1] > 0 else { return .infinity }
            return zip(x, y).reduce(0) { total, point in total + (shape(p, point.0) - point.1) * (shape(p, point.0) - point.1) }
        }
        let scale = max(y1 - floor, 1e-30 * abs(y1) + 1e-300)
        guard let fit = NelderMead.minimise(cost, start: [0.97 * centre, 0.1 * centre, scale / 3, floor],
                                            steps: [0.05 * centre, 0.05 * centre, 0.1 * scale, 0.1 * scale])?.point
        else { return parabola }
        let grid = (0...400).map { from + (to - from) * Double($0) / 400 }
        guard let top = grid.max(by: { shape(fit, $0) < shape(fit, $1) }), top > from, top < to else { return parabola }
        return top
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
