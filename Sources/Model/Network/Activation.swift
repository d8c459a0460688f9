/// The rectified linear unit max(0, x).
final class ReLU: Layer {
    private var output: [Float] = []
    var parameters: [Parameter] { [] }

    func forward(_ input: Tensor, training: Bool) -> Tensor {
        output = input.data.map { max($0, 0) }
        return Tensor(shape: input.shape, data: output)
    }

    func backward(_ outputGradient: Tensor) -> Tensor {
        Tensor(shape: outputGradient.shape, data: zip(outputGradient.data, output).map { $1 > 0 ? $0 : 0 })
    }
}

/// `[C, B, H, W]` image activations → `[B, C·H·W]` features (channel-major per sample).
final class Flatten: Layer {
    private var inputShape: [Int] = []
    var parameters: [Parameter] { [] }

    func forward(_ input: Tensor, training: Bool) -> Tensor {
        inputShape = input.shape
        let (c, b) = (input.shape[0], input.shape[1]), plane = input.shape[2] * input.shape[3]
        return Tensor(shape: [c, b, plane], data: input.data).swappingLeadingAxes().reshaped([b, c * plane])
    }

    func backward(_ outputGradient: Tensor) -> Tensor {
        let (c, b) = (inputShape[0], inputShape[1]), plane = inputShape[2] * inputShape[3]
        return Tensor(shape: [b, c, plane], data: outputGradient.data).swappingLeadingAxes().reshaped(inputShape)
    }
}

extension Tensor {
    /// The same values under another shape of equal size.
    func reshaped(_ shape: [Int]) -> Tensor { Tensor(shape: shape, data: data) }
}
