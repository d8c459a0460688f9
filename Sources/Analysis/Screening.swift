import Foundation
import Model
import QPICore

/// What a prediction should not hide: maps without an interference signal like the training
/// data's, and a gap estimate whose methods disagree. Each finding is a warning in words; a weak
/// signal also lowers the probabilities towards uniform, so that a grid unlike anything the model
/// was trained on is not reported with a confident class.
public struct Screening: Sendable, Equatable, Codable {
    /// `SignalCoherence.score` of the classifier's maps.
    public var signalCoherence: Double
    /// How much of the model's probabilities is kept (1: all; 0: replaced by uniform).
    public var probabilityWeight: Double
    public var warnings: [String]

    enum CodingKeys: String, CodingKey {
        case signalCoherence = "signal_coherence", probabilityWeight = "probability_weight", warnings
    }

    /// Below this coherence the maps are unlike simulated test maps (whose lowest of 150 at SNR
    /// down to 2 is 0.35; preprocessed synthetic grids ≥ 0.50, the independent grids ≥ 0.87).
    public static let coherenceThreshold = 0.25
    /// At or below this the maps are indistinguishable from noise (noise alone: 0.00 ± 0.03); the
    /// probabilities become uniform.
    public static let coherenceFloor = 0.05
    /// Coherence peaks on the two sides that differ by more than
    /// this fraction make the gap estimate unstable.
    public static let gapDisagreement = 0.2

    /// Screens `stack` (the classifier's maps, with their gap).
    public init(_ stack: QMapStack) {
        signalCoherence = SignalCoherence.score(stack)
        let range = Self.coherenceThreshold - Self.coherenceFloor
        probabilityWeight = min(max((signalCoherence - Self.coherenceFloor) / range, 0), 1)
        warnings = []
        if signalCoherence < Self.coherenceThreshold {
            warnings.append(String(format: "no interference signal like the training data's: the maps at neighbouring ω/Δ correlate by %.2f (simulated maps ≥ 0.35, noise ≈ 0); the probabilities are lowered towards uniform (weight %.2f). Check that the grid holds impurity QPI, that the conductance channel is the right one (--channel), and the gap (--gap).", signalCoherence, probabilityWeight))
        }
        if let gap = stack.gap {
            let peaks = gap.peaks.map(abs)
            if peaks.count == 2, abs(peaks[0] - peaks[1]) > Self.gapDisagreement * max(peaks[0], peaks[1]) {
                warnings.append(String(format: "unstable gap estimate: the coherence peaks sit at %.3f and %.3f meV; give the gap with --gap if you know it", gap.peaks[0], gap.peaks[1]))
            }
        }
    }

    /// `prediction` with its probabilities mixed towards uniform by `probabilityWeight` (the most
    /// probable class stays the same).
    public func apply(to prediction: PairingPrediction) -> PairingPrediction {
        guard probabilityWeight < 1 else { return prediction }
        var out = prediction
        let uniform = 1 / Double(max(prediction.probabilities.count, 1))
        out.probabilities = prediction.probabilities.mapValues { probabilityWeight * $0 + (1 - probabilityWeight) * uniform }
        return out
    }
}
