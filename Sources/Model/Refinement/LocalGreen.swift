import Numerics

/// The local Green's function g0(ω) = (1/N²) Σ_k G0(k, ω) of one pairing state (PHYSICS.md §5),
/// kept as a histogram of the BdG levels in units of the state's Δ0 with their projectors
/// U_n U_n† summed per bin, so that g0 can be evaluated at any energy and broadening without a
/// new k-sum — what the impurity fit needs for every trial V0 (`ImpurityFit`).
///
///     g0(xΔ0) = (1/Δ0) Σ_bins P_bin / (x + i r − c_bin),   x = ω/Δ0, r = η/Δ0.
///
/// The bins are `LevelBins`, as `ReducedDOS`'s (each level's projector shared linearly between
/// its two nearest bins).
public struct LocalGreen: Sendable {
    /// Bin centres (units of Δ0) and the summed projectors, 16 complex entries (32 doubles,
    /// row-major, real and imaginary interleaved) per bin, already divided by N².
    let centres: [Double]
    let projectors: [Double]
    /// Δ0 of the state (meV).
    public let deltaMeV: Double

    /// The histogram of `system`'s levels and projectors.
    public init(system: MeshEigensystem) {
        let delta = system.hamiltonian.pairing.deltaMeV
        let points = system.size * system.size
        var largest = 0.0
        for e in system.energies { largest = max(largest, abs(e) / delta) }
        let bins = LevelBins(largest: largest)
        var sums = [Double](repeating: 0, count: 32 * bins.count)
        var projector = [Double](repeating: 0, count: 32)
        let norm = 1 / Double(points)
        system.vectors.withUnsafeBufferPointer { v in
            for k in 0..<points {
                let (block, lane) = (k / 4, k % 4)
                let base = v.baseAddress! + block * MeshEigensystem.blockVectors
                for n in 0..<4 {
                    // P_ab = U_an conj(U_bn).
                    for a in 0..<4 {
                        let (ar, ai) = (base[MeshEigensystem.vectorOffset(row: a, band: n, part: 0) + lane],
                                        base[MeshEigensystem.vectorOffset(row: a, band: n, part: 1) + lane])
                        for b in 0..<4 {
                            let (br, bi) = (base[MeshEigensystem.vectorOffset(row: b, band: n, part: 0) + lane],
                                            base[MeshEigensystem.vectorOffset(row: b, band: n, part: 1) + lane])
                            projector[2 * (a * 4 + b)] = (ar * br + ai * bi) * norm
                            projector[2 * (a * 4 + b) + 1] = (ai * br - ar * bi) * norm
                        }
                    }
                    let (lower, upper) = bins.share(system.energies[block * MeshEigensystem.blockEnergies + n * 4 + lane] / delta)
                    for i in 0..<32 {
                        sums[32 * lower + i] += projector[i] * (1 - upper)
                        sums[32 * (lower + 1) + i] += projector[i] * upper
                    }
                }
            }
        }
        var centres: [Double] = [], projectors: [Double] = []
        for bin in 0..<bins.count where sums[32 * bin ..< 32 * bin + 32].contains(where: { $0 != 0 }) {
            centres.append(bins.centre(bin))
            projectors.append(contentsOf: sums[32 * bin ..< 32 * bin + 32])
        }
        self.centres = centres
        self.projectors = projectors
        deltaMeV = delta
    }

    /// g0 at ω = `x` Δ0 with broadening η = `broadening` Δ0, in 1/meV (16 entries, row-major).
    public func matrix(at x: Double, broadening: Double) -> [Complex<Double>] {
        var sum = [Double](repeating: 0, count: 32)
        for (bin, c) in centres.enumerated() {
            // 1/(x − c + i r) = (x − c − i r)/((x − c)² + r²)
            let d = x - c, q = 1 / (d * d + broadening * broadening)
            let (re, im) = (d * q, -broadening * q)
            for i in 0..<16 {
                let (pr, pi) = (projectors[32 * bin + 2 * i], projectors[32 * bin + 2 * i + 1])
                sum[2 * i] += pr * re - pi * im
                sum[2 * i + 1] += pr * im + pi * re
            }
        }
        let scale = 1 / deltaMeV
        return (0..<16).map { (i: Int) -> Complex<Double> in Complex(sum[2 * i] * scale, sum[2 * i + 1] * scale) }
    }

    /// N(ω) = −(1/π) Im Tr_e g0 (states/meV, both spins).
    public static func density(_ g0: [Complex<Double>]) -> Double { -(g0[0].imaginary + g0[5].imaginary) / .pi }

    /// The LDOS change on the impurity's own site, δρ(0, ω) = −(1/π) Im Σ_s [g0 T g0]_ss with
    /// T = [1 − V g0]⁻¹ V, V = V0 τz (PHYSICS.md §5; states/meV, both spins); nil where 1 − V g0 is
    /// singular.
    public static func siteChange(_ g0: [Complex<Double>], impurity v0: Double) -> Double? {
        guard let t = Matrix4.tMatrix(localGreen: g0, impurity: v0) else { return nil }
        var trace = 0.0
        for s in 0..<2 {
            var entry = Complex<Double>.zero
            for a in 0..<4 {
                var tg = Complex<Double>.zero
                for b in 0..<4 { tg += t[a * 4 + b] * g0[b * 4 + s] }
                entry += g0[s * 4 + a] * tg
            }
            trace += entry.imaginary
        }
        return -trace / .pi
    }
}
