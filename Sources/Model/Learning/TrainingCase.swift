/// One drawn training example: the physical state and everything about the measurement that a
/// real sample does not tell us (what `DomainRandomization` draws).
public struct TrainingCase: Codable, Sendable, Equatable {
    /// The pairing state; its gap scale Δ0 is the simulation's.
    public var pairing: PairingState
    /// Broadening η in meV.
    public var etaMeV: Double
    /// Scalar impurity strength V0 in meV (either sign).
    public var impurityMeV: Double
    /// Shift of the material's chemical potential, meV.
    public var chemicalPotentialShiftMeV: Double
    /// Factor on every hopping of the material.
    public var hoppingScale: Double
    public var isingMeV: Double
    public var rashbaMeV: Double
    /// Factor on the energies of the maps: a gap estimated too large or too small.
    public var gapCalibration: Double
    /// How the measurement degrades the maps.
    public var measurement: MeasurementEffects

    public init(pairing: PairingState, etaMeV: Double, impurityMeV: Double, chemicalPotentialShiftMeV: Double,
                hoppingScale: Double, isingMeV: Double, rashbaMeV: Double, gapCalibration: Double,
                measurement: MeasurementEffects) {
        self.pairing = pairing
        self.etaMeV = etaMeV
        self.impurityMeV = impurityMeV
        self.chemicalPotentialShiftMeV = chemicalPotentialShiftMeV
        self.hoppingScale = hoppingScale
        self.isingMeV = isingMeV
        self.rashbaMeV = rashbaMeV
        self.gapCalibration = gapCalibration
        self.measurement = measurement
    }

    public var pairingClass: PairingClass { PairingClass(pairing) }
}

/// What turns the simulator's maps into measured-looking ones, applied in the common q-frame
/// (`MeasurementEffects.apply`).
public struct MeasurementEffects: Codable, Sendable, Equatable {
    /// Residual drift and calibration error after correction: an affine distortion of q
    /// (relative scale error, rotation in rad, shear).
    public var scaleError = 0.0
    public var rotation = 0.0
    public var shear = 0.0
    /// Finite resolution: Gaussian blur of the maps, σ in frame pixels.
    public var blurPixels = 0.0
    /// Identical impurities in the field of view: |δρ(q)| gains the speckle |Σⱼ e^{iq·Rⱼ}|/√n.
    public var impurities = 1
    /// Field of view in lattice constants (where the impurities lie).
    public var fieldOfView = 50.0
    /// Orbital form factor and window: the map is multiplied by exp(−(q/w)²), w in units of |b|
    /// (∞: none).
    public var envelopeWidth = Double.infinity
    /// Signal-to-noise ratio: RMS of the clean map over RMS of complex Gaussian noise added
    /// before the modulus (∞: none).
    public var signalToNoise = Double.infinity
    /// The energy sweep the gap is estimated from, in units of Δ0's coherence peak: its step and
    /// its half-window (the sweep runs over ± window).
    public var sweepStep = 0.05
    public var sweepWindow = 2.0
    /// Gaussian width σ of the rendered orbitals, in lattice constants (real-space route).
    public var orbitalWidth = 0.2
    /// Seed of the impurity positions and the noise.
    public var seed: UInt64 = 0

    public init() {}
}
