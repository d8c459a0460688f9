import Preprocess
import QPICore

/// Everything a QPI simulation depends on: the complete, resolved configuration that is stored
/// with every simulated output (docs/physics.md §§2–6). Energies in meV.
public struct SimulationParameters: Sendable, Equatable, Codable {
    public var material: Material
    public var pairing: PairingState
    /// Broadening η, in meV.
    public var etaMeV: Double
    /// Scalar impurity strength V0, in meV.
    public var impurityMeV: Double
    /// Energies ω of the maps, in meV.
    public var energiesMeV: [Double]
    /// k-mesh size N (N × N points, even).
    public var meshSize: Int
    /// The q-frame the maps are rendered into.
    public var frame: QFrame
    /// The precision of the Green's functions and FFTs: double (the default) or single, which
    /// data sets use (maps within 1e-4 of double, relative to the map's largest value).
    public var precision: Precision

    /// The broadening that goes with the enlarged gap `PairingState.enlargedGapMeV`: η = 2 meV.
    public static let enlargedGapBroadeningMeV = 2.0

    /// The documented defaults: enlarged gap Δ0 = 20 meV with η = 2 meV, V0 = 200 meV, N = 256
    /// (docs/physics.md §5: within 0.2 % of N = 512 near the impurity).
    public init(material: Material, pairing: PairingState, etaMeV: Double = enlargedGapBroadeningMeV, impurityMeV: Double = 200,
                energiesMeV: [Double] = [12], meshSize: Int = 256, frame: QFrame = .standard, precision: Precision = .double) {
        self.material = material
        self.pairing = pairing
        self.etaMeV = etaMeV
        self.impurityMeV = impurityMeV
        self.energiesMeV = energiesMeV
        self.meshSize = meshSize
        self.frame = frame
        self.precision = precision
    }

    /// Problems that make the parameters unusable, in words; empty when valid.
    public var problems: [String] {
        var out: [String] = []
        if meshSize < 4 || meshSize % 2 != 0 || meshSize > 4096 { out.append("mesh size must be even, 4…4096 (got \(meshSize))") }
        if !(etaMeV > 0) { out.append("broadening η must be positive (got \(etaMeV) meV)") }
        if energiesMeV.isEmpty { out.append("at least one energy is needed") }
        if !(energiesMeV + [impurityMeV, pairing.deltaMeV, pairing.mixAngle]).allSatisfy(\.isFinite) {
            out.append("energies, V0, Δ0 and χ must be finite")
        }
        return out
    }
}

extension SimulationParameters {
    /// Decodes stored parameters; files written before `precision` existed were double.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(material: try c.decode(Material.self, forKey: .material), pairing: try c.decode(PairingState.self, forKey: .pairing),
                  etaMeV: try c.decode(Double.self, forKey: .etaMeV), impurityMeV: try c.decode(Double.self, forKey: .impurityMeV),
                  energiesMeV: try c.decode([Double].self, forKey: .energiesMeV), meshSize: try c.decode(Int.self, forKey: .meshSize),
                  frame: try c.decode(QFrame.self, forKey: .frame),
                  precision: try c.decodeIfPresent(Precision.self, forKey: .precision) ?? .double)
    }
}
