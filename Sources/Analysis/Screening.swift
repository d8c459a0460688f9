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
    /// The class called with the gap scaled by each of `PreparedMaps.gapFactors` (key: the factor
    /// as text), where the maps could be taken; nil when not checked.
    public var gapVariantClasses: [String: String]?
    /// The probabilities of each of those calls (same keys); nil when not checked.
    public var gapVariantProbabilities: [String: [String: Double]]?

    enum CodingKeys: String, CodingKey {
        case signalCoherence = "signal_coherence", probabilityWeight = "probability_weight", warnings
        case gapVariantClasses = "gap_variant_classes", gapVariantProbabilities = "gap_variant_probabilities"
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
    static let unstableGapWarning = "unstable gap estimate"

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
                warnings.append(String(format: "\(Self.unstableGapWarning): the coherence peaks sit at %.3f and %.3f meV; give the gap with --gap if you know it", gap.peaks[0], gap.peaks[1]))
            }
        }
    }

    /// The gap-sensitivity check and the pool: `prediction` (at the estimated gap) and `variants`
    /// (the same maps with the gap scaled by `factors`) are pooled like the mirror images of
    /// `MirrorAveraging`: the class logits are averaged over the calls, which for probabilities
    /// at one temperature is their normalised geometric mean (the logarithmic opinion pool,
    /// Genest & Zidek, Stat. Sci. 1, 114 (1986)). The model was trained with gap estimates off
    /// by −22 … +28 %, so each call is a valid reading of the maps and the pool marginalises over
    /// the unit of energy; the temperature in the model file is fitted end to end on the pooled
    /// calls (docs/model-card.md). A class that changes under ± 15 % marks maps unlike the
    /// training world and is named in a warning; the pool then lowers the probability of the
    /// class. Parameters stay those of the call at the estimated gap when it has the pooled
    /// class, else those of the first variant that called it.
    public mutating func poolGapVariants(_ prediction: PairingPrediction, variants: [PairingPrediction],
                                         factors: [Double]) -> PairingPrediction {
        let factorLabels = factors.map { String(format: "%g", $0) }
        gapVariantClasses = Dictionary(uniqueKeysWithValues: zip(factorLabels, variants.map(\.pairingClass)))
        gapVariantProbabilities = Dictionary(uniqueKeysWithValues: zip(factorLabels, variants.map(\.probabilities)))
        let calls = [prediction] + variants
        let pooled = Self.logarithmicPool(calls.map(\.probabilities))
        let best = pooled.max { $0.value < $1.value }!.key
        var out = calls.first { $0.pairingClass == best } ?? prediction
        out.pairingClass = best
        out.probabilities = pooled
        guard calls.contains(where: { $0.pairingClass != best }) else {
            // The class holds within ± 15 % of the unit: unequal peaks on the two sides (the gap
            // is taken from the symmetrised spectrum between them) do not matter for it.
            warnings.removeAll { $0.hasPrefix(Self.unstableGapWarning) }
            return out
        }
        warnings.append(String(format: "the class depends on the energy unit: with the gap ×%@ the model calls %@ instead of %@; the probabilities are pooled over the three (%@ %.2f)",
                               factorLabels.joined(separator: " / ×"),
                               variants.map(\.pairingClass).joined(separator: " / "), prediction.pairingClass, best, pooled[best]!))
        return out
    }

    /// The normalised geometric mean of `distributions` (same keys): softmax of the mean logit
    /// when each is a softmax at one temperature. Probabilities that underflowed to 0 count as
    /// the smallest normal double.
    public static func logarithmicPool(_ distributions: [[String: Double]]) -> [String: Double] {
        let labels = distributions[0].keys
        let logs = Dictionary(uniqueKeysWithValues: labels.map { label in
            (label, distributions.reduce(0) { $0 + log(max($1[label] ?? 0, .leastNormalMagnitude)) } / Double(distributions.count))
        })
        let top = logs.values.max()!
        let weights = logs.mapValues { exp($0 - top) }
        let total = weights.values.reduce(0, +)
        return weights.mapValues { $0 / total }
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
