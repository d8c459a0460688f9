import Foundation
import Model

/// The `refinement` section of `summary.json` (schema: docs/summary.schema.json): the simulator
/// fitted to the measured grid (docs/refinement.md), its parameters with 1σ uncertainties and
/// correlations, and the measured and fitted averaged spectra.
public struct Refinement: Codable, Sendable {
    public struct Parameter: Codable, Sendable, Equatable {
        public var value: Double
        /// 1σ; nil when the data do not bound the parameter.
        public var uncertainty: Double?
        /// What fixed it: `spectrum`, `impurity sites`, `maps` or `classifier` (taken over, not refined).
        public var source: String
    }

    /// The measured and fitted averaged spectra.
    public struct Spectrum: Codable, Sendable {
        public var energiesMeV: [Double]
        public var measured: [Double]
        public var fitted: [Double]
        /// The measured spectrum's standard uncertainty (one value for all energies).
        public var uncertainty: Double
        /// The fitted spectrum's rms change from the fit's k-mesh to one twice as fine.
        public var modelError: Double
        /// The residuals' integrated autocorrelation time along the energy axis (1: white).
        public var residualCorrelation: Double
        /// The fraction of the field left out of `measured`, which is averaged away from
        /// impurities (`CleanSpectrum`).
        public var excludedFraction: Double
        /// The impurities' share of the averaged DOS, where V0 was determined (docs/refinement.md §2).
        public var impurityShare: ImpurityShare?

        enum CodingKeys: String, CodingKey {
            case energiesMeV = "energies_meV", measured, fitted, uncertainty, modelError = "model_error", residualCorrelation = "residual_correlation"
            case excludedFraction = "excluded_fraction", impurityShare = "impurity_share"
        }
    }

    /// The impurities' own share of the averaged DOS: the model's fourth linear term c · A · δN(E),
    /// δN one impurity's whole-lattice DOS change (`ImpurityDOS`).
    public struct ImpurityShare: Codable, Sendable {
        /// The V0 of δN (meV, at the simulator's enlarged gap), from the impurities' sites.
        public var v0MeV: Double
        /// c, impurities per lattice site to first order — an effective density, as the spectrum
        /// is averaged away from the impurities.
        public var densityPerSite: Double

        enum CodingKeys: String, CodingKey {
            case v0MeV = "v0_meV", densityPerSite = "density_per_site"
        }
    }

    /// The impurity fit on the impurities' own sites (`ImpurityFit`).
    public struct Impurity: Codable, Sendable {
        /// Impurities found, and those whose sites were fitted (the others left out as unlike the rest).
        public var sitesFound: Int
        public var sitesUsed: Int
        /// The sites taken, pixel (row, column) of the drift-corrected grid.
        public var sites: [[Int]]
        /// How much of the site spectra's difference from the clean DOS the on-site model explains.
        public var explainedFraction: Double
        /// Whether V0 is determined (then `parameters.v0_meV` is given), and why not otherwise.
        public var determined: Bool
        public var note: String?

        enum CodingKeys: String, CodingKey {
            case sitesFound = "sites_found", sitesUsed = "sites_used", sites, explainedFraction = "explained_fraction", determined, note
        }
    }

    /// The refined state's channel and partner combination.
    public var channel: String
    public var combination: String?
    public var parameters: [String: Parameter]
    /// Correlation coefficients between the parameters fitted together.
    public var correlations: [String: [String: Double]]
    public var converged: Bool
    public var chi2PerDof: Double
    /// Model spectra and maps computed.
    public var evaluations: Int
    public var meshSize: Int
    /// Whether the fit was repeated with the mesh's error against a mesh twice as fine taken off
    /// the spectrum (docs/refinement.md §4).
    public var meshCorrected: Bool
    public var spectrum: Spectrum
    /// The profile of χ² over χ (where χ was fitted): χ in rad and χ² at each grid point.
    public var chiProfile: [[Double]]?
    /// The impurity fit (nil where no impurity was found).
    public var impurity: Impurity?

    enum CodingKeys: String, CodingKey {
        case channel, combination, parameters, correlations, converged, chi2PerDof = "chi2_per_dof", evaluations
        case meshSize = "mesh_size", meshCorrected = "mesh_corrected", spectrum, chiProfile = "chi_profile", impurity
    }

    /// `state` with the refined χ and E′ structure (chiral where the chiral structure is the more
    /// likely, else nematic at the refined or classifier's angle); its gap scale is kept.
    public func applied(to state: PairingState) -> PairingState {
        var state = state
        if let chi = parameters["chi_rad"]?.value { state.mixAngle = chi }
        if let chirality = parameters["chirality"]?.value {
            state.combination = chirality > 0.5 ? .chiral(sign: 1) : .nematic(angle: parameters["nematic_angle_rad"]?.value ?? 0)
        }
        return state
    }
}
