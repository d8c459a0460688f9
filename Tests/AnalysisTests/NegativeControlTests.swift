import Foundation
import Testing
import Analysis
import Formats
import Model
import Preprocess
import QPICore
import TestSupport

/// Grids without quasiparticle interference must not come out with a confident class: a lattice
/// without impurities is classified with lowered probabilities and a warning, a grid of pure noise
/// is refused with the reason.
@Suite struct NegativeControlTests {
    /// A synthetic lattice (drift, rotation, shear as `qpi synth` makes it) without impurities,
    /// with white noise of 2 % of the signal added to every layer.
    static func cleanLattice(at path: String) throws {
        let simulation = SimulationParameters(material: try Material.nbse2(), pairing: PairingState(channel: .a1Prime, deltaMeV: 20, mixAngle: 0.3),
                                              meshSize: 48)
        var synth = SyntheticGrid(simulation: simulation, sampleGapMeV: 1, ratios: [-1.6, -1.2, -0.9, -0.6, -0.3, 0.3, 0.6, 0.9, 1.2, 1.6])
        synth.impurities = 0
        synth.pixels = 160
        synth.latticePixels = 4
        var grid = try synth.make()
        var random = SeededRandom(seed: 11)
        let mean = grid.channels[0].data.reduce(Float(0), +) / Float(grid.channels[0].data.count)
        grid.channels[0].data = grid.channels[0].data.map { $0 + 0.02 * mean * Float(random.gaussian()) }
        try HDF5Writer.write(grid, to: path)
    }

    @Test func latticeWithoutImpuritiesIsFlagged() throws {
        let path = TestSupport.scratch().appendingPathComponent("lattice.h5").path
        try Self.cleanLattice(at: path)
        var request = AnalysisRequest()
        request.preprocessing.delta = 1
        let run = try AnalysisRun.perform(input: path, request: request)
        let screening = run.summary.screening
        #expect(screening.signalCoherence < Screening.coherenceThreshold)
        #expect(screening.warnings.contains { $0.hasPrefix("no interference signal") })
        #expect(run.prediction.probabilities.values.max()! < 0.35, "\(run.prediction.probabilities)")
    }

    /// The bundled sample (impurity QPI) passes the screen untouched.
    @Test func impurityQPIIsNotFlagged() throws {
        let run = try AnalysisRun.perform(input: TestSupport.root.appendingPathComponent("samples/synthetic_grid.h5").path, request: AnalysisRequest())
        #expect(run.summary.screening.signalCoherence > 0.5)
        #expect(run.summary.screening.probabilityWeight == 1)
        #expect(!run.summary.screening.warnings.contains { $0.hasPrefix("no interference signal") })
    }

    /// Noise without a lattice cannot be put into the q-frame: refused, naming the file and why.
    @Test func pureNoiseIsRefused() throws {
        let path = TestSupport.scratch().appendingPathComponent("noise.h5").path
        var random = SeededRandom(seed: 5)
        let n = 64, layers = 10
        let x = Axis.pixelCentres(name: "x", center: 0, width: 20e-9, count: n)
        let grid = Dataset(sweep: Axis(name: "Bias", unit: "V", values: (0..<layers).map { -2e-3 + 4e-3 * Double($0) / Double(layers - 1) }),
                           x: x, y: Axis(name: "y", unit: "m", values: x.values),
                           channels: [Channel(name: "LI Demod 1 X", unit: "A", data: (0 ..< layers * n * n).map { _ in Float(1 + 0.1 * random.gaussian()) })],
                           metadata: Metadata(source: SourceInfo(format: "test", fileName: "noise")))
        try HDF5Writer.write(grid, to: path)
        #expect { try AnalysisRun.perform(input: path, request: AnalysisRequest()) } throws: { error in
            guard let error = error as? PreprocessError else { return false }
            return error.path == path && error.reason.contains("atomic contrast")
        }
    }
}
