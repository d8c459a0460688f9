import Foundation
import Formats
import Model
import Preprocess

/// One analysis of a lab file: read, preprocess, classify, simulate the best match.
struct AnalysisRun {
    let input: String
    let result: PreprocessingResult
    let model: PairingClassifier
    let prediction: PairingPrediction
    let match: BestMatch
    /// The maps at the model's ω/Δ, unsymmetrised (what the classifier saw) and C6v-symmetrised.
    let maps: [[Float]]
    let symmetrised: [[Float]]
    let summary: AnalysisSummary

    /// Runs every stage, announcing each through `stage`.
    static func perform(input: String, channel: PairingChannel?, analysisOptions: AnalysisOptions,
                        stage: (String) -> Void) throws -> AnalysisRun {
        stage("reading and preprocessing \(input)")
        let (model, modelHash, prepared, maps) = try analysisOptions.prepare(input, forceRaw: true)
        guard let result = prepared.result else { throw FormatError(.invalidRequest, path: input, "no grid to analyse") }
        stage("classifying")
        Network.useThreads(1)
        let prediction = model.predict(maps: maps, draws: 8)
        stage("simulating the best match")
        let match = try BestMatch.simulate(BestMatch.state(for: prediction, channel: channel),
                                           energiesOverGap: model.metadata.energiesOverGap, frame: model.metadata.frame)
        var summary = try AnalysisSummary(path: input, prepared: prepared, prediction: prediction, model: model, modelSHA256: modelHash)
        summary.bestMatch = AnalysisSummary.BestMatchInfo(match)
        return AnalysisRun(input: input, result: result, model: model, prediction: prediction, match: match, maps: maps,
                           symmetrised: maps.map { model.metadata.frame.symmetrize($0, group: .c6v).map }, summary: summary)
    }
}
