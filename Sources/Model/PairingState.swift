import Foundation
import Numerics

/// A gap function Δ(k) = [ψ(k) σ0 + d(k)·σ] iσy of one channel with its parameters
/// (docs/pairing.md gives every formula). Energies in meV, angles in radians.
public struct PairingState: Sendable, Equatable, Codable {
    /// How the two partners of a two-dimensional channel are combined.
    public enum Combination: Sendable, Equatable, Codable {
        /// cos φ · partner 1 + sin φ · partner 2 (time-reversal symmetric; E′ nematic along φ).
        case nematic(angle: Double)
        /// (partner 1 ± i partner 2)/√2 (chiral for E′, non-unitary for E″).
        case chiral(sign: Int)
        /// cos θ · partner 1 + e^{iα} sin θ · partner 2: the general combination (non-unitary E″
        /// with a tunable admixture; α = 0 is nematic, θ = π/4 with α = ±π/2 chiral).
        case general(angle: Double, phase: Double)
    }

    /// The simulator's enlarged gap scale, Δ0 = 20 meV (used with η = 2 meV; docs/physics.md §5):
    /// the default of `qpi simulate` and the scale of synthetic grids, best matches and training
    /// maps, which are compared with measurements at equal ω/Δ.
    public static let enlargedGapMeV = 20.0

    public var channel: PairingChannel
    /// Gap scale Δ0, in meV.
    public var deltaMeV: Double
    /// Singlet–triplet mixing angle χ (A1′, A2′, E′): singlet ∝ cos χ, triplet ∝ sin χ.
    public var mixAngle: Double
    /// The partner combination of E′ and E″ (ignored otherwise).
    public var combination: Combination
    /// Extended-s admixture ε of A1′: ψ = Δ0 (cos χ + ε s1).
    public var extendedS: Double

    public init(channel: PairingChannel, deltaMeV: Double, mixAngle: Double = 0,
                combination: Combination = .nematic(angle: 0), extendedS: Double = 0) {
        self.channel = channel
        self.deltaMeV = deltaMeV
        self.mixAngle = mixAngle
        self.combination = combination
        self.extendedS = extendedS
    }

    /// The k-independent factors of Δ(k): singlet Δ0 cos χ and triplet Δ0 sin χ amplitudes
    /// and the partner weights (c1, c2). Computed once per state, so that a mesh of Δ(k) needs
    /// no trigonometry.
    public struct Amplitudes: Sendable {
        var singlet: Double, triplet: Double
        var c1: Complex<Double>, c2: Complex<Double>
    }

    /// This state's amplitudes.
    public var amplitudes: Amplitudes {
        let (c1, c2): (Complex<Double>, Complex<Double>)
        switch combination {
        case .nematic(let angle): (c1, c2) = (Complex(cos(angle)), Complex(sin(angle)))
        case .chiral(let sign):
            let r = 1 / 2.0.squareRoot()
            (c1, c2) = (Complex(r), Complex(0, Double(sign.signum()) * r))
        case .general(let angle, let phase):
            (c1, c2) = (Complex(cos(angle)), Complex(sin(angle) * cos(phase), sin(angle) * sin(phase)))
        }
        return Amplitudes(singlet: deltaMeV * cos(mixAngle), triplet: deltaMeV * sin(mixAngle), c1: c1, c2: c2)
    }

    /// ψ(k) and d(k) in meV at the harmonics of one wave vector.
    public func components(_ h: LatticeHarmonics) -> (psi: Complex<Double>, d: SIMD3<Double>, dImaginary: SIMD3<Double>) {
        components(h, amplitudes)
    }

    /// ψ(k) and d(k) in meV from the harmonics and this state's precomputed `amplitudes`.
    public func components(_ h: LatticeHarmonics, _ amplitudes: Amplitudes)
        -> (psi: Complex<Double>, d: SIMD3<Double>, dImaginary: SIMD3<Double>) {
        let (c1, c2, singlet, triplet) = (amplitudes.c1, amplitudes.c2, amplitudes.singlet, amplitudes.triplet)
        switch channel {
        case .a1Prime:
            return (Complex(singlet + deltaMeV * extendedS * h.s1), SIMD3(0, 0, triplet * h.gI), .zero)
        case .a2Prime:
            return (Complex(singlet * h.iWave), SIMD3(0, 0, triplet * h.fB), .zero)
        case .ePrime:
            let psi = (c1 * Complex(h.dA) + c2 * Complex(h.dB)) * Complex(singlet)
            let dz = (c1 * Complex(h.pA) + c2 * Complex(h.pB)) * Complex(triplet)
            return (psi, SIMD3(0, 0, dz.real), SIMD3(0, 0, dz.imaginary))
        case .a1DoublePrime:
            return (.zero, deltaMeV * SIMD3(h.pA, h.pB, 0), .zero)
        case .a2DoublePrime:
            return (.zero, deltaMeV * SIMD3(h.pB, -h.pA, 0), .zero)
        case .eDoublePrime:
            let dx = (c1 * Complex(h.pA) + c2 * Complex(h.pB)) * Complex(deltaMeV)
            let dy = (c1 * Complex(-h.pB) + c2 * Complex(h.pA)) * Complex(deltaMeV)
            return (.zero, SIMD3(dx.real, dy.real, 0), SIMD3(dx.imaginary, dy.imaginary, 0))
        }
    }

    /// The 2×2 gap matrix Δ(k) = [ψ σ0 + d·σ] iσy, row-major:
    /// `[[−dx + i dy, ψ + dz], [−ψ + dz, dx + i dy]]`.
    public func matrix(_ h: LatticeHarmonics) -> Matrix2 { matrix(h, amplitudes) }

    /// Δ(k) from the harmonics and this state's precomputed `amplitudes`.
    public func matrix(_ h: LatticeHarmonics, _ amplitudes: Amplitudes) -> Matrix2 {
        let (psi, dr, di) = components(h, amplitudes)
        let dx = Complex(dr.x, di.x), dy = Complex(dr.y, di.y), dz = Complex(dr.z, di.z)
        let i = Complex<Double>.i
        return Matrix2(-dx + i * dy, psi + dz, -psi + dz, dx + i * dy)
    }
}
