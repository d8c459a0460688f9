import Foundation
import Formats
import Model
import Preprocess
import QPICore

/// The summary object of `qpi classify --json` and of the report's `summary.json`
/// (schema: docs/summary.schema.json).
public struct AnalysisSummary: Codable {
    public struct Input: Codable {
        public var path: String
        public var format: String
        public var sha256: String
    }

    public struct Gap: Codable {
        public var deltaMeV: Double?
        public var method: String
        public var peaksMeV: [Double]

        enum CodingKeys: String, CodingKey { case deltaMeV = "delta_meV", method, peaksMeV = "peaks_meV" }
    }

    public struct Prediction: Codable {
        public var channel: String
        public var probabilities: [String: Double]
        public var parameters: [String: PairingPrediction.Estimate]
    }

    public struct ModelInfo: Codable {
        public var name: String
        public var sha256: String
        public var classes: [String]
        public var ratios: [Double]
        public var trainingRanges: DomainRandomization
        public var trainingMeshSize: Int

        enum CodingKeys: String, CodingKey {
            case name, sha256, classes, ratios = "energies_over_gap", trainingRanges = "training_ranges"
            case trainingMeshSize = "training_mesh_size"
        }
    }

    public struct Step: Codable {
        public var step: String
        public var parameters: [String: ProcessStep.Value]
        public var version: String
    }

    /// The simulated state shown beside the measurement.
    public struct BestMatchInfo: Codable {
        public var channel: String
        public var mixAngleRad: Double
        public var combination: String
        public var simulatorGapMeV: Double

        enum CodingKeys: String, CodingKey {
            case channel, mixAngleRad = "mix_angle_rad", combination, simulatorGapMeV = "simulator_gap_meV"
        }

        public init(_ match: BestMatch) {
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

    public struct Software: Codable {
        public var name = "QPIKit"
        public var version = QPIKitVersion.current
    }

    public var input: Input
    public var gap: Gap
    public var prediction: Prediction
    public var model: ModelInfo
    public var preprocessing: [Step]
    public var software = Software()
    /// What the prediction should not hide (weak signal, unstable gap), and how much the
    /// probabilities were lowered for it.
    public var screening: Screening
    /// Set by `qpi analyze`.
    public var bestMatch: BestMatchInfo?
    /// The simulator fitted to the grid (`qpi analyze`).
    public var refinement: Refinement?

    enum CodingKeys: String, CodingKey {
        case input, gap, prediction, model, preprocessing, software, screening, bestMatch = "best_match", refinement
    }

    /// The summary of `prediction` (after `screening`) for the maps `prepared` from the file at `path`.
    public init(path: String, prepared: PreparedMaps, prediction: PairingPrediction, screening: Screening, model: LoadedModel) throws {
        self.screening = screening
        let gap = prepared.stack.gap
        input = Input(path: path, format: prepared.format, sha256: try FileDigest.sha256(ofFile: path))
        self.gap = Gap(deltaMeV: gap?.delta, method: gap?.method.rawValue ?? "unknown", peaksMeV: gap?.peaks ?? [])
        self.prediction = Prediction(channel: prediction.pairingClass, probabilities: prediction.probabilities, parameters: prediction.parameters)
        let meta = model.classifier.metadata
        self.model = ModelInfo(name: meta.name, sha256: model.sha256, classes: meta.classes, ratios: meta.ratios,
                               trainingRanges: meta.trainingData.randomization, trainingMeshSize: meta.trainingData.meshSize)
        preprocessing = prepared.stack.provenance.map { Step(step: $0.step, parameters: $0.parameters, version: $0.version) }
    }
}
