import Foundation
import Preprocess
import QPICore

extension MeshEigensystem {
    /// The electron spectral function A(k, ω) = −(1/π) Im Tr_e G0(k, ω + iη) at every mesh point,
    /// `[m * N + n]`, in states/meV (both spins): its constant-energy contours are what QPI
    /// connects. Summed over the mesh and divided by N² it is the DOS N(ω).
    public func spectralFunction(energy omega: Double, eta: Double) -> [Double] {
        (0 ..< size * size).map { k in
            let (block, lane) = (k / 4, k % 4)
            var total = 0.0
            for n in 0..<4 {
                let x = omega - energies[block * Self.blockEnergies + n * 4 + lane]
                total += electronWeight(block: block, lane: lane, band: n) * -eta / (x * x + eta * eta)
            }
            return -total / Double.pi
        }
    }

    /// |U_0n|² + |U_1n|²: the electron weight of band `n` at the mesh point in `lane` of `block`.
    @inline(__always)
    func electronWeight(block: Int, lane: Int, band n: Int) -> Double {
        vectors.withUnsafeBufferPointer { Self.electronWeight(blockVectors: $0.baseAddress! + block * Self.blockVectors, lane: lane, band: n) }
    }

    /// |U_0n|² + |U_1n|² of band `n` in `lane` of one block's eigenvectors (the eigensystem's layout).
    @inline(__always)
    static func electronWeight(blockVectors v: UnsafePointer<Double>, lane: Int, band n: Int) -> Double {
        var weight = 0.0
        for a in 0..<2 {
            for part in 0..<2 {
                let u = v[vectorOffset(row: a, band: n, part: part) + lane]
                weight += u * u
            }
        }
        return weight
    }

    /// The superconducting gap on the normal-state Fermi surface: at every mesh point where one
    /// of the two normal-state bands lies within `tolerance` meV of the Fermi level, the smallest
    /// BdG excitation energy min_n |E_n(k)|. Returns the mesh indices and the gaps in meV.
    public func gapOnFermiSurface(tolerance: Double) -> [(m: Int, n: Int, gap: Double)] {
        let normal = hamiltonian.normal
        let gaps = quasiparticleGap
        var out: [(Int, Int, Double)] = []
        for m in 0..<size {
            for n in 0..<size {
                let (lower, upper) = normal.bands(LatticeHarmonics(k: LatticeGeometry.meshPoint(m, n, size: size)))
                if abs(lower) <= tolerance || abs(upper) <= tolerance { out.append((m, n, gaps[m * size + n])) }
            }
        }
        return out
    }

    /// The gap a user would measure: the coherence peak of N(ω) on −2Δ0…2Δ0 (step 0.05 Δ0), by
    /// the same estimator the preprocessing applies to measured spectra (`delta` when no peak
    /// stands out). N(ω) comes from the spectral function summed over the mesh; no maps are needed.
    public func coherencePeakGap(delta: Double, eta: Double) -> Double {
        let energies = stride(from: -2.0, through: 2.0, by: 0.05).map { $0 * delta }
        return GapEstimate.estimate(energies: energies, spectrum: dos(energies: energies, eta: eta))?.delta ?? delta
    }

    /// N(ω) at each of `energies` (states/meV/site, both spins): the spectral function summed
    /// over the mesh, with each band's electron weight computed once for all energies. Four
    /// energies share each pass over the levels, four levels per SIMD lane group.
    public func dos(energies omegas: [Double], eta: Double) -> [Double] {
        typealias V = SIMD4<Double>
        // Levels and electron weights as [block * 4 + band] lane groups (the storage's own order).
        var levels = [V](repeating: .zero, count: blocks * 4), weights = levels
        for block in 0..<blocks {
            for n in 0..<4 {
                let e = block * Self.blockEnergies + n * 4
                levels[block * 4 + n] = V(energies[e], energies[e + 1], energies[e + 2], energies[e + 3])
                weights[block * 4 + n] = V(electronWeight(block: block, lane: 0, band: n), electronWeight(block: block, lane: 1, band: n),
                                           electronWeight(block: block, lane: 2, band: n), electronWeight(block: block, lane: 3, band: n))
            }
        }
        let scale = eta / Double.pi / Double(size * size), eta2 = V(repeating: eta * eta)
        var result = [Double](repeating: 0, count: omegas.count)
        for start in stride(from: 0, to: omegas.count, by: 4) {
            // Four energies per pass (the last one repeated where fewer are left).
            @inline(__always) func omega(_ j: Int) -> V { V(repeating: omegas[min(start + j, omegas.count - 1)]) }
            let (w0, w1, w2, w3) = (omega(0), omega(1), omega(2), omega(3))
            var sums = (V.zero, V.zero, V.zero, V.zero)
            for i in levels.indices {
                let level = levels[i], weight = weights[i]
                let x0 = w0 - level, x1 = w1 - level, x2 = w2 - level, x3 = w3 - level
                sums.0 += weight / (x0 * x0 + eta2)
                sums.1 += weight / (x1 * x1 + eta2)
                sums.2 += weight / (x2 * x2 + eta2)
                sums.3 += weight / (x3 * x3 + eta2)
            }
            let totals = [sums.0.sum(), sums.1.sum(), sums.2.sum(), sums.3.sum()]
            for j in 0 ..< min(4, omegas.count - start) { result[start + j] = totals[j] * scale }
        }
        return result
    }
}
