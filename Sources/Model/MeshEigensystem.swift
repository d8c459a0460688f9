import Dispatch
import Preprocess
import Foundation
import QPICore

/// The BdG Hamiltonian diagonalised on the whole N × N k-mesh, built once per parameter set and
/// then reused for every energy: G0(k, ω) = Σn |u_n⟩⟨u_n| / (ω + iη − E_n(k)).
///
/// Storage is blocked by 4 consecutive k-points (SIMD lanes): per block, the 4 eigenvalues of each
/// lane, and the eigenvector components U_an (row a, band n) as real and imaginary parts for the
/// 4 lanes: 32 doubles per k-point.
public final class MeshEigensystem: Sendable {
    /// Mesh size N.
    public let size: Int
    public let hamiltonian: BdGHamiltonian
    /// Eigenvalues, `[block][band][lane]`.
    let energies: [Double]
    /// Eigenvectors, `[block][row a][band n][re, im][lane]`.
    let vectors: [Double]

    static let blockEnergies = 16
    static let blockVectors = 4 * 4 * 2 * 4

    /// Offset of U_an's real part (`part` 0) or imaginary part (1) within a block.
    @inline(__always)
    static func vectorOffset(row a: Int, band n: Int, part: Int) -> Int { ((a * 4 + n) * 2 + part) * 4 }

    /// Number of 4-point blocks.
    var blocks: Int { size * size / 4 }

    /// Diagonalises H(k) at every mesh point, in parallel over all cores.
    public init(hamiltonian: BdGHamiltonian, size: Int) throws {
        precondition(size >= 2 && size % 2 == 0, "mesh size must be even")
        self.size = size
        self.hamiltonian = hamiltonian
        let blocks = size * size / 4
        var energies = [Double](repeating: 0, count: blocks * Self.blockEnergies)
        var vectors = [Double](repeating: 0, count: blocks * Self.blockVectors)
        let chunks = max(1, min(blocks, ProcessInfo.processInfo.activeProcessorCount * 8))
        let failures = energies.withUnsafeMutableBufferPointer { e in
            vectors.withUnsafeMutableBufferPointer { v in
                Self.diagonalise(hamiltonian, size: size, chunks: chunks, energies: e, vectors: v)
            }
        }
        guard failures == 0 else {
            throw ModelError.diagonalisationFailed(points: failures)
        }
        self.energies = energies
        self.vectors = vectors
    }

    private static func diagonalise(_ hamiltonian: BdGHamiltonian, size: Int, chunks: Int,
                                    energies energyBuffer: UnsafeMutableBufferPointer<Double>,
                                    vectors vectorBuffer: UnsafeMutableBufferPointer<Double>) -> Int {
        let blocks = size * size / 4
        let energies = SharedPointer(base: energyBuffer.baseAddress!)
        let vectors = SharedPointer(base: vectorBuffer.baseAddress!)
        let failures = Counter()
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            let solver = HermitianEigensolver4()
            var matrix = [Double](repeating: 0, count: 32)
            var values = [Double](repeating: 0, count: 4)
            var failed = 0
            for block in (blocks * chunk / chunks) ..< (blocks * (chunk + 1) / chunks) {
                for lane in 0..<4 {
                    let k = block * 4 + lane
                    let point = LatticeGeometry.meshPoint(k / size, k % size, size: size)
                    let ok = matrix.withUnsafeMutableBufferPointer { a in
                        values.withUnsafeMutableBufferPointer { w in
                            hamiltonian.fill(k: point, into: a.baseAddress!)
                            return solver.solve(a.baseAddress!, values: w.baseAddress!)
                        }
                    }
                    if !ok { failed += 1 }
                    for n in 0..<4 { energies[block * blockEnergies + n * 4 + lane] = values[n] }
                    let base = block * blockVectors + lane
                    for a in 0..<4 {
                        for n in 0..<4 {
                            // Column n of the column-major eigenvector matrix: U_an at 2(n·4 + a).
                            vectors[base + vectorOffset(row: a, band: n, part: 0)] = matrix[2 * (n * 4 + a)]
                            vectors[base + vectorOffset(row: a, band: n, part: 1)] = matrix[2 * (n * 4 + a) + 1]
                        }
                    }
                }
            }
            if failed > 0 { failures.add(failed) }
        }
        return failures.add(0)
    }

    /// The quasiparticle gap min_n |E_n(k)| at every mesh point, `[m * N + n]`, in meV.
    public var quasiparticleGap: [Double] {
        (0 ..< size * size).map { k in
            let (block, lane) = (k / 4, k % 4)
            return (0..<4).map { abs(energies[block * Self.blockEnergies + $0 * 4 + lane]) }.min()!
        }
    }
}
