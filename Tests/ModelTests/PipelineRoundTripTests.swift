import Foundation
import Testing
import Formats
import Preprocess
@testable import Model
import QPICore

/// A simulated map, rendered to a real-space pixel grid with a known rotation, shear and drift,
/// comes back through the preprocessing pipeline to the simulator's own map in the common frame.
@Suite struct PipelineRoundTripTests {
    static func correlation(_ a: [Float], _ b: [Float], mask: [Bool]) -> Double {
        let pairs = zip(zip(a, b), mask).filter { $0.1 }.map { (Double($0.0.0), Double($0.0.1)) }
        let ma = pairs.map(\.0).reduce(0, +) / Double(pairs.count), mb = pairs.map(\.1).reduce(0, +) / Double(pairs.count)
        let cov = pairs.reduce(0) { $0 + ($1.0 - ma) * ($1.1 - mb) }
        let va = pairs.reduce(0) { $0 + ($1.0 - ma) * ($1.0 - ma) }, vb = pairs.reduce(0) { $0 + ($1.1 - mb) * ($1.1 - mb) }
        return cov / (va * vb).squareRoot()
    }

    @Test func simulatedMapSurvivesRotationShearAndDrift() throws {
        let n = 64
        let frame = QFrame(halfWidth: 1.2, pixels: 101)
        let parameters = SimulationParameters(material: try Material.nbse2(),
                                              pairing: PairingState(channel: .a1Prime, deltaMeV: 20, mixAngle: 0.3),
                                              etaMeV: 12, energiesMeV: [12], meshSize: n, frame: frame)
        let simulation = try QPISimulator.run(parameters)
        let ldos = simulation.latticeLDOS[0]
        let a = 4.0
        let renderer = RealSpaceRenderer(pixels: 256, latticeConstant: a, rotation: 0.3, shear: 0.04, orbitalWidth: 0.15) { p in
            SIMD2(0.4 * a * sin(2 * Double.pi * p.y / 256), 0.3 * a * cos(2 * Double.pi * p.x / 256))
        }
        let topograph = renderer.render { _, _ in 1 }
        let map = renderer.render { i, j in ldos[((i % n + n) % n) * n + (j % n + n) % n] }
        let axis = Axis.pixelCentres(name: "x", center: 0, width: 256e-10, count: 256)
        let grid = Dataset(sweep: Axis(name: "Bias", unit: "V", values: [0.012]), x: axis, y: Axis(name: "y", unit: "m", values: axis.values),
                           channels: [Channel(name: "LI Demod 1 X", unit: "A", data: map.values.map(Float.init))],
                           parameters: [PixelParameter(name: "Z", unit: "m", values: topograph.values.map { Float($0 * 1e-11) })],
                           metadata: Metadata(source: SourceInfo(format: "test", fileName: "rendered")))
        var options = PreprocessingOptions()
        options.delta = 12
        options.ratios = [1.0]
        options.frame = frame
        let result = try Preprocessor.run(grid, options: options)
        // Compare away from q = 0 and inside the first Brillouin zone, where the orbital form
        // factor changes the amplitude little.
        let mask = frame.axis.flatMap { qy in frame.axis.map { qx in
            let q = (qx * qx + qy * qy).squareRoot()
            return q > 0.12 && q < 0.8
        } }
        let r = Self.correlation(result.maps.maps[0], simulation.maps.maps[0], mask: mask)
        print("pipeline round trip: correlation \(r); lattice \(result.latticeConstant / 1e-10) px (true \(a)), angle \(result.latticeAngle)°")
        #expect(r > 0.95)
        print("Bragg sharpness \(result.lattice.sharpnessBefore) → \(result.lattice.sharpnessAfter)")
        for (before, after) in zip(result.lattice.sharpnessBefore, result.lattice.sharpnessAfter) { #expect(after > before) }
        #expect(abs(result.latticeConstant / 1e-10 - a) < 0.01 * a)   // measured 0.75 % with this drift and shear
    }
}
