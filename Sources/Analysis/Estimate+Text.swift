import Foundation
import Model

extension PairingPrediction.Estimate {
    /// "0.312 ± 0.020 (typical error 0.110 on simulated test maps)": the value, its spread over
    /// re-noised inputs and the model's test-set error, where known.
    public var text: String {
        String(format: "%.3f", value)
            + (uncertainty.map { String(format: " ± %.3f", $0) } ?? "")
            + (typicalError.map { String(format: " (typical error %.3f on simulated test maps)", $0) } ?? "")
    }
}
