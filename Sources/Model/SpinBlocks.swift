import QPICore

/// The two 2 × 2 blocks of H(k) of a spin-conserving state on the mesh (`GreenStructure`):
/// (e↑, h↓), Nambu indices {0, 3}, and (e↓, h↑), indices {1, 2}, each as [[a, Δ], [Δ*, d]].
///
/// They are rebuilt once from the stored eigensystem, H_ab = Σn U_an E_n U*_bn, so that every
/// energy forms G0 of a block as a 2 × 2 inverse instead of a sum over four bands:
/// [[z − a, −Δ], [−Δ*, z − d]]⁻¹ = [[z − d, Δ], [Δ*, z − a]] / ((z − a)(z − d) − |Δ|²).
/// Computed in double, stored in the precision `S` of the energy workers.
struct SpinBlocks<S: FFTScalar>: Sendable {
    /// Per 4-point block of the mesh: a↑, d↑, Re Δ↑, Im Δ↑, a↓, d↓, Re Δ↓, Im Δ↓, 4 lanes each.
    let values: [S]

    static var blockValues: Int { 32 }

    init(system: MeshEigensystem) {
        typealias V = SIMD4<Double>
        let count = system.blocks * Self.blockValues
        values = [S](unsafeUninitializedCapacity: count) { out, initialised in
            system.energies.withUnsafeBufferPointer { energies in
                system.vectors.withUnsafeBufferPointer { vectors in
                    let e = UnsafeRawPointer(energies.baseAddress!), u = UnsafeRawPointer(vectors.baseAddress!)
                    for block in 0 ..< system.blocks {
                        let eb = e + block * MeshEigensystem.blockEnergies * 8
                        let ub = u + block * MeshEigensystem.blockVectors * 8
                        @inline(__always) func load(_ a: Int, _ n: Int, _ part: Int) -> V {
                            ub.loadUnaligned(fromByteOffset: MeshEigensystem.vectorOffset(row: a, band: n, part: part) * 8, as: V.self)
                        }
                        // H_ab = Σn E_n U_an conj(U_bn).
                        @inline(__always) func element(_ a: Int, _ b: Int) -> (V, V) {
                            var re = V(), im = V()
                            for n in 0..<4 {
                                let energy = eb.loadUnaligned(fromByteOffset: n * 32, as: V.self)
                                let (ar, ai, br, bi) = (load(a, n, 0), load(a, n, 1), load(b, n, 0), load(b, n, 1))
                                re += energy * (ar * br + ai * bi)
                                im += energy * (ai * br - ar * bi)
                            }
                            return (re, im)
                        }
                        @inline(__always) func store(_ index: Int, _ part: V) {
                            UnsafeMutableRawPointer(out.baseAddress! + block * Self.blockValues + index * 4)
                                .storeBytes(of: SIMD4<S>(converting: part), as: SIMD4<S>.self)
                        }
                        let up = element(0, 3), down = element(1, 2)
                        store(0, element(0, 0).0); store(1, element(3, 3).0); store(2, up.0); store(3, up.1)
                        store(4, element(1, 1).0); store(5, element(2, 2).0); store(6, down.0); store(7, down.1)
                    }
                }
            }
            initialised = count
        }
    }
}
