import Foundation
import Testing
import Analysis
import TestSupport

/// Generalisation: the grids of ../shared/data/independent were made by a second implementation
/// of the physics with its own rendering, noise and drift, so they test what our own synthetic
/// grids cannot. The shipped model names 4 of the 7 right (issue: classifier v2); the first test
/// keeps that floor, the second is the goal and is marked as a known issue until it is met.
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

    /// (name, truth, prediction) for every grid, analysed as a user would (no --gap).
    static func results() throws -> [(String, String, String)] {
        try names.map { name in
            let path = TestSupport.sharedData.appendingPathComponent("independent/\(name).h5").path
            let model = try LoadedModel.load(path: nil)
            let prepared = try PreparedMaps.load(path, request: AnalysisRequest(), model: model.classifier.metadata)
            return (name, try truth(name), try model.classify(prepared).prediction.pairingClass)
        }
    }

    @Test func noFewerRightThanTheShippedModel() throws {
        let results = try Self.results()
        let right = results.filter { $0.1 == $0.2 }.count
        print("independent grids: \(right) of \(results.count) right; " + results.map { "\($0.0): \($0.2)" }.joined(separator: ", "))
        #expect(right >= 4, "\(results)")
    }

    @Test func allRight() throws {
        let results = try Self.results()
        withKnownIssue("classifier v2: the shipped model names 4 of the 7 independent grids right") {
            for (name, truth, predicted) in results { #expect(predicted == truth, "\(name)") }
        }
    }
}
