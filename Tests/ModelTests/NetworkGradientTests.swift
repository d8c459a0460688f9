import Foundation
import Preprocess
import Testing
@testable import Model
import QPICore

/// Every layer's backward pass against central finite differences of L = Σ r·y with random r.
@Suite struct NetworkGradientTests {
    /// Inputs away from zero and from each other, so ReLU and max-pooling kinks are not crossed.
    static func input(_ shape: [Int], seed: UInt64) -> Tensor {
        var random = SeededRandom(seed: seed)
        let count = shape.reduce(1, *)
        var values = (0..<count).map { i in Float(i % 2 == 0 ? 1 : -1) * Float(0.2 + 0.05 * Double(i)) }
        for i in stride(from: count - 1, to: 0, by: -1) { values.swapAt(i, Int(random.next() % UInt64(i + 1))) }
        return Tensor(shape: shape, data: values)
    }

    /// Largest |analytic − numeric| / max(1, |numeric|) over the input and every parameter.
    static func worstError(_ layer: any Layer, input: Tensor, step: Float = 1e-2) -> Double {
        var random = SeededRandom(seed: 99)
        let output = layer.forward(input, training: true)
        let weights = output.data.map { _ in Float(random.gaussian()) }
        func loss(_ x: Tensor) -> Double {
            zip(layer.forward(x, training: true).data, weights).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
        }
        layer.parameters.forEach { $0.clearGradient() }
        _ = layer.forward(input, training: true)
        let analytic = layer.backward(Tensor(shape: output.shape, data: weights))
        let parameterGradients = layer.parameters.map(\.gradient)
        var worst = 0.0
        func compare(_ a: Float, _ n: Double) { worst = max(worst, abs(Double(a) - n) / max(1, abs(n))) }
        for i in input.data.indices {
            var plus = input, minus = input
            plus.data[i] += step; minus.data[i] -= step
            compare(analytic.data[i], (loss(plus) - loss(minus)) / Double(2 * step))
        }
        for (p, parameter) in layer.parameters.enumerated() {
            for i in parameter.value.indices {
                let saved = parameter.value[i]
                parameter.value[i] = saved + step; let up = loss(input)
                parameter.value[i] = saved - step; let down = loss(input)
                parameter.value[i] = saved
                compare(parameterGradients[p][i], (up - down) / Double(2 * step))
            }
        }
        return worst
    }

    @Test func convolution() {
        var random = SeededRandom(seed: 1)
        let layer = Convolution(inputs: 2, outputs: 3, kernel: 3, name: "c", random: &random)
        layer.bias.value = [0.1, -0.2, 0.3]
        #expect(Self.worstError(layer, input: Self.input([2, 2, 5, 4], seed: 2)) < 2e-3)
    }

    @Test func convolutionMatchesDirectSum() {
        // Independent route: the convolution as an explicit sum over the kernel.
        var random = SeededRandom(seed: 3)
        let layer = Convolution(inputs: 2, outputs: 2, kernel: 3, name: "c", random: &random)
        let x = Self.input([2, 1, 4, 5], seed: 4)
        let y = layer.forward(x, training: false)
        for o in 0..<2 { for r in 0..<4 { for c in 0..<5 {
            var sum = Double(layer.bias.value[o])
            for i in 0..<2 { for ky in 0..<3 { for kx in 0..<3 {
                let (sr, sc) = (r + ky - 1, c + kx - 1)
                guard sr >= 0, sr < 4, sc >= 0, sc < 5 else { continue }
                sum += Double(layer.weight.value[o * 18 + i * 9 + ky * 3 + kx]) * Double(x.data[(i * 4 + sr) * 5 + sc])
            } } }
            #expect(abs(Double(y.data[(o * 4 + r) * 5 + c]) - sum) < 1e-5)
        } } }
    }

    @Test func dense() {
        var random = SeededRandom(seed: 5)
        let layer = Dense(inputs: 7, outputs: 4, name: "d", random: &random)
        #expect(Self.worstError(layer, input: Self.input([3, 7], seed: 6)) < 2e-3)
    }

    @Test func groupNormalization() {
        let layer = GroupNormalization(channels: 4, groups: 2, name: "n")
        layer.scale.value = [1.5, 0.7, -0.4, 1.1]
        layer.shift.value = [0.1, 0.2, -0.3, 0]
        #expect(Self.worstError(layer, input: Self.input([4, 2, 3, 3], seed: 7), step: 1e-3) < 5e-3)
    }

    @Test func activationsAndPooling() {
        #expect(Self.worstError(ReLU(), input: Self.input([2, 2, 3, 3], seed: 8)) < 1e-3)
        #expect(Self.worstError(Pooling(.max), input: Self.input([2, 2, 5, 4], seed: 9)) < 1e-3)
        #expect(Self.worstError(Pooling(.average), input: Self.input([2, 2, 4, 5], seed: 10)) < 1e-3)
        #expect(Self.worstError(Flatten(), input: Self.input([3, 2, 2, 2], seed: 11)) < 1e-3)
    }

    @Test func lossGradient() {
        let loss = MultiTaskLoss(classes: 3, regressions: 2, regressionWeight: 0.7)
        let targets = MultiTaskLoss.Targets(labels: [2, 0], values: [0.3, -0.5, 1, 0.2], mask: [1, 0, 1, 1])
        let outputs = Self.input([2, 5], seed: 12)
        let analytic = loss.evaluate(outputs, targets).gradient
        for i in outputs.data.indices {
            var plus = outputs, minus = outputs
            plus.data[i] += 1e-2; minus.data[i] -= 1e-2
            let numeric = (loss.evaluate(plus, targets).loss - loss.evaluate(minus, targets).loss) / 2e-2
            #expect(abs(Double(analytic.data[i]) - numeric) < 1e-3)
        }
        // Cross-entropy of uniform logits is log(classes) (an analytic value).
        let uniform = loss.evaluate(Tensor(zeros: [2, 5]), MultiTaskLoss.Targets(labels: [0, 1], values: [0, 0, 0, 0], mask: [0, 0, 0, 0]))
        #expect(abs(uniform.crossEntropy - log(3)) < 1e-9)
    }

    @Test func wholeNetworkInputGradient() throws {
        let spec = NetworkSpec(inputShape: [2, 6, 6], layers: [
            .convolution(outputs: 4, kernel: 3), .groupNorm(groups: 2), .relu, .maxPool, .flatten, .dense(outputs: 3),
        ])
        let network = try Network(spec: spec, seed: 4)
        let x = Self.input([2, 2, 6, 6], seed: 13)
        var random = SeededRandom(seed: 14)
        let r = (0..<6).map { _ in Float(random.gaussian()) }
        func loss(_ x: Tensor) -> Double { zip(network.forward(x).data, r).reduce(0.0) { $0 + Double($1.0) * Double($1.1) } }
        _ = network.forward(x)
        let analytic = network.inputGradient(Tensor(shape: [2, 3], data: r))
        for i in stride(from: 0, to: x.data.count, by: 5) {
            var plus = x, minus = x
            plus.data[i] += 1e-3; minus.data[i] -= 1e-3
            let numeric = (loss(plus) - loss(minus)) / 2e-3
            #expect(abs(Double(analytic.data[i]) - numeric) < 2e-2 * max(1, abs(numeric)))
        }
    }
}
