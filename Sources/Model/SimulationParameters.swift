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

    /// The broadening that goes with the enlarged gap `PairingState.enlargedGapMeV`: η = 2 meV.
    public static let enlargedGapBroadeningMeV = 2.0

    /// The documented defaults: enlarged gap Δ0 = 20 meV with η = 2 meV, V0 = 200 meV, N = 256
    /// (docs/physics.md §5: within 0.2 % of N = 512 near the impurity).
    public init(material: Material, pairing: PairingState, etaMeV: Double = enlargedGapBroadeningMeV, impurityMeV: Double = 200,
                energiesMeV: [Double] = [12], meshSize: Int = 256, frame: QFrame = .standard) {
        self.material = material
        self.pairing = pairing
        self.etaMeV = etaMeV
        self.impurityMeV = impurityMeV
        self.energiesMeV = energiesMeV
        self.meshSize = meshSize
        self.frame = frame
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
