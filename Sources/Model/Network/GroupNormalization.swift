/// Group normalisation (Wu & He, ECCV 2018): within each sample, the channels of a group are
/// normalised to zero mean and unit variance together, then scaled and shifted per channel.
/// Unlike batch normalisation it behaves the same in training and inference.
final class GroupNormalization: Layer {
    let channels: Int, groups: Int
    let scale: Parameter, shift: Parameter
    static let epsilon = 1e-5
    private var normalised: [Float] = []
    private var inverseDeviation: [Double] = []   // [batch, groups]
    private var inputShape: [Int] = []

    init(channels: Int, groups: Int, name: String) {
        precondition(channels % groups == 0, "channels must split evenly into groups")
        self.channels = channels
        self.groups = groups
        scale = .constant(1, name: name + ".weight", shape: [channels])
        shift = .constant(0, name: name + ".bias", shape: [channels])
    }

    var parameters: [Parameter] { [scale, shift] }

    /// Calls `body(sample, group, planeOffsets)` with the offsets of the group's channel planes.
    private func forEachGroup(batch: Int, plane: Int, _ body: (Int, Int, [Int]) -> Void) {
        let perGroup = channels / groups
        for s in 0..<batch {
            for g in 0..<groups {
                body(s, g, (g * perGroup ..< (g + 1) * perGroup).map { ($0 * batch + s) * plane })
            }
        }
    }

    func forward(_ input: Tensor, training: Bool) -> Tensor {
        inputShape = input.shape
        let batch = input.shape[1], plane = input.shape[2] * input.shape[3]
        normalised = [Float](repeating: 0, count: input.data.count)
        inverseDeviation = [Double](repeating: 0, count: batch * groups)
        var out = [Float](repeating: 0, count: input.data.count)
        let perGroup = channels / groups
        forEachGroup(batch: batch, plane: plane) { s, g, offsets in
            var sum = 0.0, squares = 0.0
            for o in offsets { for i in o..<o + plane { let v = Double(input.data[i]); sum += v; squares += v * v } }
            let count = Double(offsets.count * plane), mean = sum / count
            let inverse = 1 / (max(squares / count - mean * mean, 0) + Self.epsilon).squareRoot()
            inverseDeviation[s * groups + g] = inverse
            for (j, o) in offsets.enumerated() {
                let c = g * perGroup + j, gamma = scale.value[c], beta = shift.value[c]
                for i in o..<o + plane {
                    let n = Float((Double(input.data[i]) - mean) * inverse)
                    normalised[i] = n
                    out[i] = gamma * n + beta
                }
            }
        }
        return Tensor(shape: input.shape, data: out)
    }

    func backward(_ outputGradient: Tensor) -> Tensor {
        let batch = inputShape[1], plane = inputShape[2] * inputShape[3]
        let dy = outputGradient.data
        var dx = [Float](repeating: 0, count: dy.count)
        let perGroup = channels / groups
        forEachGroup(batch: batch, plane: plane) { s, g, offsets in
            var meanD = 0.0, meanDN = 0.0
            for (j, o) in offsets.enumerated() {
                let c = g * perGroup + j, gamma = Double(scale.value[c])
                var dGamma = 0.0, dBeta = 0.0
                for i in o..<o + plane {
                    let d = Double(dy[i]), n = Double(normalised[i])
                    dGamma += d * n; dBeta += d
                    meanD += d * gamma; meanDN += d * gamma * n
                }
                scale.gradient[c] += Float(dGamma)
                shift.gradient[c] += Float(dBeta)
            }
            let count = Double(offsets.count * plane)
            meanD /= count; meanDN /= count
            let inverse = inverseDeviation[s * groups + g]
            for (j, o) in offsets.enumerated() {
                let gamma = Double(scale.value[g * perGroup + j])
                for i in o..<o + plane {
                    dx[i] = Float(inverse * (Double(dy[i]) * gamma - meanD - Double(normalised[i]) * meanDN))
                }
            }
        }
        return Tensor(shape: inputShape, data: dx)
    }
}
