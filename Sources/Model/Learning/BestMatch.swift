import Foundation
import QPICore

/// The simulated counterpart of a measurement: the predicted class's representative state with
/// the estimated parameters (or a channel the user names), simulated without measurement effects
/// at the model's ω/Δ in the common frame.
public struct BestMatch: Sendable {
    /// The simulated state.
    public var state: PairingState
    /// Its maps at the requested ω/Δ; the stack's gap is the simulator's (the coherence peak of
    /// its DOS, in meV), the unit of its energies.
    public var maps: QMapStack

    /// The simulator's gap in meV.
    public var simulatorGapMeV: Double { maps.gap!.delta }

    /// The state that represents `prediction`'s class (A1″ for the merged in-plane triplets, chiral
    /// E″ for the non-unitary class), or `channel` when given, at the simulator's enlarged gap
    /// Δ0, with the predicted χ and nematic angle where the class has them.
    public static func state(for prediction: PairingPrediction, channel: PairingChannel?) -> PairingState {
        let delta0 = PairingState.enlargedGapMeV
        let chi = prediction.parameters["chi_rad"]?.value ?? 0.3
        let nematic = prediction.parameters["nematic_angle_rad"]?.value
        let combination: PairingState.Combination = nematic.map { .nematic(angle: $0) } ?? .chiral(sign: 1)
        if let channel {
            return PairingState(channel: channel, deltaMeV: delta0, mixAngle: channel.hasMixing ? chi : 0,
                                combination: channel == .eDoublePrime ? .nematic(angle: 0) : combination)
        }
        switch PairingClass(label: prediction.pairingClass) ?? .a1Prime {
        case .a1Prime: return PairingState(channel: .a1Prime, deltaMeV: delta0, mixAngle: chi)
        case .a2Prime: return PairingState(channel: .a2Prime, deltaMeV: delta0, mixAngle: chi)
        case .ePrime: return PairingState(channel: .ePrime, deltaMeV: delta0, mixAngle: chi, combination: combination)
        case .unitaryInPlaneTriplet: return PairingState(channel: .a1DoublePrime, deltaMeV: delta0)
        case .nonUnitaryEDoublePrime: return PairingState(channel: .eDoublePrime, deltaMeV: delta0, combination: .chiral(sign: 1))
        }
    }

    /// Simulates `state` on a `meshSize` mesh at `ratios` (ω/Δ) in `frame`, with η = 0.15 Δ0 and
    /// the maps blurred by one frame pixel (about the q resolution of a 50-lattice-constant field
    /// of view) so that they compare with a measurement.
    public static func simulate(_ state: PairingState, ratios: [Double], frame: QFrame, meshSize: Int = 192) throws -> BestMatch {
        let generator = TrainingMapGenerator(material: try Material.nbse2(), meshSize: meshSize, frame: frame,
                                             ratios: ratios)
        let material = generator.material
        var resolution = MeasurementEffects()
        resolution.blurPixels = 1
        let example = TrainingCase(pairing: state, etaMeV: 0.15 * state.deltaMeV, impurityMeV: 200, chemicalPotentialShiftMeV: 0,
                                   hoppingScale: 1, isingMeV: material.isingMeV, rashbaMeV: material.rashbaMeV,
                                   gapCalibration: 1, measurement: resolution)
        return BestMatch(state: state, maps: try generator.maps(example).maps)
    }
}
