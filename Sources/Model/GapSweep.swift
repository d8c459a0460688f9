import Foundation
import QPICore

/// The energy sweep a measurement would record the averaged spectrum on, for estimating the gap
/// of a simulated state the way a measured one is estimated (docs/physics.md §6): the simulated
/// DOS sampled every `step` over ± `window` (both in units of the state's coherence peak on a
/// fine grid), with white noise of `relativeNoise` times the mean DOS added, then given to the
/// same estimator (`GapEstimate.estimate`) as a measured spectrum.
public struct GapSweep: Sendable, Equatable {
    /// Energy step, in units of the coherence peak.
    public var step: Double
    /// Half-window of the sweep (it runs over ± window), in units of the coherence peak.
    public var window: Double
    /// Standard deviation of the noise on the averaged spectrum, relative to its mean.
    public var relativeNoise: Double
    /// Seed of the noise.
    public var seed: UInt64

    public init(step: Double, window: Double, relativeNoise: Double = 0, seed: UInt64 = 1) {
        self.step = step
        self.window = window
        self.relativeNoise = relativeNoise
        self.seed = seed
    }

    /// The sweep's energies for a coherence peak at `peak` meV: from −window to +window in steps
    /// of `step` (a sweep through zero bias, as measured grids are).
    public func energies(peak: Double) -> [Double] {
        let count = Int((window / step).rounded(.down))
        return (-count ... count).map { Double($0) * step * peak }
    }
}

extension MeshEigensystem {
    /// The gap a measurement of this state on `sweep` reports: the DOS sampled on the sweep, with
    /// its noise, through the measurement's estimator; the fine-grid coherence peak when no peak
    /// stands out.
    public func measuredGap(delta: Double, eta: Double, sweep: GapSweep) -> Double {
        let peak = coherencePeakGap(delta: delta, eta: eta)
        let energies = sweep.energies(peak: peak)
        var dos = dos(energies: energies, eta: eta)
        if sweep.relativeNoise > 0 {
            var random = SeededRandom(seed: sweep.seed)
            let sigma = sweep.relativeNoise * dos.reduce(0, +) / Double(dos.count)
            dos = dos.map { $0 + sigma * random.gaussian() }
        }
        return GapEstimate.estimate(energies: energies, spectrum: dos)?.delta ?? peak
    }
}
