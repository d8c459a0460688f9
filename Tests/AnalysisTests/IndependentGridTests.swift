import Foundation
import Testing
import Analysis
import TestSupport

/// Generalisation: the grids of ../shared/data/independent were made by a second implementation
/// of the physics with its own rendering, noise and drift, so they test what our own synthetic
/// grids cannot. Every one must be named right, as a user would analyse it (no --gap), with a class
/// that holds when the gap is 15 % off either way (version 1 of the model named 4 of the 7).
@Suite(.enabled(if: TestSupport.isCI || TestSupport.sharedAvailable(["independent"]), "../shared/data/independent is absent"))
struct IndependentGridTests {
    static let names = ["a1p_chi0.25", "a1p_chi0.6", "a1pp", "a2p_chi0.3", "ep_chiral-1", "ep_nematic1.0", "eppnu_0.7"]

    /// The class each grid's truth file names, in the model's labels.
    static func truth(_ name: String) throws -> String {
        let path = TestSupport.sharedData.appendingPathComponent("independent/\(name).h5.truth.json")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: path)) as? [String: Any])
        let label = try #require(json["channel"] as? String)
        return ["A1''": "A1''+A2''+E''", "A2''": "A1''+A2''+E''", "E''": "A1''+A2''+E''", "E''nu": "E''(non-unitary)"][label] ?? label
    }

    /// The call for every grid, analysed as a user would (no --gap), and those at the gap ± 15 %.
    static func results() throws -> [(name: String, truth: String, predicted: String, variants: [String])] {
        let model = try LoadedModel.load(path: nil)
        return try names.map { name in
            let path = TestSupport.sharedData.appendingPathComponent("independent/\(name).h5").path
            let prepared = try PreparedMaps.load(path, request: AnalysisRequest(), model: model.classifier.metadata)
            let (prediction, screening) = try model.classify(prepared)
            return (name, try truth(name), prediction.pairingClass, screening.gapVariantClasses.map { Array($0.values) } ?? [])
        }
    }

    @Test func allRight() throws {
        let results = try Self.results()
        print("independent grids: " + results.map { "\($0.name): \($0.predicted)" }.joined(separator: ", "))
        for result in results {
            #expect(result.predicted == result.truth, "\(result.name)")
            #expect(result.variants.count == 2 && result.variants.allSatisfy { $0 == result.truth }, "\(result.name): with the gap ±15 % \(result.variants)")
        }
    }
}
