import CBLAS

// Every raw OpenBLAS/LAPACK call of QPIKit lives in this file.

/// Hermitian eigendecomposition of 4×4 complex matrices through LAPACK's zheev, with
/// workspace allocated once per instance (one instance per thread).
final class HermitianEigensolver4 {
    private var work = [_lapack_complex_double](repeating: _lapack_complex_double(real: 0, imag: 0), count: 64)
    private var rwork = [Double](repeating: 0, count: 3 * 4)

    /// Keeps OpenBLAS single-threaded: QPIKit parallelises across mesh rows and energies itself.
    static let singleThreaded: Void = { openblas_set_num_threads(1) }()

    init() { _ = Self.singleThreaded }

    /// Replaces the column-major matrix in `matrix` (32 doubles) by its eigenvectors (columns)
    /// and writes the ascending eigenvalues to `values`. Returns false if LAPACK did not converge.
    func solve(_ matrix: UnsafeMutablePointer<Double>, values: UnsafeMutablePointer<Double>) -> Bool {
        let workCount = Int32(work.count)
        let status = matrix.withMemoryRebound(to: _lapack_complex_double.self, capacity: 16) { a in
            work.withUnsafeMutableBufferPointer { w in
                rwork.withUnsafeMutableBufferPointer { r in
                    LAPACKE_zheev_work(LAPACK_COL_MAJOR, CChar(UInt8(ascii: "V")), CChar(UInt8(ascii: "U")), 4, a, 4,
                                       values, w.baseAddress, workCount, r.baseAddress)
                }
            }
        }
        return status == 0
    }
}

/// Single-precision matrix products through OpenBLAS (the neural network's convolutions and
/// dense layers), on row-major matrices.
enum BLAS {
    /// C = α op(A) op(B) + β C with op(A) m×k, op(B) k×n and C m×n; `lda`, `ldb`, `ldc` are
    /// the row strides of A, B and C as stored.
    static func gemm(transposeA: Bool = false, transposeB: Bool = false, m: Int, n: Int, k: Int,
                     alpha: Float = 1, a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
                     beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int) {
        cblas_sgemm(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                    Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }

    /// Sets how many threads OpenBLAS uses for one product (training uses every core, the
    /// simulator and inference one).
    static func setThreads(_ count: Int) { openblas_set_num_threads(Int32(max(1, count))) }

    /// Stops OpenBLAS's worker threads. Its library constructor starts one per core at process
    /// load, and each then waits for work spinning in sched_yield for about 2^28 cycles (0.1 s):
    /// on a 2-core machine that took a third of the CPU from the first 0.1 s of every command
    /// (`qpi simulate` at mesh 512: 0.20–0.25 s, 0.18 s without). OpenBLAS starts them again
    /// on its next threaded product.
    static func stopIdleThreads() { qpikit_openblas_stop_threads() }
}
