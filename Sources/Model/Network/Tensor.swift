/// A dense float32 array with a shape. Inside the network, image activations are laid out
/// channel-major over the batch, `[channels, batch, height, width]`, so that a convolution over
/// the whole batch is one matrix product; flat features are `[batch, features]`.
public struct Tensor: Sendable, Equatable {
    public var shape: [Int]
    public var data: [Float]

    public init(shape: [Int], data: [Float]) {
        precondition(shape.reduce(1, *) == data.count, "shape \(shape) does not match \(data.count) values")
        self.shape = shape
        self.data = data
    }

    /// A tensor of zeros.
    public init(zeros shape: [Int]) { self.init(shape: shape, data: [Float](repeating: 0, count: shape.reduce(1, *))) }

    /// Swaps the first two axes: `[a, b, rest…]` → `[b, a, rest…]` (between the batch-major
    /// layout of data sets and the channel-major layout of the network).
    public func swappingLeadingAxes() -> Tensor {
        let (a, b) = (shape[0], shape[1]), inner = shape.dropFirst(2).reduce(1, *)
        var out = [Float](repeating: 0, count: data.count)
        for i in 0..<a {
            for j in 0..<b {
                let source = (i * b + j) * inner, target = (j * a + i) * inner
                for t in 0..<inner { out[target + t] = data[source + t] }
            }
        }
        return Tensor(shape: [b, a] + shape.dropFirst(2), data: out)
    }
}
