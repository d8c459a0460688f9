import Formats
import Preprocess
import QPICore

/// The architecture of a network: the input shape `[channels, height, width]` and its layers.
public struct NetworkSpec: Codable, Sendable, Equatable {
    public var inputShape: [Int]
    public var layers: [LayerSpec]

    public init(inputShape: [Int], layers: [LayerSpec]) {
        self.inputShape = inputShape
        self.layers = layers
    }
}

/// A feed-forward network built from a `NetworkSpec` (the declarative description, stored in
/// model files) into layers that compute. Inputs are batch-major `[batch, C, H, W]`.
public final class Network {
    public let spec: NetworkSpec
    let layers: [any Layer]
    /// Every trainable parameter, in layer order.
    public let parameters: [Parameter]
    /// The number of outputs per sample.
    public let outputs: Int

    /// Builds the network with He-initialised weights drawn from `seed`.
    public init(spec: NetworkSpec, seed: UInt64) throws {
        var random = SeededRandom(seed: seed)
        var shape = spec.inputShape   // [C, H, W] or [features]
        var layers: [any Layer] = []
        for (index, layer) in spec.layers.enumerated() {
            let name = "layers.\(index)"
            func image() throws -> (Int, Int, Int) {
                guard shape.count == 3 else { throw ModelError.invalidNetwork("layer \(index) needs an image input, got \(shape)") }
                return (shape[0], shape[1], shape[2])
            }
            switch layer {
            case .convolution(let outputs, let kernel):
                let (c, h, w) = try image()
                guard kernel % 2 == 1, outputs > 0 else { throw ModelError.invalidNetwork("layer \(index): odd kernel and outputs > 0 needed") }
                layers.append(Convolution(inputs: c, outputs: outputs, kernel: kernel, name: name, random: &random))
                shape = [outputs, h, w]
            case .groupNorm(let groups):
                let (c, _, _) = try image()
                guard groups > 0, c % groups == 0 else { throw ModelError.invalidNetwork("layer \(index): \(c) channels do not split into \(groups) groups") }
                layers.append(GroupNormalization(channels: c, groups: groups, name: name))
            case .relu:
                layers.append(ReLU())
            case .maxPool, .averagePool:
                let (c, h, w) = try image()
                layers.append(Pooling(layer == .maxPool ? .max : .average))
                shape = [c, h / 2, w / 2]
            case .flatten:
                let (c, h, w) = try image()
                layers.append(Flatten())
                shape = [c * h * w]
            case .dense(let outputs):
                guard shape.count == 1 else { throw ModelError.invalidNetwork("layer \(index): dense needs flat features") }
                layers.append(Dense(inputs: shape[0], outputs: outputs, name: name, random: &random))
                shape = [outputs]
            }
        }
        guard shape.count == 1 else { throw ModelError.invalidNetwork("the network must end in flat outputs, not \(shape)") }
        self.spec = spec
        self.layers = layers
        self.parameters = layers.flatMap(\.parameters)
        self.outputs = shape[0]
    }

    /// The outputs `[batch, outputs]` of a batch-major input `[batch, C, H, W]`.
    public func forward(_ input: Tensor, training: Bool = false) -> Tensor {
        precondition(Array(input.shape.dropFirst()) == spec.inputShape, "input shape \(input.shape) does not match \(spec.inputShape)")
        var x = input.swappingLeadingAxes()
        for layer in layers { x = layer.forward(x, training: training) }
        return x
    }

    /// Back-propagates ∂L/∂outputs of the last `forward`, accumulating parameter gradients.
    public func backward(_ outputGradient: Tensor) {
        var g = outputGradient
        for layer in layers.reversed() { g = layer.backward(g) }
    }

    /// ∂L/∂input of the last `forward` (batch-major), for gradient checks through the whole network.
    public func inputGradient(_ outputGradient: Tensor) -> Tensor {
        var g = outputGradient
        for layer in layers.reversed() { g = layer.backward(g) }
        return g.swappingLeadingAxes()
    }

    /// Sets every parameter gradient to zero.
    public func clearGradients() { parameters.forEach { $0.clearGradient() } }

    /// The parameters as named safetensors tensors.
    public var weights: [String: Safetensors.Tensor] {
        Dictionary(uniqueKeysWithValues: parameters.map { ($0.name, Safetensors.Tensor(shape: $0.shape, values: $0.value)) })
    }

    /// Loads parameters by name; every parameter must be present with its shape.
    public func load(_ tensors: [String: Safetensors.Tensor]) throws {
        for parameter in parameters {
            guard let tensor = tensors[parameter.name] else { throw ModelError.missingWeights(parameter.name) }
            guard tensor.shape == parameter.shape else {
                throw ModelError.invalidNetwork("weights '\(parameter.name)' have shape \(tensor.shape), the network needs \(parameter.shape)")
            }
            parameter.value = tensor.values
        }
    }

    /// Uses `count` threads in the matrix products (training: all cores; inference: one).
    public static func useThreads(_ count: Int) { BLAS.setThreads(count) }

    /// Stops the matrix library's idle worker threads, which spin for 0.1 s after process start
    /// (`qpi` calls this first); a later threaded product starts them again.
    public static func stopIdleThreads() { BLAS.stopIdleThreads() }
}
