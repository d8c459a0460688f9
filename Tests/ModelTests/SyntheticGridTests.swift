import Foundation
import Formats
import Preprocess
import Testing
@testable import Model

/// `SyntheticGrid`: the impurities lie inside the field of view (or around it, with a margin), the noise has the documented
/// size (relative to the rendered LDOS change, not to the lattice contrast), and the real-space
/// training route turns such a grid into maps in the frame.
@Suite struct SyntheticGridTests {
    static func grid(impurities: Int, signalToNoise: Double = .infinity) throws -> (SyntheticGrid, [Float]) {
        let pairing = PairingState(channel: .a1Prime, deltaMeV: 20, mixAngle: 0.3)
        var synth = SyntheticGrid(simulation: SimulationParameters(material: try Material.nbse2(), pairing: pairing, meshSize: 48),
                                  sampleGapMeV: 1, ratios: [0.6, 1.2])
        synth.pixels = 64
        synth.latticePixels = 4
        synth.impurities = impurities
        synth.signalToNoise = signalToNoise
        synth.seed = 9
        return (synth, try synth.make().channels[0].data)
    }

    static func standardDeviation(_ values: ArraySlice<Float>) -> Double {
        Plane(rows: 1, columns: values.count, values: values.map(Double.init)).standardDeviation
    }

    @Test func impuritiesLieInsideTheImage() throws {
        let (synth, _) = try Self.grid(impurities: 6)
        let step = try #require(try synth.make().metadata.provenance.first)
        let parameters = try #require(try JSONSerialization.jsonObject(with: Data(step.parametersJSON.utf8)) as? [String: Any])
        let sites = try #require(parameters["impurity_sites"] as? [[Double]]).map { $0.map { Int($0) } }
        #expect(sites.count == 6)
        let renderer = RealSpaceRenderer(pixels: 64, latticeConstant: 4, rotation: synth.rotation, shear: synth.shear)
        for site in sites {
            let p = renderer.position(site[0], site[1])
            // Central 80 % of the image, give or take the rounding to a site.
            #expect(p.x > 0.1 * 64 - 4 && p.x < 0.9 * 64 + 4 && p.y > 0.1 * 64 - 4 && p.y < 0.9 * 64 + 4, "site \(site) at \(p)")
        }
    }

    /// With a margin of one image width the impurities spread over three widths, most of them
    /// outside the image (the mesh of 48 sites holds the 3 × 16 lattice constants).
    @Test func aMarginPutsImpuritiesAroundTheImage() throws {
        var (synth, _) = try Self.grid(impurities: 0)
        synth.impurities = 12
        synth.impurityMargin = 1
        let step = try #require(try synth.make().metadata.provenance.first)
        let parameters = try #require(try JSONSerialization.jsonObject(with: Data(step.parametersJSON.utf8)) as? [String: Any])
        let sites = try #require(parameters["impurity_sites"] as? [[Double]]).map { $0.map { Int($0) } }
        let renderer = RealSpaceRenderer(pixels: 64, latticeConstant: 4, rotation: synth.rotation, shear: synth.shear)
        let positions = sites.map { renderer.position($0[0], $0[1]) }
        for p in positions { #expect(p.x > -64 - 4 && p.x < 128 + 4 && p.y > -64 - 4 && p.y < 128 + 4, "site at \(p)") }
        #expect(positions.contains { $0.x < 0 || $0.x > 64 || $0.y < 0 || $0.y > 64 })
    }

    @Test func noiseIsRelativeToTheLDOSChange() throws {
        let (_, clean) = try Self.grid(impurities: 3)
        let (_, background) = try Self.grid(impurities: 0)
        let (_, noisy) = try Self.grid(impurities: 3, signalToNoise: 4)
        let layer = 64 * 64
        for l in 0..<2 {
            let range = l * layer ..< (l + 1) * layer
            let change = zip(clean[range], background[range]).map { $0 - $1 }
            let noise = zip(noisy[range], clean[range]).map { $0 - $1 }
            let ratio = Self.standardDeviation(change[...]) / Self.standardDeviation(noise[...])
            #expect(abs(ratio - 4) < 0.2, "layer \(l): signal-to-noise \(ratio)")
            // The whole map (lattice contrast included) varies far more than the change, so noise
            // scaled to it would fail the check above.
            #expect(Self.standardDeviation(clean[range]) > 2 * Self.standardDeviation(change[...]))
        }
    }

    @Test func realSpaceRouteGivesFrameMaps() throws {
        let recipe = DatasetRecipe(seed: 3, count: 1, meshSize: 24, material: try Material.nbse2(), frame: QFrameFixture.small)
        let example = recipe.example(0)
        let generator = TrainingMapGenerator(material: recipe.material, meshSize: 24, frame: QFrameFixture.small)
        let (stack, gap) = try generator.maps(example, route: .realSpace)
        #expect(stack.maps.count == EnergyAxis.defaultRatios.count)
        #expect(stack.maps.allSatisfy { $0.count == 25 * 25 && $0.allSatisfy(\.isFinite) && $0.contains { $0 > 0 } })
        // Where the maps were taken, from the preprocessing's own record (not the route's return
        // values): the sample gap of 1 meV given, layers at ω/Δ × the example's calibration error.
        let steps = Dictionary(stack.provenance.map { ($0.step, $0.parameters) }, uniquingKeysWith: { $1 })
        #expect(steps["gap"]?["delta_meV"] == .number(1) && steps["gap"]?["method"] == .string("given"))
        #expect(steps["energy-axis"]?["ratios"] == .numbers(EnergyAxis.defaultRatios.map { $0 * example.gapCalibration }))
        #expect(example.gapCalibration != 1 && gap > 0)
    }
}
