import Preprocess
import QPICore

/// A fully connected layer y = x Wᵀ + b on `[batch, inputs]` features (one OpenBLAS sgemm).
final class Dense: Layer {
    let inputs: Int, outputs: Int
    let weight: Parameter   // [outputs, inputs]
    let bias: Parameter
    private var input: [Float] = []
    private var batch = 0

    init(inputs: Int, outputs: Int, name: String, random: inout SeededRandom) {
        self.inputs = inputs
        self.outputs = outputs
        weight = .he(name: name + ".weight", shape: [outputs, inputs], fanIn: inputs, random: &random)
        bias = .constant(0, name: name + ".bias", shape: [outputs])
    }

    var parameters: [Parameter] { [weight, bias] }

    func forward(_ input: Tensor, training: Bool) -> Tensor {
        precondition(input.shape.count == 2 && input.shape[1] == inputs, "dense layer expects [batch, \(inputs)]")
        self.input = input.data
        batch = input.shape[0]
        var out = [Float](repeating: 0, count: batch * outputs)
        for s in 0..<batch { for o in 0..<outputs { out[s * outputs + o] = bias.value[o] } }
        input.data.withUnsafeBufferPointer { x in
            weight.value.withUnsafeBufferPointer { w in
                out.withUnsafeMutableBufferPointer { y in
                    BLAS.gemm(transposeB: true, m: batch, n: outputs, k: inputs, a: x.baseAddress!, lda: inputs,
                              b: w.baseAddress!, ldb: inputs, beta: 1, c: y.baseAddress!, ldc: outputs)
                }
            }
        }
        return Tensor(shape: [batch, outputs], data: out)
    }

    func backward(_ outputGradient: Tensor) -> Tensor {
        var dx = [Float](repeating: 0, count: batch * inputs)
        outputGradient.data.withUnsafeBufferPointer { dy in
            input.withUnsafeBufferPointer { x in
                weight.gradient.withUnsafeMutableBufferPointer { dw in
                    BLAS.gemm(transposeA: true, m: outputs, n: inputs, k: batch, a: dy.baseAddress!, lda: outputs,
                              b: x.baseAddress!, ldb: inputs, beta: 1, c: dw.baseAddress!, ldc: inputs)
                }
            }
            weight.value.withUnsafeBufferPointer { w in
                dx.withUnsafeMutableBufferPointer { d in
                    BLAS.gemm(m: batch, n: inputs, k: outputs, a: dy.baseAddress!, lda: outputs,
                              b: w.baseAddress!, ldb: inputs, beta: 0, c: d.baseAddress!, ldc: inputs)
                }
            }
            for s in 0..<batch { for o in 0..<outputs { bias.gradient[o] += dy[s * outputs + o] } }
        }
        return Tensor(shape: [batch, inputs], data: dx)
    }
}
