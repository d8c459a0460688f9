import Dispatch
import QPICore

extension MeshEigensystem {
    /// The histogram of the BdG levels of the N × N mesh of `hamiltonian` in units of its Δ0,
    /// each weighted by its electron content |U_0n|² + |U_1n|² / N² (`LevelHistogram`), without
    /// keeping the eigenvectors or the levels — what the DOS of a fine mesh needs (`ReducedDOS`).
    /// The points are diagonalised as the eigensystem's are (`solveBlock`), in parallel over all
    /// cores, each chunk binning its own levels and the chunks merged in the mesh's order. As
    /// there, only rows 0 … N/2 are diagonalised (`solvedBlocks`): by particle–hole symmetry a
    /// point of rows 1 … N/2 − 1 also stands for its partner at −k, with levels −E_n(k) of
    /// electron weight 1 − w_n(k) (rows 0 and N/2 hold their own partners).
    static func levelHistogram(_ hamiltonian: BdGHamiltonian, size: Int) throws -> LevelHistogram {
        precondition(size >= 2 && size % 2 == 0, "mesh size must be even")
        let (scale, norm) = (1 / hamiltonian.pairing.deltaMeV, 1 / Double(size * size))
        let table = MeshPhaseTable(size: size)
        let amplitudes = hamiltonian.pairing.amplitudes
        let chunks = DispatchQueue.concurrentMapRanges(solvedBlocks(size: size)) { range in
            var failed = 0
            var histogram = LevelHistogram()
            withUnsafeTemporaryAllocation(of: SIMD4<Double>.self, capacity: 64) { lanes in
                withUnsafeTemporaryAllocation(of: Double.self, capacity: 32 + blockEnergies + blockVectors) { single in
                    let a = lanes.baseAddress!, u = a + 32, h = single.baseAddress!
                    // One block in the eigensystem's layout.
                    let blockLevels = h + 32, blockVectors = blockLevels + Self.blockEnergies
                    for block in range {
                        failed += solveBlock(hamiltonian, block: block, size: size, table: table, amplitudes: amplitudes,
                                             scratch: h, matrix: a, vectors: u, energiesOut: blockLevels, vectorsOut: blockVectors)
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
            return (histogram, failed)
        }
        let failed = chunks.reduce(0) { $0 + $1.1 }
        guard failed == 0 else { throw ModelError.diagonalisationFailed(points: failed) }
        var total = LevelHistogram()
        for chunk in chunks { total.merge(chunk.0) }
        return total
    }
}
