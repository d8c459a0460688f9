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
