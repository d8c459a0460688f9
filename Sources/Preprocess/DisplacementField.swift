import Dispatch
import Foundation
import QPICore

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

    /// Applies the field in place to every layer of `values` (`layers × rows × columns`,
    /// layer-major) with Keys' bicubic convolution (a = −1/2), which keeps the amplitude of
    /// atomic-scale contrast where bilinear interpolation would modulate it with the sub-pixel
    /// shift. The stencil is computed once and reused for every layer; layers run in parallel,
    /// each worker copying its layer into one scratch plane, so the grid is never held twice.
    public func apply(toLayers values: inout [Float], rows: Int, columns: Int) {
        let n = rows * columns
        precondition(values.count % n == 0)
        let stencils = self.stencils(rows: rows, columns: columns)
        let layers = values.count / n
        let workers = max(1, min(layers, ProcessInfo.processInfo.activeProcessorCount))
        values.withUnsafeMutableBufferPointer { buffer in
            let target = SharedPointer(base: buffer.baseAddress!)
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                let scratch = UnsafeMutablePointer<Float>.allocate(capacity: n)
                defer { scratch.deallocate() }
                let plane = UnsafeRawPointer(scratch)
                for layer in stride(from: worker, to: layers, by: workers) {
                    scratch.update(from: target.base + layer * n, count: n)
                    for i in 0..<n {
                        let rw = stencils.rowWeights[i], cw = stencils.columnWeights[i]
                        let value: Float
                        if stencils.interior[i] {
                            // The 4 × 4 source block is contiguous: four vector loads.
                            let start = Int(stencils.starts[i]) * 4
                            let stride = columns * 4
                            var v = rw[0] * plane.loadUnaligned(fromByteOffset: start, as: SIMD4<Float>.self)
                            v += rw[1] * plane.loadUnaligned(fromByteOffset: start + stride, as: SIMD4<Float>.self)
                            v += rw[2] * plane.loadUnaligned(fromByteOffset: start + 2 * stride, as: SIMD4<Float>.self)
                            v += rw[3] * plane.loadUnaligned(fromByteOffset: start + 3 * stride, as: SIMD4<Float>.self)
                            value = (v * cw).sum()
                        } else {
                            value = Self.clamped(UnsafePointer(scratch), stencils, i, columns: columns)
                        }
                        target[layer * n + i] = value
                    }
                }
            }
        }
    }

    /// Per-pixel bicubic stencils: clamped row and column indices, weights, and for interior
    /// pixels the offset of the contiguous 4 × 4 block.
    struct Stencils {
        var rowIndex: [SIMD4<Int32>], columnIndex: [SIMD4<Int32>]
        var rowWeights: [SIMD4<Float>], columnWeights: [SIMD4<Float>]
        var starts: [Int32], interior: [Bool]
    }

    func stencils(rows: Int, columns: Int) -> Stencils {
        let n = rows * columns
        var s = Stencils(rowIndex: .init(repeating: .zero, count: n), columnIndex: .init(repeating: .zero, count: n),
                         rowWeights: .init(repeating: .zero, count: n), columnWeights: .init(repeating: .zero, count: n),
                         starts: .init(repeating: 0, count: n), interior: .init(repeating: false, count: n))
        @inline(__always) func stencil(_ t: Double, _ size: Int) -> (SIMD4<Int32>, SIMD4<Float>, Bool) {
            let clamped = min(max(t, 0), Double(size - 1))
            let base = Int(clamped.rounded(.down)), f = clamped - Double(base)
            let w = Self.keys(f)
            let index = SIMD4<Int32>(Int32(max(base - 1, 0)), Int32(base), Int32(min(base + 1, size - 1)), Int32(min(base + 2, size - 1)))
            return (index, SIMD4<Float>(Float(w.0), Float(w.1), Float(w.2), Float(w.3)), base >= 1 && base + 2 <= size - 1)
        }
        for r in 0..<rows {
            for c in 0..<columns {
                let i = r * columns + c
                let (y, x) = source(row: r, column: c)
                let (ri, rw, rowInside) = stencil(y, rows), (ci, cw, columnInside) = stencil(x, columns)
                (s.rowIndex[i], s.rowWeights[i], s.columnIndex[i], s.columnWeights[i]) = (ri, rw, ci, cw)
                s.interior[i] = rowInside && columnInside
                s.starts[i] = Int32(Int(ri[0]) * columns + Int(ci[0]))
            }
        }
        return s
    }

    /// The bicubic sum with clamped indices (pixels whose block crosses the border).
    @inline(__always)
    static func clamped<T: BinaryFloatingPoint>(_ plane: UnsafePointer<T>, _ s: Stencils, _ i: Int, columns: Int) -> T {
        let ri = s.rowIndex[i], ci = s.columnIndex[i], rw = s.rowWeights[i], cw = s.columnWeights[i]
        var total: Float = 0
        for a in 0..<4 {
            let row = plane + Int(ri[a]) * columns
            let line = cw[0] * Float(row[Int(ci[0])]) + cw[1] * Float(row[Int(ci[1])])
                + cw[2] * Float(row[Int(ci[2])]) + cw[3] * Float(row[Int(ci[3])])
            total += rw[a] * line
        }
        return T(total)
    }

    /// Bicubic resampling of a Double plane (topographs) through the clamped path.
    private func resample(_ values: [Double], rows: Int, columns: Int) -> [Double] {
        let stencils = self.stencils(rows: rows, columns: columns)
        return values.withUnsafeBufferPointer { plane in
            (0 ..< rows * columns).map { Self.clamped(plane.baseAddress!, stencils, $0, columns: columns) }
        }
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
