/// 2×2 max pooling with stride 2 over `[C, B, H, W]` (odd edges dropped); the gradient goes to
/// the maximum of each window.
final class MaxPooling: Layer {
    private var winners: [Int32] = []
    private var inputShape: [Int] = []
    var parameters: [Parameter] { [] }

    func forward(_ input: Tensor, training: Bool) -> Tensor {
        inputShape = input.shape
        let (planes, h, w) = (input.shape[0] * input.shape[1], input.shape[2], input.shape[3])
        let (oh, ow) = (h / 2, w / 2)
        var out = [Float](repeating: 0, count: planes * oh * ow)
        winners = [Int32](repeating: 0, count: out.count)
        input.data.withUnsafeBufferPointer { x in
            for p in 0..<planes {
                for y in 0..<oh {
                    for xo in 0..<ow {
                        var best = p * h * w + 2 * y * w + 2 * xo
                        for index in [best + 1, best + w, best + w + 1] where x[index] > x[best] { best = index }
                        let o = (p * oh + y) * ow + xo
                        out[o] = x[best]
                        winners[o] = Int32(best)
                    }
                }
            }
        }
        return Tensor(shape: [input.shape[0], input.shape[1], oh, ow], data: out)
    }

    func backward(_ outputGradient: Tensor) -> Tensor {
        var dx = [Float](repeating: 0, count: inputShape.reduce(1, *))
        for (o, index) in winners.enumerated() { dx[Int(index)] += outputGradient.data[o] }
        return Tensor(shape: inputShape, data: dx)
    }
}

/// 2×2 average pooling with stride 2 over `[C, B, H, W]` (odd edges dropped).
final class AveragePooling: Layer {
    private var inputShape: [Int] = []
    var parameters: [Parameter] { [] }

    func forward(_ input: Tensor, training: Bool) -> Tensor {
        inputShape = input.shape
        let (planes, h, w) = (input.shape[0] * input.shape[1], input.shape[2], input.shape[3])
        let (oh, ow) = (h / 2, w / 2)
        var out = [Float](repeating: 0, count: planes * oh * ow)
        for p in 0..<planes {
            for y in 0..<oh {
                for xo in 0..<ow {
                    let i = p * h * w + 2 * y * w + 2 * xo
                    out[(p * oh + y) * ow + xo] = 0.25 * (input.data[i] + input.data[i + 1] + input.data[i + w] + input.data[i + w + 1])
                }
            }
        }
        return Tensor(shape: [input.shape[0], input.shape[1], oh, ow], data: out)
    }

    func backward(_ outputGradient: Tensor) -> Tensor {
        let (planes, h, w) = (inputShape[0] * inputShape[1], inputShape[2], inputShape[3])
        let (oh, ow) = (h / 2, w / 2)
        var dx = [Float](repeating: 0, count: inputShape.reduce(1, *))
        for p in 0..<planes {
            for y in 0..<oh {
                for xo in 0..<ow {
                    let g = 0.25 * outputGradient.data[(p * oh + y) * ow + xo], i = p * h * w + 2 * y * w + 2 * xo
                    dx[i] += g; dx[i + 1] += g; dx[i + w] += g; dx[i + w + 1] += g
                }
            }
        }
        return Tensor(shape: inputShape, data: dx)
    }
}
