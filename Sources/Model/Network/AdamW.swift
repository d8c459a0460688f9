import Foundation

/// Adam with decoupled weight decay (Loshchilov & Hutter, ICLR 2019). Its moments are part of a
/// training checkpoint, so a resumed run continues exactly where it stopped.
public final class AdamW {
    public var learningRate: Float
    public var beta1: Float = 0.9
    public var beta2: Float = 0.999
    public var epsilon: Float = 1e-8
    public var weightDecay: Float
    /// Updates taken so far.
    public private(set) var step = 0
    private var first: [String: [Float]] = [:]
    private var second: [String: [Float]] = [:]

    public init(learningRate: Float = 1e-3, weightDecay: Float = 1e-4) {
        self.learningRate = learningRate
        self.weightDecay = weightDecay
    }

    /// One update of every parameter from its accumulated gradient.
    public func update(_ parameters: [Parameter]) {
        step += 1
        let correction1 = 1 - pow(beta1, Float(step)), correction2 = 1 - pow(beta2, Float(step))
        for parameter in parameters {
            var m = first[parameter.name] ?? [Float](repeating: 0, count: parameter.value.count)
            var v = second[parameter.name] ?? [Float](repeating: 0, count: parameter.value.count)
            let decay = parameter.decays ? weightDecay : 0
            for i in parameter.value.indices {
                let g = parameter.gradient[i]
                m[i] = beta1 * m[i] + (1 - beta1) * g
                v[i] = beta2 * v[i] + (1 - beta2) * g * g
                let update = (m[i] / correction1) / ((v[i] / correction2).squareRoot() + epsilon)
                parameter.value[i] -= learningRate * (update + decay * parameter.value[i])
            }
            first[parameter.name] = m
            second[parameter.name] = v
        }
    }

    /// The moments as named tensors (`adam.m.<name>`, `adam.v.<name>`) for a checkpoint.
    public func state(for parameters: [Parameter]) -> [String: [Float]] {
        var out: [String: [Float]] = [:]
        for p in parameters {
            if let m = first[p.name] { out["adam.m." + p.name] = m }
            if let v = second[p.name] { out["adam.v." + p.name] = v }
        }
        return out
    }

    /// Restores the moments and the step count of a checkpoint.
    public func restore(_ tensors: [String: [Float]], step: Int) {
        for (name, values) in tensors {
            if name.hasPrefix("adam.m.") { first[String(name.dropFirst(7))] = values }
            if name.hasPrefix("adam.v.") { second[String(name.dropFirst(7))] = values }
        }
        self.step = step
    }
}
