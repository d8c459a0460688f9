import Numerics
import Preprocess

/// Computes δρ(R, ω) and |δρ(q, ω)| for one energy at a time on a `MeshEigensystem`, with its
/// own FFTW buffers (one worker per thread). Each energy costs one pass over the mesh to form
/// the 12 Green's-function components the observable needs, one batch of 12 inverse FFTs, the
/// real-space contraction with the T-matrix, and one forward FFT (PHYSICS.md §5).
final class EnergyWorker {
    let system: MeshEigensystem
    private let toRealSpace: FFT2D
    private let toMomentum: FFT2D

    /// FFT slots of the components G_ab: rows 0, 1 for every column, rows 2, 3 for columns 0, 1.
    static let slots: [(Int, Int)] = [(0, 0), (0, 1), (0, 2), (0, 3), (1, 0), (1, 1), (1, 2), (1, 3),
                                      (2, 0), (2, 1), (3, 0), (3, 1)]

    init(system: MeshEigensystem) {
        self.system = system
        let n = system.size
        toRealSpace = FFT2D(rows: n, columns: n, batch: Self.slots.count, direction: .backward, rigor: .measure)
        toMomentum = FFT2D(rows: n, columns: n, batch: 1, direction: .forward, rigor: .measure)
    }

    /// The result for one energy.
    struct Output {
        /// δρ(R) at R = i a1 + j a2, `[i * N + j]`, states/meV/site (both spins).
        var latticeLDOS: [Double]
        /// |δρ(q)| at q = (m/N) b1 + (n/N) b2, `[m * N + n]`.
        var qpi: [Double]
        /// N(ω) = −(1/π) Im Tr_e g0(ω), states/meV/site (both spins).
        var dos: Double
    }

    func compute(energy omega: Double, eta: Double, impurity v0: Double) throws -> Output {
        let n = system.size, points = n * n
        let buffer = toRealSpace.buffer
        let holeBlock = fillGreen(omega: omega, eta: eta, into: buffer)
        toRealSpace.execute()
        let norm = 1 / Double(points)
        // Local g0 = G(R = 0): the 12 transformed components at index 0, the hole block from the k-sum.
        var g0 = [Complex<Double>](repeating: .zero, count: 16)
        for (slot, (a, b)) in Self.slots.enumerated() {
            let offset = 2 * slot * points
            g0[a * 4 + b] = Complex(buffer[offset] * norm, buffer[offset + 1] * norm)
        }
        for (index, value) in holeBlock { g0[index] = Complex(value.real * norm, value.imaginary * norm) }
        guard let t = Matrix4.tMatrix(localGreen: g0, impurity: v0) else {
            throw SimulationError.singularTMatrix(energyMeV: omega)
        }
        let ldos = contract(buffer, t: t, scale: norm * norm)
        let momentum = toMomentum.buffer
        for k in 0..<points { momentum[2 * k] = ldos[k]; momentum[2 * k + 1] = 0 }
        toMomentum.execute()
        let qpi = (0..<points).map { k -> Double in
            let (re, im) = (momentum[2 * k], momentum[2 * k + 1])
            return (re * re + im * im).squareRoot()
        }
        let dos = -(g0[0].imaginary + g0[5].imaginary) / Double.pi
        return Output(latticeLDOS: ldos, qpi: qpi, dos: dos)
    }

    /// Writes G_ab(k, ω + iη) for the 12 slots into the FFT buffer and returns the k-sums of the
    /// hole block G_22, G_23, G_32, G_33 (not transformed) keyed by row-major index.
    private func fillGreen(omega: Double, eta: Double, into out: UnsafeMutableBufferPointer<Double>) -> [(Int, Complex<Double>)] {
        let points = system.size * system.size
        var s22 = SIMD4<Double>(), s33 = SIMD4<Double>()
        var s23r = SIMD4<Double>(), s23i = SIMD4<Double>(), s32r = SIMD4<Double>(), s32i = SIMD4<Double>()
        var s22i = SIMD4<Double>(), s33i = SIMD4<Double>()
        system.energies.withUnsafeBufferPointer { energies in
            system.products.withUnsafeBufferPointer { products in
                let e = UnsafeRawPointer(energies.baseAddress!), p = UnsafeRawPointer(products.baseAddress!)
                let etaV = SIMD4<Double>(repeating: eta), omegaV = SIMD4<Double>(repeating: omega)
                for block in 0 ..< system.blocks {
                    // r_n = 1/(ω + iη − E_n) for the 4 bands, lanes = 4 k-points.
                    var rr = (SIMD4<Double>(), SIMD4<Double>(), SIMD4<Double>(), SIMD4<Double>())
                    var ri = rr
                    let eb = e + block * MeshEigensystem.blockEnergies * 8
                    @inline(__always) func reciprocal(_ band: Int) -> (SIMD4<Double>, SIMD4<Double>) {
                        let x = omegaV - eb.loadUnaligned(fromByteOffset: band * 32, as: SIMD4<Double>.self)
                        let inv = 1 / (x * x + etaV * etaV)
                        return (x * inv, -etaV * inv)
                    }
                    (rr.0, ri.0) = reciprocal(0); (rr.1, ri.1) = reciprocal(1)
                    (rr.2, ri.2) = reciprocal(2); (rr.3, ri.3) = reciprocal(3)
                    let pb = p + block * MeshEigensystem.blockProducts * 8
                    // Σn Q_c,n r_n and Σn conj(Q_c,n) r_n for component c.
                    @inline(__always) func sums(_ c: Int) -> (SIMD4<Double>, SIMD4<Double>, SIMD4<Double>, SIMD4<Double>) {
                        @inline(__always) func q(_ part: Int, _ band: Int) -> SIMD4<Double> {
                            pb.loadUnaligned(fromByteOffset: (((c * 2 + part) * 4 + band) * 4) * 8, as: SIMD4<Double>.self)
                        }
                        let a = q(0, 0) * rr.0 + q(0, 1) * rr.1 + q(0, 2) * rr.2 + q(0, 3) * rr.3
                        let b = q(1, 0) * ri.0 + q(1, 1) * ri.1 + q(1, 2) * ri.2 + q(1, 3) * ri.3
                        let c2 = q(0, 0) * ri.0 + q(0, 1) * ri.1 + q(0, 2) * ri.2 + q(0, 3) * ri.3
                        let d = q(1, 0) * rr.0 + q(1, 1) * rr.1 + q(1, 2) * rr.2 + q(1, 3) * rr.3
                        return (a - b, c2 + d, a + b, c2 - d)   // G_ab re, im; G_ba re, im
                    }
                    @inline(__always) func store(_ slot: Int, _ re: SIMD4<Double>, _ im: SIMD4<Double>) {
                        let base = 2 * (slot * points + block * 4)
                        for lane in 0..<4 { out[base + 2 * lane] = re[lane]; out[base + 2 * lane + 1] = im[lane] }
                    }
                    let g00 = sums(0), g11 = sums(1), g22 = sums(2), g33 = sums(3)
                    let g01 = sums(4), g02 = sums(5), g03 = sums(6), g12 = sums(7), g13 = sums(8), g23 = sums(9)
                    store(0, g00.0, g00.1); store(1, g01.0, g01.1); store(2, g02.0, g02.1); store(3, g03.0, g03.1)
                    store(4, g01.2, g01.3); store(5, g11.0, g11.1); store(6, g12.0, g12.1); store(7, g13.0, g13.1)
                    store(8, g02.2, g02.3); store(9, g12.2, g12.3); store(10, g03.2, g03.3); store(11, g13.2, g13.3)
                    s22 += g22.0; s22i += g22.1; s33 += g33.0; s33i += g33.1
                    s23r += g23.0; s23i += g23.1; s32r += g23.2; s32i += g23.3
                }
            }
        }
        return [(10, Complex(s22.sum(), s22i.sum())), (11, Complex(s23r.sum(), s23i.sum())),
                (14, Complex(s32r.sum(), s32i.sum())), (15, Complex(s33.sum(), s33i.sum()))]
    }

    /// δρ(R) = −(1/π) Im Σ_{s=↑,↓} Σ_ab G_sa(R) T_ab G_bs(−R), with G(R) = buffer × `scale`^(1/2).
    private func contract(_ buffer: UnsafeMutableBufferPointer<Double>, t: [Complex<Double>], scale: Double) -> [Double] {
        let n = system.size, points = n * n
        var ldos = [Double](repeating: 0, count: points)
        // Component planes of the 12 slots: G_bs for s = 0 (slots 0, 4, 8, 10) and s = 1
        // (1, 5, 9, 11); G_sa for s = 0 (0…3) and s = 1 (4…7).
        let g = (0..<12).map { UnsafePointer(buffer.baseAddress! + 2 * $0 * points) }
        let columns = [[g[0], g[4], g[8], g[10]], [g[1], g[5], g[9], g[11]]]
        let rows = [[g[0], g[1], g[2], g[3]], [g[4], g[5], g[6], g[7]]]
        let tr = t.map(\.real), ti = t.map(\.imaginary)
        let factor = -scale / Double.pi
        ldos.withUnsafeMutableBufferPointer { out in
            for s in 0..<2 {
                let (c0, c1, c2, c3) = (columns[s][0], columns[s][1], columns[s][2], columns[s][3])
                let (r0, r1, r2, r3) = (rows[s][0], rows[s][1], rows[s][2], rows[s][3])
                for i in 0..<n {
                    let mi = (n - i) % n
                    for j in 0..<n {
                        let r = 2 * (i * n + j), minus = 2 * (mi * n + (n - j) % n)
                        let (g0r, g0i) = (c0[minus], c0[minus + 1]), (g1r, g1i) = (c1[minus], c1[minus + 1])
                        let (g2r, g2i) = (c2[minus], c2[minus + 1]), (g3r, g3i) = (c3[minus], c3[minus + 1])
                        var total = 0.0
                        // Im(G_sa(R) · X_a) with X_a = Σb T_ab G_bs(−R), for a = 0…3.
                        @inline(__always) func term(_ a: Int, _ row: UnsafePointer<Double>) {
                            let o = 4 * a
                            let xr = tr[o] * g0r - ti[o] * g0i + tr[o + 1] * g1r - ti[o + 1] * g1i
                                + tr[o + 2] * g2r - ti[o + 2] * g2i + tr[o + 3] * g3r - ti[o + 3] * g3i
                            let xi = tr[o] * g0i + ti[o] * g0r + tr[o + 1] * g1i + ti[o + 1] * g1r
                                + tr[o + 2] * g2i + ti[o + 2] * g2r + tr[o + 3] * g3i + ti[o + 3] * g3r
                            total += row[r] * xi + row[r + 1] * xr
                        }
                        term(0, r0); term(1, r1); term(2, r2); term(3, r3)
                        out[r / 2] += total * factor
                    }
                }
            }
        }
        return ldos
    }
}
