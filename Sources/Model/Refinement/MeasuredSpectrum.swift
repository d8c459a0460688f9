/// A spatially averaged tunnelling spectrum as the refinement sees it: energies in meV, the mean
/// dI/dV (any unit) and the standard uncertainty of that mean (one value for every energy, in the
/// same unit; `SpectralStack.averageSpectrumUncertainty`).
public struct MeasuredSpectrum: Sendable, Equatable {
    public var energiesMeV: [Double]
    public var values: [Double]
    public var uncertainty: Double
    /// The coherence-peak gap of the spectrum in meV (`GapEstimate.estimate`), where the fit starts.
    public var gapMeV: Double

    public init(energiesMeV: [Double], values: [Double], uncertainty: Double, gapMeV: Double) {
        precondition(energiesMeV.count == values.count && uncertainty > 0, "MeasuredSpectrum: size mismatch or no uncertainty")
        self.energiesMeV = energiesMeV
        self.values = values
        self.uncertainty = uncertainty
        self.gapMeV = gapMeV
    }
}
