import Dispatch
import QPICore

extension MeshEigensystem {
    /// The BdG levels of every point of the N × N mesh of `hamiltonian` and their electron
    /// weights |U_0n|² + |U_1n|², `[k * 4 + n]` (the bands of a point in no particular order),
    /// without keeping the eigenvectors: 8 doubles per point instead of 36, which is what the DOS
    /// of a fine mesh needs (`ReducedDOS`; 64 MB instead of about 300 MB at N = 1024). Every point is
    /// diagonalised as the eigensystem's are (`solve`, LAPACK for a lane the rotations leave),
    /// in parallel over all cores.
    static func levels(_ hamiltonian: BdGHamiltonian, size: Int) throws -> (energies: [Double], electronWeights: [Double]) {
        precondition(size >= 2 && size % 2 == 0, "mesh size must be even")
        let points = size * size
        var energies = [Double](repeating: 0, count: 4 * points), weights = energies
        let table = MeshPhaseTable(size: size)
        let amplitudes = hamiltonian.pairing.amplitudes
        let failures = Counter()
        energies.withUnsafeMutableBufferPointer { e in
            weights.withUnsafeMutableBufferPointer { w in
                let (levelsOut, weightsOut) = (SharedPointer(base: e.baseAddress!), SharedPointer(base: w.baseAddress!))
                DispatchQueue.concurrentRanges(points / 4) { range in
                    var failed = 0
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
                                    for n in 0..<4 {
                                        levelsOut.base[4 * (block * 4 + lane) + n] = blockLevels[n * 4 + lane]
                                        weightsOut.base[4 * (block * 4 + lane) + n] =
                                            electronWeight(blockVectors: UnsafePointer(blockVectors), lane: lane, band: n)
                                    }
                                }
                            }
                        }
                    }
                    if failed > 0 { failures.add(failed) }
                }
            }
        }
        let failed = failures.add(0)
        guard failed == 0 else { throw ModelError.diagonalisationFailed(points: failed) }
        return (energies, weights)
    }
}
