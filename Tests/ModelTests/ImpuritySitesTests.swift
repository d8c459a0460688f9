import Foundation
import Formats
import Preprocess
import Testing
@testable import Model

/// `ImpuritySites` on synthetic grids whose impurity sites are known: every impurity is found,
/// and its own atom is among its candidates — the first one for a weak impurity, which brightens
/// its site most (a strong one darkens it, docs/refinement.md §3).
@Suite struct ImpuritySitesTests {
    @Test(arguments: [200.0, 600])
    func sitesAreFoundOnTheirAtoms(v0: Double) throws {
        let pairing = PairingState(channel: .a2Prime, deltaMeV: 20, mixAngle: 0.4)
        var synth = SyntheticGrid(simulation: SimulationParameters(material: try Material.nbse2(), pairing: pairing, impurityMeV: v0, meshSize: 96),
                                  sampleGapMeV: 1, ratios: (-8...8).map { Double($0) * 0.25 })
        synth.pixels = 160
        synth.drift = 0
        synth.impurities = 3
        synth.signalToNoise = 5
        synth.seed = 21
        let grid = try synth.make()
        var options = PreprocessingOptions()
        options.driftCorrection = false
        let sites = try Preprocessor.run(grid, options: options).cleanSpectrum.impurities
        let step = try #require(grid.metadata.provenance.first)
        let parameters = try #require(try JSONSerialization.jsonObject(with: Data(step.parametersJSON.utf8)) as? [String: Any])
        let truth = try #require(parameters["impurity_sites"] as? [[Double]])
        let renderer = RealSpaceRenderer(pixels: 160, latticeConstant: 5, rotation: synth.rotation, shear: synth.shear,
                                         origin: SIMD2(80, 80))
        #expect(sites.candidates.count == truth.count)
        for site in truth {
            let p = renderer.position(Int(site[0]), Int(site[1]))
            func distance(_ pixel: [Int]) -> Double { hypot(Double(pixel[1]) - p.x, Double(pixel[0]) - p.y) }
            let impurity = try #require(sites.candidates.min { distance($0[0]) < distance($1[0]) })
            let nearest = impurity.map(distance).min()!
            #expect(nearest <= 1, "impurity at \(p): candidates \(impurity)")
            if v0 < 300 { #expect(distance(impurity[0]) <= 1, "weak impurity at \(p): first candidate \(impurity[0])") }
        }
    }
}
