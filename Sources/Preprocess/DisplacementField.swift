import Dispatch
import Foundation

/// A displacement field u(r) in pixels, one vector per pixel: an atom that sits at r + u(r) in a
/// perfect lattice appears at r in the measured image.
public struct DisplacementField: Sendable, Equatable {
    public var ux: Plane
    public var uy: Plane

    public init(ux: Plane, uy: Plane) {
        precondition(ux.rows == uy.rows && ux.columns == uy.columns)
        self.ux = ux
        self.uy = uy
    }

    /// The measured position of the atom that belongs at r̃ in the perfect lattice: the solution
    /// r of r + u(r) = r̃, by fixed-point iteration r ← r̃ − u(r) (three steps; it converges
    /// while |∇u| < 1). The first step alone is the usual first-order T(r̃ − u(r̃)), which errs
    /// by about |∇u|·|u| where the drift is strong.
    func source(row: Int, column: Int) -> (y: Double, x: Double) {
        let i = row * ux.columns + column
        var (y, x) = (Double(row) - uy.values[i], Double(column) - ux.values[i])
        for _ in 0..<3 {
            (y, x) = (Double(row) - uy.sample(y: y, x: x), Double(column) - ux.sample(y: y, x: x))
        }
        return (y, x)
    }

    /// The corrected plane T̃(r̃) = T(r) with r + u(r) = r̃ (bicubic interpolation; edges clamp).
    public func apply(to plane: Plane) -> Plane {
        Plane(rows: plane.rows, columns: plane.columns, values: resample(plane.values, rows: plane.rows, columns: plane.columns))
    }

    /// Applies the field to every layer of `values` (`layers × rows × columns`, layer-major) with
    /// Keys' bicubic convolution (a = −1/2), which keeps the amplitude of atomic-scale contrast
    /// where bilinear interpolation would modulate it with the sub-pixel shift. The stencil is
    /// computed once and reused for every layer; layers run in parallel.
    public func apply(toLayers values: [Float], rows: Int, columns: Int) -> [Float] {
        resample(values, rows: rows, columns: columns)
    }

    /// The shared implementation, specialised inside this module for Float and Double (a generic
    /// called across modules would not be).
    private func resample<T: BinaryFloatingPoint>(_ values: [T], rows: Int, columns: Int) -> [T] {
        let n = rows * columns
        precondition(values.count % n == 0)
        var rowIndex = [SIMD4<Int32>](repeating: .zero, count: n), columnIndex = rowIndex
        var rowWeight = [SIMD4<Float>](repeating: .zero, count: n), columnWeight = rowWeight
        @inline(__always) func stencil(_ t: Double, _ size: Int) -> (SIMD4<Int32>, SIMD4<Float>) {
            let clamped = min(max(t, 0), Double(size - 1))
            let base = Int(clamped.rounded(.down)), f = clamped - Double(base)
            let w = Self.keys(f)
            let index = SIMD4<Int32>((-1...2).map { Int32(min(max(base + $0, 0), size - 1)) })
            return (index, SIMD4<Float>(Float(w.0), Float(w.1), Float(w.2), Float(w.3)))
        }
        for r in 0..<rows {
            for c in 0..<columns {
                let i = r * columns + c
                let (y, x) = source(row: r, column: c)
                (rowIndex[i], rowWeight[i]) = stencil(y, rows)
                (columnIndex[i], columnWeight[i]) = stencil(x, columns)
            }
        }
        let (rowIndexes, columnIndexes, rowWeights, columnWeights) = (rowIndex, columnIndex, rowWeight, columnWeight)
        var out = [T](repeating: 0, count: values.count)
        let layers = values.count / n
        let workers = max(1, min(layers, ProcessInfo.processInfo.activeProcessorCount))
        values.withUnsafeBufferPointer { source in
            out.withUnsafeMutableBufferPointer { targetBuffer in
                let target = SharedPointer(base: targetBuffer.baseAddress!)
                let input = SharedPointer(base: UnsafeMutablePointer(mutating: source.baseAddress!))
                DispatchQueue.concurrentPerform(iterations: workers) { worker in
                for layer in stride(from: worker, to: layers, by: workers) {
                    let plane = input.base + layer * n
                    for i in 0..<n {
                        let ri = rowIndexes[i], ci = columnIndexes[i], rw = rowWeights[i], cw = columnWeights[i]
                        var total: Float = 0
                        for a in 0..<4 {
                            let row = plane + Int(ri[a]) * columns
                            let line = cw[0] * Float(row[Int(ci[0])]) + cw[1] * Float(row[Int(ci[1])])
                                + cw[2] * Float(row[Int(ci[2])]) + cw[3] * Float(row[Int(ci[3])])
                            total += rw[a] * line
                        }
                        target[layer * n + i] = T(total)
                    }
                }
                }
            }
        }
        return out
    }

    /// Keys' cubic convolution weights (a = −1/2) for taps at −1, 0, 1, 2 and fraction f.
    @inline(__always)
    static func keys(_ f: Double) -> (Double, Double, Double, Double) {
        let a = -0.5
        func near(_ x: Double) -> Double { ((a + 2) * x - (a + 3)) * x * x + 1 }
        func far(_ x: Double) -> Double { ((a * x - 5 * a) * x + 8 * a) * x - 4 * a }
        return (far(1 + f), near(f), near(1 - f), far(2 - f))
    }
}
