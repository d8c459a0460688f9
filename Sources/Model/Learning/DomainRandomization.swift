import Foundation
import Preprocess
import QPICore

/// The ranges from which training examples are drawn (domain randomisation, Tobin et al. 2017):
/// the channel's own parameters, and everything a real sample does not tell us: impurity
/// strength and sign, η/Δ0, band parameters around the material file, λI, and the measurement
/// (noise, resolution, residual drift, several impurities, gap calibration). Every range is
/// stored in the data sets and the model file; docs/model-card.md lists them.
public struct DomainRandomization: Codable, Sendable, Equatable {
    /// Singlet–triplet mixing angle χ (rad) of A1′, A2′ and E′: its whole range (−π/2, π/2]
    /// (χ → −χ changes |δρ(q)| by about 70 %, so negative χ is a different state).
    public var mixAngle: ClosedRange<Double> = -Double.pi / 2 ... Double.pi / 2
    /// Probability that an E′ state is chiral rather than nematic (nematic angle uniform in [0, π)).
    public var chiralFraction = 0.4
    /// Non-unitary E″ (cos θ, e^{iα} sin θ): θ and |α| ranges (α's sign random).
    public var nonUnitaryAngle: ClosedRange<Double> = 0.45 ... 1.12
    public var nonUnitaryPhase: ClosedRange<Double> = 1.0 ... (Double.pi / 2)
    /// Gap scale Δ0 in meV (the simulation's; maps are taken at fixed ω/Δ).
    public var deltaMeV: ClosedRange<Double> = 16 ... 24
    /// η/Δ0.
    public var etaOverDelta: ClosedRange<Double> = 0.08 ... 0.2
    /// |V0| in meV, drawn log-uniformly (weak to unitary); the sign is random.
    public var impurityMeV: ClosedRange<Double> = 30 ... 3000
    /// Shift of the material's chemical potential, meV.
    public var chemicalPotentialShiftMeV: ClosedRange<Double> = -8 ... 8
    public var hoppingScale: ClosedRange<Double> = 0.92 ... 1.08
    /// Ising coupling λI in meV.
    public var isingMeV: ClosedRange<Double> = 50 ... 100
    /// Rashba coupling αR in meV (0 for the shipped model).
    public var rashbaMeV: ClosedRange<Double> = 0 ... 0
    /// Factor on the estimated gap (drawn log-uniformly): an estimate off by ± 20 % and more
    /// must not change the class.
    public var gapCalibration: ClosedRange<Double> = 0.78 ... 1.28
    /// Residual drift: |scale error|, |rotation| (rad), |shear| at most.
    public var scaleError = 0.03
    public var rotation = 0.03
    public var shear = 0.02
    /// Gaussian blur σ in frame pixels.
    public var blurPixels: ClosedRange<Double> = 0 ... 1.2
    /// Number of impurities in the field of view, and the field of view in lattice constants.
    public var impurities: ClosedRange<Int> = 1 ... 12
    public var fieldOfView: ClosedRange<Double> = 20 ... 100
    /// Envelope width in |b| (drawn log-uniformly; an orbital of Gaussian width σ = 0.5 a gives
    /// 0.39 |b|); a fraction of maps gets none.
    public var envelopeWidth: ClosedRange<Double> = 0.3 ... 3
    public var envelopeFreeFraction = 0.3
    /// Signal-to-noise ratio (log-uniform); a fraction of maps is noise-free.
    public var signalToNoise: ClosedRange<Double> = 2 ... 50
    public var noiseFreeFraction = 0.2
    /// The sweep of the averaged spectrum the gap is estimated from: step and half-window in
    /// units of the gap. (Nil in the files of earlier models, which used the fixed values of
    /// `MeasurementEffects`.)
    public var sweepStep: ClosedRange<Double>? = 0.05 ... 0.15
    public var sweepWindow: ClosedRange<Double>? = 1.3 ... 2.5
    /// Gaussian orbital width σ in lattice constants (real-space route; nil as above).
    public var orbitalWidth: ClosedRange<Double>? = 0.2 ... 0.5

    /// The ranges of the shipped model.
    public static let standard = DomainRandomization()

    public init() {}

    /// The seed of example `index` of a data set made with `seed`: examples depend only on
    /// (seed, index), so any sharding of a data set gives the same examples.
    public static func exampleSeed(_ seed: UInt64, index: Int) -> UInt64 {
        var random = SeededRandom(seed: seed ^ (UInt64(index) &* 0x9E3779B97F4A7C15))
        return random.next()
    }

    /// Draws example `index` of the data set with `seed`, of class `forcedClass` if given (else
    /// uniform over the classes).
    public func draw(seed: UInt64, index: Int, forcedClass: PairingClass? = nil) -> TrainingCase {
        var random = SeededRandom(seed: Self.exampleSeed(seed, index: index))
        func uniform(_ range: ClosedRange<Double>) -> Double { range.lowerBound + random.uniform() * (range.upperBound - range.lowerBound) }
        func logUniform(_ range: ClosedRange<Double>) -> Double { exp(uniform(log(range.lowerBound) ... log(range.upperBound))) }
        func symmetric(_ bound: Double) -> Double { uniform(-bound ... bound) }
        func chance(_ p: Double) -> Bool { random.uniform() < p }

        let pairingClass = forcedClass ?? PairingClass.allCases[Int(random.next() % UInt64(PairingClass.allCases.count))]
        let delta = uniform(deltaMeV)
        var pairing: PairingState
        switch pairingClass {
        case .a1Prime: pairing = PairingState(channel: .a1Prime, deltaMeV: delta, mixAngle: uniform(mixAngle))
        case .a2Prime: pairing = PairingState(channel: .a2Prime, deltaMeV: delta, mixAngle: uniform(mixAngle))
        case .ePrime:
            let combination: PairingState.Combination = chance(chiralFraction)
                ? .chiral(sign: chance(0.5) ? 1 : -1) : .nematic(angle: uniform(0 ... Double.pi))
            pairing = PairingState(channel: .ePrime, deltaMeV: delta, mixAngle: uniform(mixAngle), combination: combination)
        case .unitaryInPlaneTriplet:
            let channel = [PairingChannel.a1DoublePrime, .a2DoublePrime, .eDoublePrime][Int(random.next() % 3)]
            pairing = PairingState(channel: channel, deltaMeV: delta, combination: .nematic(angle: uniform(0 ... Double.pi)))
        case .nonUnitaryEDoublePrime:
            let phase = uniform(nonUnitaryPhase) * (chance(0.5) ? 1 : -1)
            pairing = PairingState(channel: .eDoublePrime, deltaMeV: delta, combination: .general(angle: uniform(nonUnitaryAngle), phase: phase))
        }
        var measurement = MeasurementEffects()
        measurement.scaleError = symmetric(scaleError)
        measurement.rotation = symmetric(rotation)
        measurement.shear = symmetric(shear)
        measurement.blurPixels = uniform(blurPixels)
        measurement.impurities = impurities.lowerBound + Int(random.next() % UInt64(impurities.count))
        measurement.fieldOfView = uniform(fieldOfView)
        measurement.envelopeWidth = chance(envelopeFreeFraction) ? .infinity : logUniform(envelopeWidth)
        measurement.signalToNoise = chance(noiseFreeFraction) ? .infinity : logUniform(signalToNoise)
        measurement.seed = random.next()
        measurement.sweepStep = sweepStep.map(uniform) ?? measurement.sweepStep
        measurement.sweepWindow = sweepWindow.map(uniform) ?? measurement.sweepWindow
        measurement.orbitalWidth = orbitalWidth.map(uniform) ?? measurement.orbitalWidth
        return TrainingCase(
            pairing: pairing, etaMeV: uniform(etaOverDelta) * delta,
            impurityMeV: logUniform(impurityMeV) * (chance(0.5) ? 1 : -1),
            chemicalPotentialShiftMeV: uniform(chemicalPotentialShiftMeV),
            hoppingScale: uniform(hoppingScale), isingMeV: uniform(isingMeV), rashbaMeV: uniform(rashbaMeV),
            gapCalibration: logUniform(gapCalibration), measurement: measurement)
    }
}
