import Foundation
import QPICore

/// Lawler–Fujita drift correction (M. J. Lawler et al., Nature 466, 347 (2010), supplementary
/// information; K. Fujita et al., Science 344, 612 (2014)).
///
/// The Bragg vectors Q̄ are first made commensurate with the image (rounded to whole Fourier
/// pixels). A local lock-in at each Q̄ — multiplication by e^{−iQ̄·r} and a Gaussian low-pass of
/// real-space width `filterLength` — gives a phase θ_i(r) = Q̄_i·u(r); after unwrapping, the
/// displacement u(r) is the least-squares solution over the Bragg vectors, and every layer is
/// corrected as T̃(r) = T(r − u(r)), so the corrected lattice is exactly periodic on the image.
public enum LawlerFujita {
    /// The result of measuring the displacement field.
    public struct Result: Sendable {
        public var field: DisplacementField
        /// The commensurate Bragg vectors used for the lock-in.
        public var commensurate: [BraggPeak]
        /// Unwrapped phase maps θ_i(r), radians.
        public var phases: [Plane]
        /// Lock-in amplitude maps |T_i(r)|.
        public var amplitudes: [Plane]
    }

    /// Measures u(r) from `topograph` and its Bragg `peaks`; `filterLength` is the Gaussian width
    /// σ of the lock-in in pixels (a few lattice constants: long enough to average the atoms,
    /// short enough to follow the drift).
    public static func measure(topograph: Plane, peaks: [BraggPeak], filterLength: Double) -> Result {
        let (rows, columns) = (topograph.rows, topograph.columns)
        let commensurate = peaks.map { commensurateVersion(of: $0, rows: rows, columns: columns) }
        let centred = topograph.subtractingMean().values
        var phases: [Plane] = [], amplitudes: [Plane] = []
        for q in commensurate {
            let (phase, amplitude) = lockIn(centred, rows: rows, columns: columns, q: q, sigma: filterLength)
            phases.append(PhaseUnwrapping.unwrap(phase))
            amplitudes.append(amplitude)
        }
        makeConsistent(&phases, commensurate)
        return Result(field: solve(phases, commensurate), commensurate: commensurate, phases: phases, amplitudes: amplitudes)
    }

    /// `peak` moved to the nearest whole Fourier pixel.
    public static func commensurateVersion(of peak: BraggPeak, rows: Int, columns: Int) -> BraggPeak {
        let kx = (peak.qx * Double(columns) / (2 * Double.pi)).rounded()
        let ky = (peak.qy * Double(rows) / (2 * Double.pi)).rounded()
        return BraggPeak(qx: 2 * Double.pi * kx / Double(columns), qy: 2 * Double.pi * ky / Double(rows), amplitude: peak.amplitude)
    }

    /// arg and |·| of the Gaussian-filtered T(r) e^{−iq·r}.
    static func lockIn(_ values: [Double], rows: Int, columns: Int, q: BraggPeak, sigma: Double) -> (Plane, Plane) {
        let forward = FFT2D(rows: rows, columns: columns, direction: .forward, rigor: .estimate)
        let backward = FFT2D(rows: rows, columns: columns, direction: .backward, rigor: .estimate)
        let a = forward.buffer
        for r in 0..<rows {
            for c in 0..<columns {
                let i = r * columns + c, phase = -(q.qx * Double(c) + q.qy * Double(r))
                a[2 * i] = values[i] * cos(phase)
                a[2 * i + 1] = values[i] * sin(phase)
            }
        }
        forward.execute()
        let b = backward.buffer
        let norm = 1 / Double(rows * columns)
        for r in 0..<rows {
            let ky = 2 * Double.pi * Double(Fourier.signedIndex(r, rows)) / Double(rows)
            for c in 0..<columns {
                let kx = 2 * Double.pi * Double(Fourier.signedIndex(c, columns)) / Double(columns)
                let g = exp(-0.5 * (kx * kx + ky * ky) * sigma * sigma) * norm
                let i = r * columns + c
                b[2 * i] = a[2 * i] * g
                b[2 * i + 1] = a[2 * i + 1] * g
            }
        }
        backward.execute()
        var phase = Plane(rows: rows, columns: columns), amplitude = Plane(rows: rows, columns: columns)
        for i in 0 ..< rows * columns {
            phase.values[i] = atan2(b[2 * i + 1], b[2 * i])
            amplitude.values[i] = (b[2 * i] * b[2 * i] + b[2 * i + 1] * b[2 * i + 1]).squareRoot()
        }
        return (phase, amplitude)
    }

    /// For three hexagonal Bragg vectors with Q3 = Q2 − Q1 (sorted by angle), removes the 2π
    /// ambiguity between the independently unwrapped phases so that θ3 = θ2 − θ1 holds.
    static func makeConsistent(_ phases: inout [Plane], _ q: [BraggPeak]) {
        guard phases.count == 3 else { return }
        let d = q[1].vector - q[0].vector - q[2].vector
        guard (d * d).sum() < 1e-12 else { return }
        let offset = 2 * Double.pi * ((phases[1].values[0] - phases[0].values[0] - phases[2].values[0]) / (2 * Double.pi)).rounded()
        phases[2].values = phases[2].values.map { $0 + offset }
    }

    /// u = (QᵀQ)⁻¹ Qᵀ θ at every pixel.
    static func solve(_ phases: [Plane], _ q: [BraggPeak]) -> DisplacementField {
        var (sxx, sxy, syy) = (0.0, 0.0, 0.0)
        for p in q { sxx += p.qx * p.qx; sxy += p.qx * p.qy; syy += p.qy * p.qy }
        let det = sxx * syy - sxy * sxy
        var ux = Plane(rows: phases[0].rows, columns: phases[0].columns), uy = ux
        for i in ux.values.indices {
            var (bx, by) = (0.0, 0.0)
            for (p, phase) in zip(q, phases) { bx += p.qx * phase.values[i]; by += p.qy * phase.values[i] }
            ux.values[i] = (syy * bx - sxy * by) / det
            uy.values[i] = (sxx * by - sxy * bx) / det
        }
        return DisplacementField(ux: ux, uy: uy)
    }
}
