import Dispatch
import QPICore

/// The two 2 × 2 blocks of H(k) of a spin-conserving state on the mesh (`GreenStructure`):
/// (e↑, h↓), Nambu indices {0, 3}, and (e↓, h↑), indices {1, 2}, each as [[a, Δ], [Δ*, d]].
///
/// They come straight from the Hamiltonian's formulas (`BdGHamiltonian.fill`), so the
/// spin-conserving route needs no diagonalisation: every energy forms G0 of a block as a 2 × 2
/// inverse, [[z − a, −Δ], [−Δ*, z − d]]⁻¹ = [[z − d, Δ], [Δ*, z − a]] / ((z − a)(z − d) − |Δ|²).
/// Computed in double, stored in the precision `S` of the energy workers, in blocks of 4
/// consecutive mesh points (SIMD lanes) like `MeshEigensystem`.
struct SpinBlocks<S: FFTScalar>: Sendable {
    /// Mesh size N.
    let size: Int
    /// Per 4-point block of the mesh: a↑, d↑, Re Δ↑, Im Δ↑, a↓, d↓, Re Δ↓, Im Δ↓, 4 lanes each.
    let values: [S]

    static var blockValues: Int { 32 }

    /// The blocks of `hamiltonian` on the N × N mesh, in parallel over all cores.
    init(hamiltonian: BdGHamiltonian, size: Int) {
        precondition(size >= 2 && size % 2 == 0, "mesh size must be even")
        self.size = size
        let blocks = size * size / 4
        let table = MeshPhaseTable(size: size)
        let amplitudes = hamiltonian.pairing.amplitudes
        values = [S](unsafeUninitializedCapacity: blocks * Self.blockValues) { out, initialised in
            HugePages.advise(UnsafeMutableRawPointer(out.baseAddress!), bytes: out.count * MemoryLayout<S>.stride)
            let shared = SharedPointer(base: out.baseAddress!)
            DispatchQueue.concurrentRanges(blocks) { range in
                withUnsafeTemporaryAllocation(of: Double.self, capacity: 32) { h in
                    let h = h.baseAddress!
                    for block in range {
                        let base = shared.base + block * Self.blockValues
                        for lane in 0..<4 {
                            let k = block * 4 + lane
                            hamiltonian.fill(harmonics: LatticeHarmonics(m: k / size, n: k % size, table: table),
                                             amplitudes: amplitudes, into: h)
                            // H_rc of the column-major interleaved matrix: real part, imaginary part.
                            @inline(__always) func re(_ r: Int, _ c: Int) -> S { S(h[2 * (c * 4 + r)]) }
                            @inline(__always) func im(_ r: Int, _ c: Int) -> S { S(h[2 * (c * 4 + r) + 1]) }
                            base[lane] = re(0, 0); base[4 + lane] = re(3, 3); base[8 + lane] = re(0, 3); base[12 + lane] = im(0, 3)
                            base[16 + lane] = re(1, 1); base[20 + lane] = re(2, 2); base[24 + lane] = re(1, 2); base[28 + lane] = im(1, 2)
                        }
                    }
                }
            }
            initialised = out.count
        }
    }
}
