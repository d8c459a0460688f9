import Foundation
import Model
import Preprocess

/// The simulated counterpart of a measurement: the predicted class's representative state with
/// the estimated parameters (or a channel the user names), simulated without measurement effects
/// at the model's ω/Δ in the common frame.
struct BestMatch {
    var state: PairingState
    var maps: [[Float]]
    /// The simulator's gap (coherence peak of its DOS) in meV, the unit of its energies.
    var simulatorGapMeV: Double

    /// The representative state of `prediction` (A1″ for the merged in-plane triplets, chiral E″
    /// for the non-unitary class), or of `channel` when given, with Δ0 = 20 meV.
    static func state(for prediction: PairingPrediction, channel: PairingChannel?) -> PairingState {
        let chi = prediction.parameters["chi_rad"]?.value ?? 0.3
        let nematic = prediction.parameters["nematic_angle_rad"]?.value
        let combination: PairingState.Combination = nematic.map { .nematic(angle: $0) } ?? .chiral(sign: 1)
        if let channel {
            return PairingState(channel: channel, deltaMeV: 20, mixAngle: channel.hasMixing ? chi : 0,
                                combination: channel == .eDoublePrime ? .nematic(angle: 0) : combination)
        }
        switch PairingClass(label: prediction.channel) ?? .a1Prime {
        case .a1Prime: return PairingState(channel: .a1Prime, deltaMeV: 20, mixAngle: chi)
        case .a2Prime: return PairingState(channel: .a2Prime, deltaMeV: 20, mixAngle: chi)
        case .ePrime: return PairingState(channel: .ePrime, deltaMeV: 20, mixAngle: chi, combination: combination)
        case .unitaryInPlaneTriplet: return PairingState(channel: .a1DoublePrime, deltaMeV: 20)
        case .nonUnitaryEDoublePrime: return PairingState(channel: .eDoublePrime, deltaMeV: 20, combination: .chiral(sign: 1))
        }
    }

    /// Simulates `state` on a `meshSize` mesh at `energiesOverGap` in `frame`, with η = 0.15 Δ0 and
    /// the maps blurred by one frame pixel (about the q resolution of a 50-lattice-constant field
    /// of view) so that they compare with a measurement.
    static func simulate(_ state: PairingState, energiesOverGap: [Double], frame: QFrame, meshSize: Int = 192) throws -> BestMatch {
        let generator = TrainingMapGenerator(material: try Material.nbse2(), meshSize: meshSize, frame: frame,
                                             energiesOverGap: energiesOverGap)
        let material = generator.material
        var resolution = MeasurementEffects()
        resolution.blurPixels = 1
        let example = TrainingCase(pairing: state, etaMeV: 0.15 * state.deltaMeV, impurityMeV: 200, chemicalPotentialShiftMeV: 0,
                                   hoppingScale: 1, isingMeV: material.isingMeV, rashbaMeV: material.rashbaMeV,
                                   gapCalibration: 1, measurement: resolution)
        let (maps, gap) = try generator.maps(example)
        return BestMatch(state: state, maps: maps, simulatorGapMeV: gap)
    }
}
