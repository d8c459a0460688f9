import Foundation
import Formats
import Model
import Preprocess

/// The summary object of `qpi classify --json` and of the report's `summary.json`
/// (schema: docs/summary.schema.json).
struct AnalysisSummary: Codable {
    struct Input: Codable {
        var path: String
        var format: String
        var sha256: String
    }

    struct Gap: Codable {
        var deltaMeV: Double?
        var method: String
        var peaksMeV: [Double]

        enum CodingKeys: String, CodingKey { case deltaMeV = "delta_meV", method, peaksMeV = "peaks_meV" }
    }

    struct Prediction: Codable {
        var channel: String
        var probabilities: [String: Double]
        var parameters: [String: PairingPrediction.Estimate]
    }

    struct ModelInfo: Codable {
        var name: String
        var sha256: String
        var classes: [String]
        var energiesOverGap: [Double]
        var trainingRanges: DomainRandomization
        var trainingMeshSize: Int

        enum CodingKeys: String, CodingKey {
            case name, sha256, classes, energiesOverGap = "energies_over_gap", trainingRanges = "training_ranges"
            case trainingMeshSize = "training_mesh_size"
        }
    }

    struct Step: Codable {
        var step: String
        var parameters: [String: String]
        var version: String
    }

    /// The simulated state shown beside the measurement.
    struct BestMatchInfo: Codable {
        var channel: String
        var mixAngleRad: Double
        var combination: String
        var simulatorGapMeV: Double

        enum CodingKeys: String, CodingKey {
            case channel, mixAngleRad = "mix_angle_rad", combination, simulatorGapMeV = "simulator_gap_meV"
        }

        init(_ match: BestMatch) {
            channel = match.state.channel.rawValue
            mixAngleRad = match.state.mixAngle
            switch match.state.combination {
            case .nematic(let angle): combination = String(format: "nematic %.3f rad", angle)
            case .chiral(let sign): combination = "chiral \(sign > 0 ? "+" : "−")"
            case .general(let angle, let phase): combination = String(format: "cos %.3f, e^{i %.3f} sin %.3f", angle, phase, angle)
            }
            simulatorGapMeV = match.simulatorGapMeV
        }
    }

    struct Software: Codable {
        var name = "QPIKit"
        var version = QPIKitVersion.current
    }

    var input: Input
    var gap: Gap
    var prediction: Prediction
    var model: ModelInfo
    var preprocessing: [Step]
    var software = Software()
    /// Set by `qpi analyze`.
    var bestMatch: BestMatchInfo?

    enum CodingKeys: String, CodingKey { case input, gap, prediction, model, preprocessing, software, bestMatch = "best_match" }

    init(path: String, prepared: PreparedMaps, prediction: PairingPrediction, model: PairingClassifier, modelSHA256: String) throws {
        input = Input(path: path, format: prepared.format, sha256: try SHA256.hexDigest(ofFile: path))
        gap = Gap(deltaMeV: prepared.gap?.delta, method: prepared.gap?.method.rawValue ?? "unknown", peaksMeV: prepared.gap?.peaks ?? [])
        self.prediction = Prediction(channel: prediction.channel, probabilities: prediction.probabilities, parameters: prediction.parameters)
        let meta = model.metadata
        self.model = ModelInfo(name: meta.name, sha256: modelSHA256, classes: meta.classes, energiesOverGap: meta.energiesOverGap,
                               trainingRanges: meta.trainingData.randomization, trainingMeshSize: meta.trainingData.meshSize)
        preprocessing = prepared.steps.map { step in
            let parameters = (try? JSONDecoder().decode([String: String].self, from: Data(step.parametersJSON.utf8))) ?? [:]
            return Step(step: step.step, parameters: parameters, version: step.version)
        }
    }
}
