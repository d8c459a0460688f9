import Numerics
import Preprocess
import QPICore

/// Computes δρ(R, ω) and |δρ(q, ω)| for one energy at a time, with its own FFTW buffers (one
/// worker per thread). Each energy costs one pass over the mesh to form the Green's-function
/// components the observable needs (`GreenStructure`: 12 from a `MeshEigensystem`, or 6 from
/// H(k)'s `SpinBlocks` where S_z is conserved), one batch of inverse FFTs, the real-space
/// contraction with the T-matrix, and one forward FFT (docs/physics.md §5). Both transforms
/// run rows first, a block of `rowBlock` rows at a time, right after the pass that fills those
/// rows, and then columns (`FourierTransform2D.Schedule.rowBlocks`).
///
/// `S` is the precision of the Green's functions and the transforms: `Double` for `qpi simulate`,
/// `Float` for data sets (`Precision.single`: half the memory traffic, FFTW's single-precision
/// plans). The local Green's function, the T-matrix and the outputs are double in both.
final class EnergyWorker<S: FFTScalar> {
    /// Where G0(k, ω) comes from.
    enum Source {
        /// The general route: G_ab = Σn U_an U*_bn / (ω + iη − E_n) from the eigensystem (any
        /// state; the only route with Rashba coupling or in-plane triplets).
        case eigensystem(MeshEigensystem)
        /// The spin-conserving route: 2 × 2 inverses of H(k)'s blocks, shared by the workers
        /// (`GreenStructure.spinConserving` states only).
        case spinBlocks(SpinBlocks<S>)

        /// Mesh size N.
        var size: Int {
            switch self {
            case .eigensystem(let system): system.size
            case .spinBlocks(let blocks): blocks.size
            }
        }

        /// The components transformed.
        var structure: GreenStructure {
            switch self {
            case .eigensystem: .general
            case .spinBlocks: .spinConserving
            }
        }
    }

    /// Mesh size N.
    let size: Int
    /// The components transformed.
    let structure: GreenStructure
    private let source: Source
    private let toRealSpace: FourierTransform2D<S>
    private let toMomentum: FourierTransform2D<S>

    init(source: Source) {
        self.source = source
        (size, structure) = (source.size, source.structure)
        let schedule = FourierTransform2D<S>.Schedule.rowBlocks(Self.rowBlock)
        toRealSpace = FourierTransform2D(rows: size, columns: size, batch: structure.slots.count, direction: .backward,
                                         rigor: .measure, schedule: schedule)
        toMomentum = FourierTransform2D(rows: size, columns: size, batch: 1, direction: .forward, rigor: .measure,
                                        schedule: schedule)
    }

    /// Mesh rows per block: G0 is formed and transformed along the rows one block at a time, and
    /// the contraction fills the forward transform's input the same way, so that the block is
    /// still in cache when it is transformed (8 rows of the 6 components at 512² in single
    /// precision: 196 KB). At 512² in single precision this took the forming of G0 from 1.2 ms
    /// above the transforms to about nothing (docs/performance.md). A multiple of 4 keeps the
    /// blocks of rows whole 4-point blocks of the mesh (N is even) and FFTW's alignment.
    static var rowBlock: Int { 8 }

    /// Simulates energy `omega` (meV) with broadening `eta` and impurity `v0` (meV): writes
    /// δρ(R) at R = i a1 + j a2 to `ldos[i * N + j]` and |δρ(q)| at q = (m/N) b1 + (n/N) b2 to
    /// `qpi[m * N + n]` (N² values each, states/meV/site, both spins) and returns
    /// N(ω) = −(1/π) Im Tr_e g0(ω).
    func compute(energy omega: Double, eta: Double, impurity v0: Double,
                 ldos: UnsafeMutablePointer<Double>, qpi: UnsafeMutablePointer<Double>) throws -> Double {
        let points = size * size
        let buffer = toRealSpace.buffer
        var hole = HoleSums()
        for rows in toRealSpace.rowBlocks {
            // The 4-point blocks of the mesh in these rows.
            let blocks = rows.lowerBound * size / 4 ..< rows.upperBound * size / 4
            switch source {
            case .eigensystem(let system): fillGreen(system: system, omega: omega, eta: eta, blocks: blocks, into: buffer, hole: &hole)
            case .spinBlocks(let spinBlocks): fillGreen(blocks: spinBlocks, omega: omega, eta: eta, range: blocks, into: buffer, hole: &hole)
            }
            toRealSpace.transformRows(rows)
        }
        toRealSpace.transformColumns()
        let norm = 1 / Double(points)
        // Local g0 = G(R = 0): the transformed components at index 0, the hole block from the k-sum.
        var g0 = [Complex<Double>](repeating: .zero, count: 16)
        for (slot, (a, b)) in structure.slots.enumerated() {
            let offset = 2 * slot * points
            g0[a * 4 + b] = Complex(Double(buffer[offset]) * norm, Double(buffer[offset + 1]) * norm)
        }
        hole.write(into: &g0, scale: norm)
        guard let t = Matrix4.tMatrix(localGreen: g0, impurity: v0) else {
            throw ModelError.singularTMatrix(energyMeV: omega)
        }
        let momentum = toMomentum.buffer.baseAddress!
        let passes = contractionPasses(buffer, t: t)
        let factor = S(-norm * norm / Double.pi)
        for rows in toMomentum.rowBlocks {
            for (index, terms) in passes.enumerated() {
                let mode: Pass = index == 0 ? .store : index == passes.count - 1 ? .addAndExport(momentum) : .add
                accumulate(terms, rows: rows, factor: factor, into: ldos, mode: mode)
            }
            toMomentum.transformRows(rows)
        }
        toMomentum.transformColumns()
        for k in 0..<points {
            let (re, im) = (Double(momentum[2 * k]), Double(momentum[2 * k + 1]))
            qpi[k] = (re * re + im * im).squareRoot()
        }
        return -(g0[0].imaginary + g0[5].imaginary) / Double.pi
    }

    /// The k-sums of the hole block G_22, G_23, G_32, G_33 (Nambu indices 2, 3), which are not
    /// transformed (the contraction needs no hole–hole component at R ≠ 0), summed in double:
    /// real and imaginary parts, 4 lanes each.
    private struct HoleSums {
        typealias D = SIMD4<Double>
        var g22 = (D(), D()), g23 = (D(), D()), g32 = (D(), D()), g33 = (D(), D())

        /// Writes the sums times `scale` to the row-major 4 × 4 `g0`.
        func write(into g0: inout [Complex<Double>], scale: Double) {
            for (index, sum) in [(10, g22), (11, g23), (14, g32), (15, g33)] {
                g0[index] = Complex(sum.0.sum() * scale, sum.1.sum() * scale)
            }
        }
    }

    /// Writes G_ab(k, ω + iη) = Σn U_an U*_bn r_n, r_n = 1/(ω + iη − E_n), for the 12 slots of the
    /// general route into the FFT buffer at the 4-point `blocks` of the mesh, 4 k-points per SIMD
    /// lane group, and adds the hole block to `hole`.
    private func fillGreen(system: MeshEigensystem, omega: Double, eta: Double, blocks: Range<Int>,
                           into out: UnsafeMutableBufferPointer<S>, hole: inout HoleSums) {
        typealias V = SIMD4<S>
        typealias D = SIMD4<Double>
        let points = size * size
        system.energies.withUnsafeBufferPointer { energies in
            system.vectors.withUnsafeBufferPointer { vectors in
                let e = UnsafeRawPointer(energies.baseAddress!), u = UnsafeRawPointer(vectors.baseAddress!)
                let etaV = V(repeating: S(eta)), omegaV = V(repeating: S(omega))
                let o = out.baseAddress!
                for block in blocks {
                    let eb = e + block * MeshEigensystem.blockEnergies * 8
                    let ub = u + block * MeshEigensystem.blockVectors * 8
                    @inline(__always) func load(_ a: Int, _ n: Int, _ part: Int) -> V {
                        V(converting: ub.loadUnaligned(fromByteOffset: MeshEigensystem.vectorOffset(row: a, band: n, part: part) * 8, as: D.self))
                    }
                    // r_n for the 4 bands.
                    @inline(__always) func reciprocal(_ n: Int) -> (V, V) {
                        let x = omegaV - V(converting: eb.loadUnaligned(fromByteOffset: n * 32, as: D.self))
                        let inv = 1 / (x * x + etaV * etaV)
                        return (x * inv, -etaV * inv)
                    }
                    let r0 = reciprocal(0), r1 = reciprocal(1), r2 = reciprocal(2), r3 = reciprocal(3)
                    // w_bn = r_n conj(U_bn), for b = 0…3.
                    @inline(__always) func w(_ b: Int, _ n: Int, _ r: (V, V)) -> (V, V) {
                        let (ur, ui) = (load(b, n, 0), load(b, n, 1))
                        return (r.0 * ur + r.1 * ui, r.1 * ur - r.0 * ui)
                    }
                    let w0 = (w(0, 0, r0), w(0, 1, r1), w(0, 2, r2), w(0, 3, r3))
                    let w1 = (w(1, 0, r0), w(1, 1, r1), w(1, 2, r2), w(1, 3, r3))
                    let w2 = (w(2, 0, r0), w(2, 1, r1), w(2, 2, r2), w(2, 3, r3))
                    let w3 = (w(3, 0, r0), w(3, 1, r1), w(3, 2, r2), w(3, 3, r3))
                    // G_ab = Σn U_an w_bn.
                    @inline(__always) func g(_ a: Int, _ wb: ((V, V), (V, V), (V, V), (V, V))) -> (V, V) {
                        var re = V(), im = V()
                        @inline(__always) func add(_ n: Int, _ wn: (V, V)) {
                            let (ur, ui) = (load(a, n, 0), load(a, n, 1))
                            re += ur * wn.0 - ui * wn.1
                            im += ur * wn.1 + ui * wn.0
                        }
                        add(0, wb.0); add(1, wb.1); add(2, wb.2); add(3, wb.3)
                        return (re, im)
                    }
                    @inline(__always) func store(_ slot: Int, _ value: (V, V)) {
                        let base = o + 2 * (slot * points + block * 4)
                        (base).storeInterleaved(value.0, value.1)
                    }
                    store(0, g(0, w0)); store(1, g(0, w1)); store(2, g(0, w2)); store(3, g(0, w3))
                    store(4, g(1, w0)); store(5, g(1, w1)); store(6, g(1, w2)); store(7, g(1, w3))
                    store(8, g(2, w0)); store(9, g(2, w1)); store(10, g(3, w0)); store(11, g(3, w1))
                    let g22 = g(2, w2), g23 = g(2, w3), g32 = g(3, w2), g33 = g(3, w3)
                    @inline(__always) func add(_ sum: inout (D, D), _ value: (V, V)) {
                        sum.0 += D(widening: value.0); sum.1 += D(widening: value.1)
                    }
                    add(&hole.g22, g22); add(&hole.g23, g23); add(&hole.g32, g32); add(&hole.g33, g33)
                }
            }
        }
    }

    /// The spin-conserving route: G of each 2 × 2 block of H(k) (`SpinBlocks`) as
    /// [[z − d, Δ], [Δ*, z − a]] / ((z − a)(z − d) − |Δ|²), z = ω + iη, written for the 6 slots of
    /// `GreenStructure.spinConserving` into the FFT buffer at the 4-point blocks `range` of the
    /// mesh, and adds G_22 and G_33 to `hole` (G_23 = G_32 = 0). Two of `SpinBlocks`' 4-point
    /// blocks at a time fill 8 SIMD lanes (one AVX register in single precision: the arithmetic
    /// took as long as the stores with 4 lanes); an odd last block fills both halves and is
    /// stored once.
    private func fillGreen(blocks: SpinBlocks<S>, omega: Double, eta: Double, range: Range<Int>,
                           into out: UnsafeMutableBufferPointer<S>, hole: inout HoleSums) {
        typealias V = SIMD8<S>
        typealias D = SIMD4<Double>
        let points = size * size
        let etaV = V(repeating: S(eta)), omegaV = V(repeating: S(omega))
        blocks.values.withUnsafeBufferPointer { values in
            let v = values.baseAddress!, o = out.baseAddress!
            /// Blocks `block` and, with `pair`, `block + 1` (else `block` again) as the halves of V.
            @inline(__always) func step(_ block: Int, pair: Bool) {
                let first = UnsafeRawPointer(v + block * SpinBlocks<S>.blockValues)
                let second = pair ? first + SpinBlocks<S>.blockValues * MemoryLayout<S>.stride : first
                @inline(__always) func load(_ index: Int) -> V {
                    let offset = index * MemoryLayout<SIMD4<S>>.size
                    return V(lowHalf: first.loadUnaligned(fromByteOffset: offset, as: SIMD4<S>.self),
                             highHalf: second.loadUnaligned(fromByteOffset: offset, as: SIMD4<S>.self))
                }
                /// (G_ee, G_eh, G_he, G_hh) of the block [[a, Δ], [Δ*, d]].
                @inline(__always) func inverse(_ a: V, _ d: V, _ re: V, _ im: V) -> ((V, V), (V, V), (V, V), (V, V)) {
                    let xa = omegaV - a, xd = omegaV - d
                    let detRe = xa * xd - etaV * etaV - (re * re + im * im), detIm = etaV * (xa + xd)
                    let norm = 1 / (detRe * detRe + detIm * detIm)
                    let (ir, ii) = (detRe * norm, -detIm * norm)
                    @inline(__always) func times(_ xr: V, _ xi: V) -> (V, V) { (xr * ir - xi * ii, xr * ii + xi * ir) }
                    return (times(xd, etaV), times(re, im), times(re, -im), times(xa, etaV))
                }
                @inline(__always) func store(_ slot: Int, _ value: (V, V)) {
                    let base = o + 2 * (slot * points + block * 4)
                    if pair { base.storeInterleaved(value.0, value.1) } else { base.storeInterleaved(value.0.lowHalf, value.1.lowHalf) }
                }
                @inline(__always) func add(_ sum: inout (D, D), _ value: (V, V)) {
                    sum.0 += D(widening: value.0.lowHalf); sum.1 += D(widening: value.1.lowHalf)
                    if pair { sum.0 += D(widening: value.0.highHalf); sum.1 += D(widening: value.1.highHalf) }
                }
                let up = inverse(load(0), load(1), load(2), load(3)), down = inverse(load(4), load(5), load(6), load(7))
                // In the order of `GreenStructure.slots`: (0,0) (0,3) (1,1) (1,2) (2,1) (3,0).
                store(0, up.0); store(1, up.1); store(2, down.0); store(3, down.1); store(4, down.2); store(5, up.2)
                add(&hole.g22, down.3); add(&hole.g33, up.3)
            }
            for block in stride(from: range.lowerBound, to: range.upperBound - 1, by: 2) { step(block, pair: true) }
            if range.count % 2 == 1 { step(range.upperBound - 1, pair: false) }
        }
    }

    /// The passes of the contraction δρ(R) = −(1/π) Im Σ_{s=↑,↓} Σ_ab G_sa(R) T_ab G_bs(−R), a and
    /// b over the partners of s, with G(R) read from `buffer` (`accumulate` applies the scale).
    /// The partners are taken two at a time: one pass per pair of rows and pair of columns (one
    /// per spin on the spin-conserving route, four on the general one).
    private func contractionPasses(_ buffer: UnsafeMutableBufferPointer<S>, t: [Complex<Double>]) -> [BlockTerms] {
        let slots = structure.slots
        func plane(_ a: Int, _ b: Int) -> UnsafePointer<S> {
            UnsafePointer(buffer.baseAddress! + 2 * slots.firstIndex { $0 == (a, b) }! * size * size)
        }
        func entry(_ a: Int, _ b: Int) -> (S, S) { (S(t[4 * a + b].real), S(t[4 * a + b].imaginary)) }
        var passes: [BlockTerms] = []
        for s in 0..<2 {
            let partners = structure.partners(ofSpin: s)
            let pairs = stride(from: 0, to: partners.count, by: 2).map { (partners[$0], partners[$0 + 1]) }
            for (a1, a2) in pairs {
                for (b1, b2) in pairs {
                    passes.append(BlockTerms(a: plane(s, a1), b: plane(s, a2), c: plane(b1, s), d: plane(b2, s),
                                             t11: entry(a1, b1), t12: entry(a1, b2), t21: entry(a2, b1), t22: entry(a2, b2)))
                }
            }
        }
        return passes
    }

    /// One pass of the contraction for electron spin s: the rows G_s,a1 (`a`) and G_s,a2 (`b`)
    /// read at R, the columns G_b1,s (`c`) and G_b2,s (`d`) read at −R, and T's block
    /// T_a1b1, T_a1b2, T_a2b1, T_a2b2 as (real, imaginary).
    private struct BlockTerms {
        let a, b, c, d: UnsafePointer<S>
        let t11, t12, t21, t22: (S, S)
    }

    /// What a pass does with its terms in a block of rows: the first stores them, later ones add,
    /// and the last also writes the sum as complex numbers (imaginary parts 0) to the forward
    /// transform's input.
    private enum Pass {
        case store, add, addAndExport(UnsafeMutablePointer<S>)
    }

    /// Stores or adds (`mode`) Im[G_s,a1(R) X_1 + G_s,a2(R) X_2], X = T_block (G_b1,s(−R),
    /// G_b2,s(−R)), times `factor`, in the mesh rows `rows`, row by row so that it vectorises along
    /// j: R = (i, j) pairs with −R = ((N − i) mod N, (N − j) mod N), so each row of G(R) meets its
    /// partner row of G(−R) read backwards. (The terms are copied into locals first; read through the struct, or with
    /// both spins in one loop, the loop was not vectorised and took 2 × as long. Before, a
    /// gather per point into SIMD4 lanes took 3 × as long.)
    private func accumulate(_ terms: BlockTerms, rows: Range<Int>, factor: S, into out: UnsafeMutablePointer<Double>, mode: Pass) {
        let n = size
        let (a, b, c, d) = (terms.a, terms.b, terms.c, terms.d)
        let ((t11r, t11i), (t12r, t12i), (t21r, t21i), (t22r, t22i)) = (terms.t11, terms.t12, terms.t21, terms.t22)
        for i in rows {
            let mi = (n - i) % n
            let (ra, rb, rc, rd) = (a + 2 * i * n, b + 2 * i * n, c + 2 * mi * n, d + 2 * mi * n)
            let o = out + i * n
            @inline(__always) func term(_ j: Int, _ mj: Int) -> Double {
                let (cr, ci, dr, di) = (rc[2 * mj], rc[2 * mj + 1], rd[2 * mj], rd[2 * mj + 1])
                let x1r = t11r * cr - t11i * ci + t12r * dr - t12i * di, x1i = t11r * ci + t11i * cr + t12r * di + t12i * dr
                let x2r = t21r * cr - t21i * ci + t22r * dr - t22i * di, x2i = t21r * ci + t21i * cr + t22r * di + t22i * dr
                let im = ra[2 * j] * x1i + ra[2 * j + 1] * x1r + rb[2 * j] * x2i + rb[2 * j + 1] * x2r
                return Double(im * factor)
            }
            @inline(__always) func row(_ emit: (Int, Double) -> Void) {
                emit(0, term(0, 0))
                for j in 1..<n { emit(j, term(j, n - j)) }
            }
            switch mode {
            case .store: row { j, value in o[j] = value }
            case .add: row { j, value in o[j] += value }
            case .addAndExport(let momentum):
                let m = momentum + 2 * i * n
                row { j, value in
                    let sum = o[j] + value
                    o[j] = sum
                    m[2 * j] = S(sum); m[2 * j + 1] = 0
                }
            }
        }
    }
}
