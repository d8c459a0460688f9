/// 2×2 pooling with stride 2 over `[C, B, H, W]` (odd edges dropped): the maximum of each window
/// (the gradient goes to it) or its mean (the gradient is shared by its four pixels).
final class Pooling: Layer {
    enum Kind { case max, average }

    let kind: Kind
    /// Per output: the input index of the maximum, or of the window's top-left pixel.
    private var sources: [Int32] = []
    private var inputShape: [Int] = []
    var parameters: [Parameter] { [] }

    init(_ kind: Kind) { self.kind = kind }

    func forward(_ input: Tensor, training: Bool) -> Tensor {
        inputShape = input.shape
        let (planes, h, w) = (input.shape[0] * input.shape[1], input.shape[2], input.shape[3])
        let (oh, ow) = (h / 2, w / 2)
        var out = [Float](repeating: 0, count: planes * oh * ow)
        sources = [Int32](repeating: 0, count: out.count)
        input.data.withUnsafeBufferPointer { x in
            for p in 0..<planes {
                for y in 0..<oh {
                    for xo in 0..<ow {
                        let corner = p * h * w + 2 * y * w + 2 * xo, o = (p * oh + y) * ow + xo
                        switch kind {
                        case .max:
                            var best = corner
                            for i in [corner + 1, corner + w, corner + w + 1] where x[i] > x[best] { best = i }
                            out[o] = x[best]
                            sources[o] = Int32(best)
                        case .average:
                            out[o] = 0.25 * (x[corner] + x[corner + 1] + x[corner + w] + x[corner + w + 1])
                            sources[o] = Int32(corner)
                        }
                    }
                }
            }
        }
        return Tensor(shape: [input.shape[0], input.shape[1], oh, ow], data: out)
    }

    func backward(_ outputGradient: Tensor) -> Tensor {
        var dx = [Float](repeating: 0, count: inputShape.reduce(1, *))
        let w = inputShape[3]
        for (o, source) in sources.enumerated() {
            let g = outputGradient.data[o], i = Int(source)
            switch kind {
            case .max: dx[i] += g
            case .average:
                dx[i] += 0.25 * g; dx[i + 1] += 0.25 * g; dx[i + w] += 0.25 * g; dx[i + w + 1] += 0.25 * g
            }
        }
        return Tensor(shape: inputShape, data: dx)
    }
}
