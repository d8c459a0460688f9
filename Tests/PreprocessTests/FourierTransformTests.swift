import Foundation
import QPICore
import Testing

/// `FourierTransform2D` against the 2-D DFT summed directly, for FFTW's 2-D plan and for the
/// rows-then-columns schedule driven block by block (a last block shorter than the others
/// included), in both precisions.
struct FourierTransformTests {
    /// Rows, columns and arrays of the test transform: 10 rows in blocks of 4 leave a block of 2.
    let rows = 10, columns = 6, batch = 2

    /// A deterministic, non-symmetric complex input: (re, im) of element k.
    func input(_ k: Int) -> (Double, Double) {
        (sin(0.7 * Double(k) + 0.3), cos(1.3 * Double(k * k % 17)) - 0.2)
    }

    /// Σ_{m,n} x[m, n] e^{sign 2πi (m p / rows + n q / columns)} of array `array`, at (p, q).
    func directDFT(array: Int, p: Int, q: Int, sign: Double) -> (Double, Double) {
        var (re, im) = (0.0, 0.0)
        for m in 0..<rows {
            for n in 0..<columns {
                let (xr, xi) = input(array * rows * columns + m * columns + n)
                let phase = sign * 2 * Double.pi * (Double(m * p) / Double(rows) + Double(n * q) / Double(columns))
                re += xr * cos(phase) - xi * sin(phase)
                im += xr * sin(phase) + xi * cos(phase)
            }
        }
        return (re, im)
    }

    /// The largest deviation from the direct DFT, relative to the largest output value.
    func deviation<S: FFTScalar>(_: S.Type, direction: FourierTransform2D<S>.Direction,
                                 schedule: FourierTransform2D<S>.Schedule, byHand: Bool) -> Double {
        let fft = FourierTransform2D<S>(rows: rows, columns: columns, batch: batch, direction: direction, schedule: schedule)
        let buffer = fft.buffer
        /// Fills rows `range` of every array with the input.
        func fill(_ range: Range<Int>) {
            for array in 0..<batch {
                for k in array * rows * columns + range.lowerBound * columns ..< array * rows * columns + range.upperBound * columns {
                    let (re, im) = input(k)
                    buffer[2 * k] = S(re); buffer[2 * k + 1] = S(im)
                }
            }
        }
        if byHand {
            // As the simulator drives it: each block of rows filled just before it is transformed.
            for range in fft.rowBlocks {
                fill(range)
                fft.transformRows(range)
            }
            fft.transformColumns()
        } else {
            fill(0..<rows)
            fft.execute()
        }
        let sign: Double = direction == .forward ? -1 : 1
        var (worst, largest) = (0.0, 0.0)
        for array in 0..<batch {
            for p in 0..<rows {
                for q in 0..<columns {
                    let (re, im) = directDFT(array: array, p: p, q: q, sign: sign)
                    let k = array * rows * columns + p * columns + q
                    worst = max(worst, hypot(Double(buffer[2 * k]) - re, Double(buffer[2 * k + 1]) - im))
                    largest = max(largest, hypot(re, im))
                }
            }
        }
        return worst / largest
    }

    @Test func bothSchedulesEqualTheDirectSumInDouble() {
        for direction in [FourierTransform2D<Double>.Direction.forward, .backward] {
            #expect(deviation(Double.self, direction: direction, schedule: .whole, byHand: false) < 1e-13)
            #expect(deviation(Double.self, direction: direction, schedule: .rowBlocks(4), byHand: false) < 1e-13)
            #expect(deviation(Double.self, direction: direction, schedule: .rowBlocks(4), byHand: true) < 1e-13)
        }
    }

    @Test func bothSchedulesEqualTheDirectSumInSingle() {
        for direction in [FourierTransform2D<Float>.Direction.forward, .backward] {
            #expect(deviation(Float.self, direction: direction, schedule: .whole, byHand: false) < 1e-6)
            #expect(deviation(Float.self, direction: direction, schedule: .rowBlocks(4), byHand: true) < 1e-6)
        }
    }

    @Test func aBlockLargerThanTheArrayIsOneBlock() {
        let fft = FourierTransform2D<Double>(rows: 4, columns: 4, direction: .forward, schedule: .rowBlocks(8))
        #expect(fft.rowBlock == 4)
    }
}
