import Numerics

/// A 2×2 complex matrix in spin space, row-major, without heap storage.
public struct Matrix2: Sendable, Equatable {
    public var a00: Complex<Double>, a01: Complex<Double>, a10: Complex<Double>, a11: Complex<Double>

    public init(_ a00: Complex<Double>, _ a01: Complex<Double>, _ a10: Complex<Double>, _ a11: Complex<Double>) {
        (self.a00, self.a01, self.a10, self.a11) = (a00, a01, a10, a11)
    }

    /// Element (row, column).
    public subscript(row: Int, column: Int) -> Complex<Double> {
        switch (row, column) {
        case (0, 0): return a00
        case (0, 1): return a01
        case (1, 0): return a10
        default: return a11
        }
    }
}
