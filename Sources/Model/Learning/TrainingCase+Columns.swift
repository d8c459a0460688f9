import Foundation

extension TrainingCase {
    /// The names of `columns`, stored with the data set (units in the names).
    public static let columnNames = [
        "channel_index", "delta_meV", "chi_rad", "combination_angle_rad", "combination_phase_rad", "eta_meV", "v0_meV",
        "mu_shift_meV", "hopping_scale", "ising_meV", "rashba_meV", "gap_calibration", "scale_error", "rotation_rad",
        "shear", "blur_px", "impurities", "field_of_view_a", "envelope_width_b", "signal_to_noise",
        "sweep_step_gap", "sweep_window_gap", "orbital_width_a",
    ]

    /// The case as numbers (`columnNames`); ∞ for an absent envelope or noise. The combination
    /// is (θ, α) of cos θ · partner 1 + e^{iα} sin θ · partner 2.
    public var columns: [Double] {
        let (angle, phase): (Double, Double)
        switch pairing.combination {
        case .nematic(let φ): (angle, phase) = (φ, 0)
        case .chiral(let sign): (angle, phase) = (Double.pi / 4, Double(sign.signum()) * Double.pi / 2)
        case .general(let θ, let α): (angle, phase) = (θ, α)
        }
        let channelIndex = Double(PairingChannel.allCases.firstIndex(of: pairing.channel)!)
        return [channelIndex, pairing.deltaMeV, pairing.mixAngle, angle, phase, etaMeV, impurityMeV,
                chemicalPotentialShiftMeV, hoppingScale, isingMeV, rashbaMeV, gapCalibration, measurement.scaleError,
                measurement.rotation, measurement.shear, measurement.blurPixels, Double(measurement.impurities),
                measurement.fieldOfView, measurement.envelopeWidth, measurement.signalToNoise,
                measurement.sweepStep, measurement.sweepWindow, measurement.orbitalWidth]
    }
}
