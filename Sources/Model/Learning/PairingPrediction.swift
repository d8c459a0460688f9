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

    /// The most probable class label.
    public var channel: String
    /// Probability per class label (temperature-scaled softmax).
    public var probabilities: [String: Double]
    /// Estimated parameters of the predicted class: `chi_rad` (A1′, A2′, E′); for E′
    /// `chiral_probability` and, when nematic, `nematic_angle_rad` in [0, π).
    public var parameters: [String: Estimate]

    init(logits: [Float], regression: [Float], metadata: ModelMetadata) {
        let p = MultiTaskLoss.softmax(logits, temperature: metadata.temperature)
        let best = p.indices.max { p[$0] < p[$1] }!
        channel = metadata.classes[best]
        probabilities = Dictionary(uniqueKeysWithValues: zip(metadata.classes, p))
        let errors = metadata.testErrors?[channel] ?? [:]
        parameters = Dictionary(uniqueKeysWithValues: Self.parameters(regression, channel: channel).map { name, value in
            (name, Estimate(value: value, typicalError: errors[name]))
        })
    }

    /// The parameters that `regression` outputs mean for a state of class `channel`.
    static func parameters(_ regression: [Float], channel: String) -> [String: Double] {
        var out: [String: Double] = [:]
        let predicted = PairingClass(label: channel)
        if let predicted, predicted.members.allSatisfy(\.hasMixing) { out["chi_rad"] = Double(regression[0]) }
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
