import Foundation
import Testing
@testable import Preprocess
import QPICore

/// The layer-by-layer route from the grid's Float32 channel against the whole-stack route the
/// pipeline takes when a step needs every spectrum (and took for every grid before it streamed):
/// the same maps, averaged spectrum and uncertainty.
@Suite struct ConductanceLayersTests {
    static let (layers, rows, columns) = (5, 48, 40)

    /// Random layers with a different mean each, as Float32 like a grid's channel.
    static var values: [Float] {
        var random = SeededRandom(seed: 3)
        return (0 ..< layers * rows * columns).map { i in Float(Double(i / (rows * columns)) * 2 + random.gaussian()) }
    }

    static let energies = (0 ..< layers).map { Double($0) - 2 }
    static let peaks = [BraggPeak(qx: 0, qy: 2 * Double.pi / 6, amplitude: 1), BraggPeak(qx: 2 * Double.pi / 6 * 0.866, qy: 2 * Double.pi / 12, amplitude: 1)]

    func run(_ layers: ConductanceLayers, mask: [Bool]? = nil) -> ConductanceLayers.Pass {
        let sampler = QFrame(halfWidth: 1.2, pixels: 21).sampler(peaks: Self.peaks, lattice: .hexagonal, rows: Self.rows, columns: Self.columns)
        return layers.pass(mask: mask, window: .hann, dcRadius: 1.5, sampler: sampler)
    }

    @Test(arguments: [false, true]) func channelRouteEqualsTheWholeStack(subtractingMean: Bool) {
        let stack = SpectralStack(energies: Self.energies, rows: Self.rows, columns: Self.columns, values: Self.values.map(Double.init))
        var mask = [Bool](repeating: false, count: Self.rows * Self.columns)
        for i in stride(from: 7, to: mask.count, by: 97) { mask[i] = true }
        let streamed = run(.channel(Self.values, rows: Self.rows, columns: Self.columns, subtractingMean: subtractingMean), mask: mask)
        let whole = run(.stack(subtractingMean ? MeanSubtraction.apply(stack) : stack), mask: mask)
        #expect(streamed.maps == whole.maps)
        #expect(streamed.maps.count == Self.layers && streamed.maps.allSatisfy { $0.count == 21 * 21 && $0.contains { $0 > 0 } })
        #expect(streamed.means == stack.averageSpectrum)
        #expect(streamed.blockVariances.map(SpectralStack.pooledUncertainty) == stack.averageSpectrumUncertainty())
        #expect(whole.means == nil)
    }

    /// The averaged spectrum's uncertainty by its definition: 16 interleaved sets of 8 × 8 blocks.
    @Test func blockSetUncertaintyByHand() {
        let stack = SpectralStack(energies: Self.energies, rows: Self.rows, columns: Self.columns, values: Self.values.map(Double.init))
        var pooled = 0.0
        for k in 0 ..< Self.layers {
            var sets = [[Double]](repeating: [], count: 16)
            for r in 0 ..< Self.rows { for c in 0 ..< Self.columns {
                sets[(r / 8 % 4) * 4 + c / 8 % 4].append(stack.values[k * Self.rows * Self.columns + r * Self.columns + c])
            } }
            let means = sets.map { $0.reduce(0, +) / Double($0.count) }
            let mean = means.reduce(0, +) / 16
            pooled += means.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 15 / 16
        }
        #expect(abs(stack.averageSpectrumUncertainty()! - (pooled / Double(Self.layers)).squareRoot()) < 1e-12)
        #expect(SpectralStack(energies: [0], rows: 15, columns: 40, values: .init(repeating: 0, count: 600)).averageSpectrumUncertainty() == nil)
    }

    /// In place over layers, as `Preprocessor` corrects a grid: each layer like the plane alone.
    @Test func displacementInPlaceMatchesEachLayerAlone() {
        let field = DisplacementField(ux: Plane(rows: Self.rows, columns: Self.columns, values: (0 ..< Self.rows * Self.columns).map { 0.7 * sin(Double($0) / 300) }),
                                      uy: Plane(rows: Self.rows, columns: Self.columns, repeating: -0.4))
        var values = Self.values
        field.apply(toLayers: &values, rows: Self.rows, columns: Self.columns)
        let n = Self.rows * Self.columns
        for k in 0 ..< Self.layers {
            let alone = field.apply(to: Plane(rows: Self.rows, columns: Self.columns, values: Self.values[k * n ..< (k + 1) * n].map(Double.init)))
            for i in 0 ..< n { #expect(abs(Double(values[k * n + i]) - alone.values[i]) < 1e-4) }
        }
    }
}
