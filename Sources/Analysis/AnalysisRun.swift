import Foundation
import Formats
import Model
import Preprocess
import QPICore

/// One analysis of a lab file: read, preprocess, classify, fit the simulator, simulate the best
/// match at the fitted parameters.
public struct AnalysisRun {
    public let input: String
    public let result: PreprocessingResult
    public let model: PairingClassifier
    public let prediction: PairingPrediction
    public let match: BestMatch
    /// The simulator fitted to the grid.
    public let refinement: Refinement
    /// The maps at the model's ω/Δ, unsymmetrised: what the classifier saw.
    public let maps: QMapStack
    /// The same maps C6v-symmetrised, for display.
    public let symmetrised: QMapStack
    public let summary: AnalysisSummary

    /// Runs every stage on `input`, announcing each through `stage`.
    public static func perform(input: String, request: AnalysisRequest, stage: (String) -> Void = { _ in }) throws -> AnalysisRun {
        stage("reading and preprocessing \(input)")
        let model = try LoadedModel.load(path: request.modelPath)
        let metadata = model.classifier.metadata
        let prepared = try PreparedMaps.load(input, request: request, model: metadata, forceRaw: true)
        guard let result = prepared.result else { throw AnalysisError(path: input, "no grid to analyse") }
        stage("classifying")
        let (prediction, screening) = try model.classify(prepared)
        stage("fitting the simulator")
        let template = BestMatch.state(for: prediction, channel: request.pairingChannel)
        let refinement = try Refiner.refine(result, template: template, nematicAngle: prediction.parameters["nematic_angle_rad"])
        stage("simulating the best match")
        let match = try BestMatch.simulate(refinement.applied(to: template), ratios: metadata.ratios, frame: metadata.frame)
        var summary = try AnalysisSummary(path: input, prepared: prepared, prediction: prediction, screening: screening, model: model)
        summary.bestMatch = AnalysisSummary.BestMatchInfo(match)
        summary.refinement = refinement
        var symmetrised = prepared.stack.mapping { metadata.frame.symmetrize($0, group: .c6v).map }
        symmetrised.symmetry = .c6v
        return AnalysisRun(input: input, result: result, model: model.classifier, prediction: prediction, match: match, refinement: refinement,
                           maps: prepared.stack, symmetrised: symmetrised, summary: summary)
    }
}
