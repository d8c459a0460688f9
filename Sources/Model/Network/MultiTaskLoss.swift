import Foundation

/// The training objective of the classifier: softmax cross-entropy over the first `classes`
/// outputs plus `regressionWeight` × the squared error of the remaining outputs against their
/// targets, counted only where the target's mask is 1 (a parameter the channel does not have).
/// Both parts are means over the batch.
public struct MultiTaskLoss: Sendable {
    public var classes: Int
    public var regressions: Int
    public var regressionWeight: Float

    public init(classes: Int, regressions: Int, regressionWeight: Float = 1) {
        self.classes = classes
        self.regressions = regressions
        self.regressionWeight = regressionWeight
    }

    /// What one batch should produce.
    public struct Targets: Sendable {
        public var labels: [Int]
        /// `[batch, regressions]`.
        public var values: [Float]
        /// `[batch, regressions]`, 1 where `values` applies.
        public var mask: [Float]

        public init(labels: [Int], values: [Float], mask: [Float]) {
            self.labels = labels
            self.values = values
            self.mask = mask
        }
    }

    /// The loss, its two parts, and ∂loss/∂outputs.
    public func evaluate(_ outputs: Tensor, _ targets: Targets) -> (loss: Double, crossEntropy: Double, squaredError: Double, gradient: Tensor) {
        let batch = outputs.shape[0], width = classes + regressions
        precondition(outputs.shape == [batch, width], "outputs must be [batch, \(width)]")
        var gradient = [Float](repeating: 0, count: outputs.data.count)
        var crossEntropy = 0.0, squaredError = 0.0
        for s in 0..<batch {
            let row = Array(outputs.data[s * width ..< s * width + classes])
            let p = Self.softmax(row)
            crossEntropy -= log(max(p[targets.labels[s]], 1e-300))
            for c in 0..<classes {
                gradient[s * width + c] = Float((p[c] - (c == targets.labels[s] ? 1 : 0)) / Double(batch))
            }
            for r in 0..<regressions {
                let t = s * regressions + r, o = s * width + classes + r
                let difference = Double(outputs.data[o] - targets.values[t]) * Double(targets.mask[t])
                squaredError += difference * difference
                gradient[o] = Float(2 * difference) * regressionWeight / Float(batch)
            }
        }
        crossEntropy /= Double(batch)
        squaredError /= Double(batch)
        return (crossEntropy + Double(regressionWeight) * squaredError, crossEntropy, squaredError,
                Tensor(shape: outputs.shape, data: gradient))
    }

    /// exp(xᵢ / T) / Σ exp(xⱼ / T), computed stably.
    public static func softmax(_ logits: [Float], temperature: Double = 1) -> [Double] {
        let top = Double(logits.max() ?? 0)
        let e = logits.map { exp((Double($0) - top) / temperature) }
        let sum = e.reduce(0, +)
        return e.map { $0 / sum }
    }
}
