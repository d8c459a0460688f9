import Preprocess
import QPICore

/// A k×k convolution with stride 1 and zero padding k/2 over `[C, B, H, W]` tensors, computed as
/// im2col followed by one OpenBLAS sgemm for the whole batch (Chellapilla, Puri & Simard 2006).
final class Convolution: Layer {
    let inputs: Int, outputs: Int, kernel: Int
    let weight: Parameter   // [outputs, inputs·k·k]
    let bias: Parameter     // [outputs]
    private var columns: [Float] = []
    private var inputShape: [Int] = []

    init(inputs: Int, outputs: Int, kernel: Int, name: String, random: inout SeededRandom) {
        precondition(kernel % 2 == 1, "odd kernels only")
        self.inputs = inputs
        self.outputs = outputs
        self.kernel = kernel
        weight = .he(name: name + ".weight", shape: [outputs, inputs * kernel * kernel], fanIn: inputs * kernel * kernel, random: &random)
        bias = .constant(0, name: name + ".bias", shape: [outputs])
    }

    var parameters: [Parameter] { [weight, bias] }

    func forward(_ input: Tensor, training: Bool) -> Tensor {
        let (c, b, h, w) = (input.shape[0], input.shape[1], input.shape[2], input.shape[3])
        precondition(c == inputs, "convolution expects \(inputs) channels, got \(c)")
        inputShape = input.shape
        let n = b * h * w, k = c * kernel * kernel
        if columns.count != k * n { columns = [Float](repeating: 0, count: k * n) }
        Self.transfer(image: input.data, columns: &columns, c: c, b: b, h: h, w: w, kernel: kernel)
        var out = [Float](repeating: 0, count: outputs * n)
        weight.value.withUnsafeBufferPointer { wp in
            columns.withUnsafeBufferPointer { cp in
                out.withUnsafeMutableBufferPointer { op in
                    BLAS.gemm(m: outputs, n: n, k: k, a: wp.baseAddress!, lda: k, b: cp.baseAddress!, ldb: n,
                              beta: 0, c: op.baseAddress!, ldc: n)
                    for o in 0..<outputs {
                        let shift = bias.value[o]
                        for i in 0..<n { op[o * n + i] += shift }
                    }
                }
            }
        }
        return Tensor(shape: [outputs, b, h, w], data: out)
    }

    func backward(_ outputGradient: Tensor) -> Tensor {
        let (c, b, h, w) = (inputShape[0], inputShape[1], inputShape[2], inputShape[3])
        let n = b * h * w, k = c * kernel * kernel
        var columnGradient = [Float](repeating: 0, count: k * n)
        outputGradient.data.withUnsafeBufferPointer { dy in
            columns.withUnsafeBufferPointer { cp in
                weight.gradient.withUnsafeMutableBufferPointer { dw in
                    BLAS.gemm(transposeB: true, m: outputs, n: k, k: n, a: dy.baseAddress!, lda: n, b: cp.baseAddress!, ldb: n,
                              beta: 1, c: dw.baseAddress!, ldc: k)
                }
            }
            weight.value.withUnsafeBufferPointer { wp in
                columnGradient.withUnsafeMutableBufferPointer { dc in
                    BLAS.gemm(transposeA: true, m: k, n: n, k: outputs, a: wp.baseAddress!, lda: k, b: dy.baseAddress!, ldb: n,
                              beta: 0, c: dc.baseAddress!, ldc: n)
                }
            }
            for o in 0..<outputs {
                var sum: Float = 0
                for i in 0..<n { sum += dy[o * n + i] }
                bias.gradient[o] += sum
            }
        }
        var inputGradient = [Float](repeating: 0, count: c * b * h * w)
        Self.transfer(image: &inputGradient, columns: columnGradient, c: c, b: b, h: h, w: w, kernel: kernel)
        return Tensor(shape: inputShape, data: inputGradient)
    }

    /// im2col: row `(ci·k + ky)·k + kx` of `columns` holds the input shifted by (ky − p, kx − p),
    /// zero outside the image.
    static func transfer(image: [Float], columns: inout [Float], c: Int, b: Int, h: Int, w: Int, kernel: Int) {
        image.withUnsafeBufferPointer { img in
            columns.withUnsafeMutableBufferPointer { col in
                forEachShift(c: c, b: b, h: h, w: w, kernel: kernel) { row, plane, y, sy, x0, x1, dx in
                    let target = row + y * w
                    guard let sy else {
                        for x in 0..<w { col[target + x] = 0 }
                        return
                    }
                    for x in 0..<x0 { col[target + x] = 0 }
                    for x in x0..<x1 { col[target + x] = img[plane + sy * w + x + dx] }
                    for x in x1..<w { col[target + x] = 0 }
                }
            }
        }
    }

    /// col2im: adds every column entry back to the input pixel it was copied from.
    static func transfer(image: inout [Float], columns: [Float], c: Int, b: Int, h: Int, w: Int, kernel: Int) {
        image.withUnsafeMutableBufferPointer { img in
            columns.withUnsafeBufferPointer { col in
                forEachShift(c: c, b: b, h: h, w: w, kernel: kernel) { row, plane, y, sy, x0, x1, dx in
                    guard let sy else { return }
                    let source = row + y * w
                    for x in x0..<x1 { img[plane + sy * w + x + dx] += col[source + x] }
                }
            }
        }
    }

    /// Calls `body(rowStart, plane, y, sourceY?, x0, x1, dx)` for every column row segment: output
    /// row `y` of sample plane `plane` reads source row `sourceY` (nil when outside), valid for
    /// x in x0..<x1 at source x + dx.
    @inline(__always)
    private static func forEachShift(c: Int, b: Int, h: Int, w: Int, kernel: Int,
                                     _ body: (Int, Int, Int, Int?, Int, Int, Int) -> Void) {
        let p = kernel / 2, n = b * h * w
        for ci in 0..<c {
            for ky in 0..<kernel {
                for kx in 0..<kernel {
                    let row = ((ci * kernel + ky) * kernel + kx) * n
                    let dy = ky - p, dx = kx - p
                    let x0 = min(w, max(0, -dx)), x1 = max(x0, min(w, w - dx))
                    for s in 0..<b {
                        let plane = (ci * b + s) * h * w
                        for y in 0..<h {
                            let sy = y + dy
                            body(row + s * h * w, plane, y, sy >= 0 && sy < h ? sy : nil, x0, x1, dx)
                        }
                    }
                }
            }
        }
    }
}
