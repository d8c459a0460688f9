import Preprocess
import QPICore

/// A trainable array with its gradient (accumulated by backward passes, cleared by the optimiser).
public final class Parameter {
    /// The name in checkpoints and safetensors files (`layers.3.weight`).
    public let name: String
    public let shape: [Int]
    public var value: [Float]
    public var gradient: [Float]
    /// Whether AdamW's decoupled weight decay applies (weights yes; biases and norm scales no).
    public let decays: Bool

    init(name: String, shape: [Int], value: [Float], decays: Bool) {
        precondition(shape.reduce(1, *) == value.count)
        self.name = name
        self.shape = shape
        self.value = value
        self.gradient = [Float](repeating: 0, count: value.count)
        self.decays = decays
    }

    /// He-normal initialisation for a layer with `fanIn` inputs feeding ReLUs.
    static func he(name: String, shape: [Int], fanIn: Int, random: inout SeededRandom) -> Parameter {
        let scale = (2 / Double(fanIn)).squareRoot()
        return Parameter(name: name, shape: shape, value: (0..<shape.reduce(1, *)).map { _ in Float(scale * random.gaussian()) },
                         decays: true)
    }

    /// A parameter filled with `constant`.
    static func constant(_ constant: Float, name: String, shape: [Int]) -> Parameter {
        Parameter(name: name, shape: shape, value: [Float](repeating: constant, count: shape.reduce(1, *)), decays: false)
    }

    /// Sets the gradient to zero.
    func clearGradient() {
        for i in gradient.indices { gradient[i] = 0 }
    }
}
