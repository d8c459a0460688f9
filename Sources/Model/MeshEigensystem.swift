import Dispatch
import Preprocess
import Foundation
import QPICore

/// The BdG Hamiltonian diagonalised on the whole N × N k-mesh, built once per parameter set and
/// then reused for every energy: G0(k, ω) = Σn |u_n⟩⟨u_n| / (ω + iη − E_n(k)).
///
/// Storage is blocked by 4 consecutive k-points (SIMD lanes): per block, the 4 eigenvalues of each
/// lane (in no particular order), and the eigenvector components U_an (row a, band n) as real and
/// imaginary parts for the 4 lanes: 32 doubles per k-point.
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

    /// Diagonalises H(k) at every mesh point, in parallel over all cores: four mesh points at a
    /// time by Jacobi rotations in SIMD lanes (`HermitianJacobi4`, checked against LAPACK's
    /// zheev in the tests), LAPACK for any point the rotations leave undiagonalised; half the
    /// mesh follows from the other half by particle–hole symmetry.
    public init(hamiltonian: BdGHamiltonian, size: Int) throws {
        precondition(size >= 2 && size % 2 == 0, "mesh size must be even")
        self.size = size
        self.hamiltonian = hamiltonian
        let blocks = size * size / 4
        var failures = 0, vectors: [Double] = []
        // Every element is written by the diagonalisation, so the storage starts uninitialised.
        let energies = [Double](unsafeUninitializedCapacity: blocks * Self.blockEnergies) { e, energyCount in
            HugePages.advise(UnsafeMutableRawPointer(e.baseAddress!), bytes: e.count * 8)
            vectors = [Double](unsafeUninitializedCapacity: blocks * Self.blockVectors) { v, vectorCount in
                HugePages.advise(UnsafeMutableRawPointer(v.baseAddress!), bytes: v.count * 8)
                failures = Self.diagonalise(hamiltonian, size: size, energies: e, vectors: v)
                vectorCount = v.count
            }
            energyCount = e.count
        }
        guard failures == 0 else {
            throw ModelError.diagonalisationFailed(points: failures)
        }
        self.energies = energies
        self.vectors = vectors
    }

    /// Diagonalises the mesh rows 0 … N/2 (`solvedBlocks`) and fills the other rows from their
    /// partners at −k.
    private static func diagonalise(_ hamiltonian: BdGHamiltonian, size: Int,
                                    energies energyBuffer: UnsafeMutableBufferPointer<Double>,
                                    vectors vectorBuffer: UnsafeMutableBufferPointer<Double>) -> Int {
        let points = size * size
        let solved = solvedBlocks(size: size)
        let energies = SharedPointer(base: energyBuffer.baseAddress!)
        let vectors = SharedPointer(base: vectorBuffer.baseAddress!)
        let table = MeshPhaseTable(size: size)
        let amplitudes = hamiltonian.pairing.amplitudes
        let failures = Counter()
        DispatchQueue.concurrentRanges(solved) { range in
            var failed = 0
            withUnsafeTemporaryAllocation(of: SIMD4<Double>.self, capacity: 64) { lanes in
                withUnsafeTemporaryAllocation(of: Double.self, capacity: 32) { single in
                    let a = lanes.baseAddress!, u = a + 32, h = single.baseAddress!
                    for block in range {
                        failed += solveBlock(hamiltonian, block: block, size: size, table: table, amplitudes: amplitudes,
                                             scratch: h, matrix: a, vectors: u,
                                             energiesOut: energies.base + block * blockEnergies, vectorsOut: vectors.base + block * blockVectors)
                    }
                }
            }
            if failed > 0 { failures.add(failed) }
        }
        let mirrored = points - solved * 4
        DispatchQueue.concurrentRanges(mirrored) { range in
            for k in range { mirror(solved * 4 + k, size: size, energies: energies.base, vectors: vectors.base) }
        }
        return failures.add(0)
    }

    /// The 4-point blocks that cover the mesh rows 0 … N/2: the rest of the mesh follows from
    /// them by particle–hole symmetry (`mirror`; rows 0 and N/2 hold their own partners).
    static func solvedBlocks(size: Int) -> Int { min(size * size / 4, ((size / 2 + 1) * size + 3) / 4) }

    /// The four mesh points of `block` diagonalised (`solve`, LAPACK for a lane the rotations
    /// leave) into one block of the eigensystem's layout at `energiesOut` and `vectorsOut`;
    /// returns the points LAPACK failed on as well.
    @inline(__always)
    static func solveBlock(_ hamiltonian: BdGHamiltonian, block: Int, size: Int, table: MeshPhaseTable, amplitudes: PairingState.Amplitudes,
                           scratch h: UnsafeMutablePointer<Double>, matrix a: UnsafeMutablePointer<SIMD4<Double>>,
                           vectors u: UnsafeMutablePointer<SIMD4<Double>>,
                           energiesOut: UnsafeMutablePointer<Double>, vectorsOut: UnsafeMutablePointer<Double>) -> Int {
        let pending = solve(hamiltonian, block: block, size: size, table: table, amplitudes: amplitudes, scratch: h, matrix: a, vectors: u)
        for n in 0..<4 { (energiesOut + n * 4).storeLanes(a[HermitianJacobi4.re(n, n)]) }
        for index in 0..<32 { (vectorsOut + index * 4).storeLanes(u[index]) }
        var failed = 0
        for lane in 0..<4 where pending[lane] {
            if !solveWithLAPACK(hamiltonian, k: block * 4 + lane, size: size, block: 0, lane: lane,
                                energies: energiesOut, vectors: vectorsOut) { failed += 1 }
        }
        return failed
    }

    /// H(k) of the four mesh points of `block` diagonalised by Jacobi rotations in SIMD lanes:
    /// eigenvalues on `matrix`'s diagonal, eigenvectors in `vectors` (`HermitianJacobi4`'s
    /// layouts); `scratch` holds one column-major H. Returns the lanes left undiagonalised.
    @inline(__always)
    static func solve(_ hamiltonian: BdGHamiltonian, block: Int, size: Int, table: MeshPhaseTable, amplitudes: PairingState.Amplitudes,
                      scratch h: UnsafeMutablePointer<Double>, matrix a: UnsafeMutablePointer<SIMD4<Double>>,
                      vectors u: UnsafeMutablePointer<SIMD4<Double>>) -> SIMDMask<SIMD4<Int64>> {
        for lane in 0..<4 {
            let k = block * 4 + lane
            hamiltonian.fill(harmonics: LatticeHarmonics(m: k / size, n: k % size, table: table), amplitudes: amplitudes, into: h)
            // Column-major interleaved → the solver's row-major lane layout.
            for r in 0..<4 {
                for c in 0..<4 {
                    a[HermitianJacobi4.re(r, c)][lane] = h[2 * (c * 4 + r)]
                    a[HermitianJacobi4.im(r, c)][lane] = h[2 * (c * 4 + r) + 1]
                }
            }
        }
        return HermitianJacobi4.diagonalise(a, vectors: u)
    }

    /// Fills mesh point k from its partner at −k by the particle–hole symmetry of the BdG
    /// doubling (docs/physics.md §4): τx H(k)* τx = −H(−k) with τx swapping the electron and hole
    /// blocks, so E_n(−k) = −E_n(k) and U(−k) = τx U(k)*. (It holds for every channel because
    /// Δ(−k) = −Δ(k)ᵀ; the tests compare every mesh point with LAPACK.)
    @inline(__always)
    private static func mirror(_ k: Int, size: Int, energies: UnsafeMutablePointer<Double>, vectors: UnsafeMutablePointer<Double>) {
        let (m, n) = (k / size, k % size)
        let source = ((size - m) % size) * size + (size - n) % size
        let (block, lane) = (k / 4, k % 4), (sourceBlock, sourceLane) = (source / 4, source % 4)
        for band in 0..<4 {
            energies[block * blockEnergies + band * 4 + lane] = -energies[sourceBlock * blockEnergies + band * 4 + sourceLane]
            for row in 0..<4 {
                let from = sourceBlock * blockVectors + sourceLane, to = block * blockVectors + lane
                vectors[to + vectorOffset(row: row, band: band, part: 0)] = vectors[from + vectorOffset(row: row ^ 2, band: band, part: 0)]
                vectors[to + vectorOffset(row: row, band: band, part: 1)] = -vectors[from + vectorOffset(row: row ^ 2, band: band, part: 1)]
            }
        }
    }

    /// The fallback for a mesh point the Jacobi sweeps left undiagonalised: LAPACK's zheev,
    /// written into the same block layout. Returns false if LAPACK failed as well.
    static func solveWithLAPACK(_ hamiltonian: BdGHamiltonian, k: Int, size: Int, block: Int, lane: Int,
                                        energies: UnsafeMutablePointer<Double>, vectors: UnsafeMutablePointer<Double>) -> Bool {
        var matrix = [Double](repeating: 0, count: 32), values = [Double](repeating: 0, count: 4)
        let ok = matrix.withUnsafeMutableBufferPointer { a in
            values.withUnsafeMutableBufferPointer { w in
                hamiltonian.fill(k: LatticeGeometry.meshPoint(k / size, k % size, size: size), into: a.baseAddress!)
                return HermitianEigensolver4().solve(a.baseAddress!, values: w.baseAddress!)
            }
        }
        for n in 0..<4 { energies[block * blockEnergies + n * 4 + lane] = values[n] }
        let base = block * blockVectors + lane
        for a in 0..<4 {
            for n in 0..<4 {
                // Column n of the column-major eigenvector matrix: U_an at 2(n·4 + a).
                vectors[base + vectorOffset(row: a, band: n, part: 0)] = matrix[2 * (n * 4 + a)]
                vectors[base + vectorOffset(row: a, band: n, part: 1)] = matrix[2 * (n * 4 + a) + 1]
            }
        }
        return ok
    }

    /// The quasiparticle gap min_n |E_n(k)| at every mesh point, `[m * N + n]`, in meV.
    public var quasiparticleGap: [Double] {
        (0 ..< size * size).map { k in
            let (block, lane) = (k / 4, k % 4)
            return (0..<4).map { abs(energies[block * Self.blockEnergies + $0 * 4 + lane]) }.min()!
        }
    }
}
