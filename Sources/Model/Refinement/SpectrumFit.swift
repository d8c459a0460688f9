import Foundation
import Preprocess

/// The fit of one pairing state's DOS to a measured averaged spectrum (docs/refinement.md §2):
///
///     S(E) = A · [N(E/Δ0; χ, η/Δ0) + c · δN(E/Δ0)] + b0 + b1 · E/E_max,
///
/// with N the simulator's DOS in units of Δ0 (`ReducedDOS`), δN the impurities' share where given
/// (`ImpurityDOS`), a Gaussian likelihood with the spectrum's own uncertainties, the linear
/// parameters (A, b0, b1, A c) solved exactly for every trial
/// (variable projection), Δ0 and η/Δ0 by Nelder–Mead from two starts, and χ (for A1′, A2′, E′)
/// from a grid over its whole period (−π/2, π/2], whose lowest minima are then refined by
/// golden-section search — the profile likelihood in χ can have several minima, and χ → −χ moves
/// the peaks of a two-gap spectrum. (A coarser mesh for the grid does not work: the nodal A2′ and
/// E′ spectra change so much from mesh 128 to 256 that its minima are in the wrong places.)
public final class SpectrumFit {
    /// One trial: the nonlinear parameters and the linear ones solved for them.
    public struct Point: Sendable {
        public var chi: Double
        public var delta0MeV: Double
        /// η/Δ0.
        public var broadening: Double
        /// A, b0, b1.
        public var coefficients: [Double]
        /// Σ ((S − model)/σ)².
        public var chiSquare: Double
    }

    public let spectrum: MeasuredSpectrum
    /// The state whose channel, partner combination and extended-s admixture are kept; its χ
    /// and Δ0 are fitted.
    public let template: PairingState
    public let material: Material
    /// The k-mesh of the DOS (512 by default); its error against a mesh twice as fine enters the
    /// uncertainties (`SpectrumFitResult.modelError`, docs/refinement.md §4).
    public let meshSize: Int
    /// The impurities' share of the averaged DOS (`ImpurityDOS`), a fourth linear term
    /// c · A · δN(E/Δ0) of the model where set (docs/refinement.md §2).
    public let impurityDOS: ImpurityDOS?
    /// Model spectra computed so far, and diagonalisations of the mesh.
    public private(set) var evaluations = 0
    public private(set) var diagonalisations = 0
    private var histograms: [Double: ReducedDOS] = [:]
    private let energyScale: Double
    private let weights: [Double]

    public static let defaultMeshSize = 512

    /// The smallest and largest η/Δ0 the fit considers.
    static let broadeningRange = 0.01 ... 1.0

    public init(spectrum: MeasuredSpectrum, template: PairingState, material: Material, meshSize: Int = SpectrumFit.defaultMeshSize,
                impurityDOS: ImpurityDOS? = nil) {
        self.spectrum = spectrum
        self.template = template
        self.material = material
        self.meshSize = meshSize
        self.impurityDOS = impurityDOS
        energyScale = spectrum.energiesMeV.map(abs).max() ?? 1
        weights = spectrum.values.map { _ in 1 / (spectrum.uncertainty * spectrum.uncertainty) }
    }

    /// Whether χ is a parameter of the template's channel.
    public var fitsMixing: Bool { template.channel.hasMixing }

    /// The DOS histogram of the template at mixing angle `chi` (diagonalised once per χ).
    public func histogram(chi: Double) throws -> ReducedDOS {
        if let cached = histograms[chi] { return cached }
        let histogram = try self.histogram(chi: chi, size: meshSize)
        histograms[chi] = histogram
        return histogram
    }

    /// Takes over `other`'s DOS histograms (a fit of the same template on the same mesh).
    func share(histogramsOf other: SpectrumFit) {
        precondition(other.template == template && other.meshSize == meshSize, "SpectrumFit: histograms of another model")
        histograms.merge(other.histograms) { mine, _ in mine }
    }

    /// The DOS histogram of the template at mixing angle `chi` and the enlarged gap, from the
    /// levels of a `size` mesh (not cached).
    func histogram(chi: Double, size: Int) throws -> ReducedDOS {
        var pairing = template
        pairing.deltaMeV = PairingState.enlargedGapMeV
        pairing.mixAngle = chi
        diagonalisations += 1
        return try ReducedDOS(hamiltonian: BdGHamiltonian(normal: NormalState(material: material), pairing: pairing), size: size)
    }

    /// The model spectrum's basis functions at (χ, Δ0, η/Δ0): N, 1, E/E_max, and δN where the
    /// impurities' share is fitted.
    func basis(_ histogram: ReducedDOS, delta0: Double, broadening: Double, energies: [Double]? = nil) -> [[Double]] {
        evaluations += 1
        let e = energies ?? spectrum.energiesMeV, x = e.map { $0 / delta0 }
        let terms = [histogram.dos(at: x, broadening: broadening), e.map { _ in 1 }, e.map { $0 / energyScale }]
        return terms + (impurityDOS.map { [$0.dos(at: x)] } ?? [])
    }

    /// The trial at (χ, Δ0, η/Δ0) with its linear parameters solved; χ² = ∞ where unphysical.
    public func point(chi: Double, delta0: Double, broadening: Double) throws -> Point {
        let histogram = try histogram(chi: chi)
        guard delta0 > 0, Self.broadeningRange.contains(broadening),
              let solution = SmallLinearAlgebra.leastSquares(basis: basis(histogram, delta0: delta0, broadening: broadening),
                                                     values: spectrum.values, weights: weights)
        else { return Point(chi: chi, delta0MeV: delta0, broadening: broadening, coefficients: [], chiSquare: .infinity) }
        return Point(chi: chi, delta0MeV: delta0, broadening: broadening, coefficients: solution.coefficients, chiSquare: solution.residual)
    }

    /// The model spectrum of `point` at `energies` (meV).
    public func model(_ point: Point, energies: [Double]) throws -> [Double] {
        let terms = basis(try histogram(chi: point.chi), delta0: point.delta0MeV, broadening: point.broadening, energies: energies)
        return energies.indices.map { i in zip(point.coefficients, terms).reduce(0) { $0 + $1.0 * $1.1[i] } }
    }

    /// The best Δ0 and η/Δ0 at fixed χ: Nelder–Mead in (ln Δ0, ln η/Δ0) from `near` and from the
    /// Δ0 that puts the model's coherence peak on the measured gap, with η/Δ0 = 0.05 and 0.2, each
    /// run restarted once from its optimum with a fresh simplex (Nelder–Mead can stall on the ridges
    /// of a two-gap spectrum's χ² surface). `quick` (the χ grid) keeps `near` and the η/Δ0 = 0.05
    /// start, without restarts.
    public func best(chi: Double, near: Point? = nil, quick: Bool = false) throws -> (point: Point, converged: Bool) {
        let histogram = try histogram(chi: chi)
        let peak = Self.coherencePeak(histogram)
        var starts = [[log(spectrum.gapMeV / peak), log(0.05)], [log(spectrum.gapMeV / peak), log(0.2)]]
        if let near { starts.insert([log(near.delta0MeV), log(near.broadening)], at: 0) }
        if quick { starts = Array(starts.prefix(near == nil ? 1 : 2)) }
        var best: (Point, Bool)?
        for start in starts {
            var failure: Error?
            let cost: ([Double]) -> Double = { p in
                do { return try self.point(chi: chi, delta0: exp(p[0]), broadening: exp(p[1])).chiSquare } catch {
                    failure = error
                    return .infinity
                }
            }
            var result = NelderMead.minimise(cost, start: start, steps: [0.05, 0.3], tolerance: 1e-9, iterations: 600)
            if !quick, let first = result,
               let second = NelderMead.minimise(cost, start: first.point, steps: [0.02, 0.1], tolerance: 1e-9, iterations: 600),
               second.value < first.value {
                result = second
            }
            if let failure { throw failure }
            let p = result?.point ?? start
            let candidate = try point(chi: chi, delta0: exp(p[0]), broadening: exp(p[1]))
            if best == nil || candidate.chiSquare < best!.0.chiSquare { best = (candidate, result != nil) }
        }
        return best!
    }

    /// The reduced energy of the histogram's largest DOS maximum on 0.2…2.5 Δ0 at η = 0.1 Δ0.
    static func coherencePeak(_ histogram: ReducedDOS) -> Double {
        let x = stride(from: 0.2, through: 2.5, by: 0.01).map { $0 }
        let plus = histogram.dos(at: x, broadening: 0.1), minus = histogram.dos(at: x.map { -$0 }, broadening: 0.1)
        let index = x.indices.max { plus[$0] + minus[$0] < plus[$1] + minus[$1] }!
        return x[index]
    }
}
