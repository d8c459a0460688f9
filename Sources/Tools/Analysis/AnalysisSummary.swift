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
        var parameters: [String: Double]
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
