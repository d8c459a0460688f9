import Dispatch
import Foundation
import QPICore

extension MeshEigensystem {
    /// The histogram of the BdG levels of the N × N mesh of `hamiltonian` in units of its Δ0,
    /// each weighted by its electron content |U_0n|² + |U_1n|² / N² (`LevelHistogram`), without
    /// keeping the eigenvectors or the levels — what the DOS of a fine mesh needs (`ReducedDOS`).
    /// The points are diagonalised as the eigensystem's are (`solve`, LAPACK for a lane the
    /// rotations leave), in parallel over all cores, each chunk binning its own levels. As there,
    /// only rows 0 … N/2 are diagonalised: by particle–hole symmetry a point of rows 1 … N/2 − 1
    /// also stands for its partner at −k, with levels −E_n(k) of electron weight 1 − w_n(k)
    /// (rows 0 and N/2 hold their own partners).
    static func levelHistogram(_ hamiltonian: BdGHamiltonian, size: Int) throws -> LevelHistogram {
        precondition(size >= 2 && size % 2 == 0, "mesh size must be even")
        let points = size * size
        let solved = min(points / 4, ((size / 2 + 1) * size + 3) / 4)
        let (scale, norm) = (1 / hamiltonian.pairing.deltaMeV, 1 / Double(points))
        let table = MeshPhaseTable(size: size)
        let amplitudes = hamiltonian.pairing.amplitudes
        let failures = Counter()
        let total = ChunkHistograms()
        DispatchQueue.concurrentRanges(solved) { range in
            var failed = 0
            var histogram = LevelHistogram()
            withUnsafeTemporaryAllocation(of: SIMD4<Double>.self, capacity: 64) { lanes in
                withUnsafeTemporaryAllocation(of: Double.self, capacity: 32 + blockEnergies + blockVectors) { single in
                    let a = lanes.baseAddress!, u = a + 32, h = single.baseAddress!
                    // One block in the eigensystem's layout, where the LAPACK fallback writes.
                    let blockLevels = h + 32, blockVectors = blockLevels + Self.blockEnergies
                    for block in range {
                        let pending = solve(hamiltonian, block: block, size: size, table: table, amplitudes: amplitudes,
                                            scratch: h, matrix: a, vectors: u)
                        for n in 0..<4 { (blockLevels + n * 4).storeLanes(a[HermitianJacobi4.re(n, n)]) }
                        for index in 0..<32 { (blockVectors + index * 4).storeLanes(u[index]) }
                        for lane in 0..<4 where pending[lane] {
                            if !solveWithLAPACK(hamiltonian, k: block * 4 + lane, size: size, block: 0, lane: lane,
                                                energies: blockLevels, vectors: blockVectors) { failed += 1 }
                        }
                        for lane in 0..<4 {
                            let row = (block * 4 + lane) / size
                            let mirrored = row != 0 && row != size / 2
                            for n in 0..<4 {
                                let x = blockLevels[n * 4 + lane] * scale
                                let weight = electronWeight(blockVectors: UnsafePointer(blockVectors), lane: lane, band: n)
                                histogram.add(x, weight: weight * norm)
                                if mirrored { histogram.add(-x, weight: (1 - weight) * norm) }
                            }
                        }
                    }
                }
            }
            total.add(histogram, at: range.lowerBound)
            if failed > 0 { failures.add(failed) }
        }
        let failed = failures.add(0)
        guard failed == 0 else { throw ModelError.diagonalisationFailed(points: failed) }
        return total.merged
    }
}

/// The chunks' histograms, collected under a lock as each chunk finishes and merged in the
/// mesh's order (so that the sums do not depend on which chunk finished first).
private final class ChunkHistograms: @unchecked Sendable {
    private let lock = NSLock()
    private var chunks: [(start: Int, histogram: LevelHistogram)] = []

    func add(_ histogram: LevelHistogram, at start: Int) {
        lock.lock(); defer { lock.unlock() }
        chunks.append((start, histogram))
    }

    var merged: LevelHistogram {
        var total = LevelHistogram()
        for chunk in chunks.sorted(by: { $0.start < $1.start }) { total.merge(chunk.histogram) }
        return total
    }
}
