import Foundation

/// What the classifier says about one map stack: calibrated class probabilities and the
/// parameters of the most probable class.
public struct PairingPrediction: Codable, Sendable, Equatable {
    /// A parameter estimate with its uncertainty (same unit).
    public struct Estimate: Codable, Sendable, Equatable {
        public var value: Double
        /// Spread of the estimate over re-noised copies of the input (`PairingClassifier.predict`).
        public var uncertainty: Double?
        /// The model's mean absolute error for this parameter and class on its simulated test
        /// set (`ModelMetadata.testErrors`): how far off such estimates typically are.
        public var typicalError: Double?

        enum CodingKeys: String, CodingKey { case value, uncertainty, typicalError = "typical_error" }
    }

    enum CodingKeys: String, CodingKey { case pairingClass = "channel", probabilities, parameters }

    /// The most probable class label (`PairingClass.label`).
    public var pairingClass: String
    /// Probability per class label (temperature-scaled softmax).
    public var probabilities: [String: Double]
    /// Estimated parameters of the predicted class: `chi_rad` (A1′, A2′, E′); for E′
    /// `chiral_probability` and, when nematic, `nematic_angle_rad` in [0, π).
    public var parameters: [String: Estimate]

    init(logits: [Float], regression: [Float], metadata: ModelMetadata) {
        let p = MultiTaskLoss.softmax(logits, temperature: metadata.temperature)
        let best = p.indices.max { p[$0] < p[$1] }!
        pairingClass = metadata.classes[best]
        probabilities = Dictionary(uniqueKeysWithValues: zip(metadata.classes, p))
        let errors = metadata.testErrors?[pairingClass] ?? [:]
        let parameters = Self.parameters(regression, pairingClass: pairingClass, iWave: metadata.trainingData.iWaveNormalisation)
        self.parameters = Dictionary(uniqueKeysWithValues: parameters.map { name, value in
            (name, Estimate(value: value, typicalError: errors[name]))
        })
    }

    /// The parameters that `regression` outputs mean for a state of class `pairingClass`, A2′'s χ
    /// in the simulator's convention whatever the model's training data used (`iWave`).
    static func parameters(_ regression: [Float], pairingClass: String, iWave: IWaveNormalisation) -> [String: Double] {
        var out: [String: Double] = [:]
        let predicted = PairingClass(label: pairingClass)
        if let predicted, predicted.members.allSatisfy(\.hasMixing) {
            out["chi_rad"] = iWave.mixAngle(Double(regression[0]), of: predicted, in: .unitMaximum)
        }
        if predicted == .ePrime {
            let chiral = min(max(Double(regression[3]), 0), 1)
            out["chiral_probability"] = chiral
            if chiral < 0.5 {
                var angle = atan2(Double(regression[2]), Double(regression[1])) / 2
                if angle < 0 { angle += Double.pi }
                out["nematic_angle_rad"] = angle
            }
        }
        return out
    }
}
