import Foundation
import Numerics

/// The impurity strength V0 from the spectra measured on the impurities' own sites
/// (docs/refinement.md §3): each site spectrum is fitted as
///
///     g_j(E) = α_j · [N(E) + δρ(0, E; V0)] + β_j0 + β_j1 · E/E_max,
///
/// with N the clean DOS and δρ(0) the T-matrix LDOS change on the impurity's site (PHYSICS.md §5,
/// both in states/meV, both spins) of the state the spectrum fit found (χ, Δ0, η/Δ0 held), one V0
/// for every site and the linear parameters of each site solved exactly. The ratio of δρ(0) to N
/// carries V0 and its sign — beyond the Born limit through the shape too (the in-gap states) —
/// and α_j takes the site's own scale (set point, orbital). V0 is searched on the circle
/// u = atan(V0/V_s) ∈ (−π/2, π/2], V_s = 2/(π N_normal), where u = ±π/2 is the one unitary limit.
///
/// Uncertainty: the noise is taken from the residuals (σ² = RSS_min/dof); the 1σ interval is where
/// RSS rises by τ σ² (τ the residuals' autocorrelation time along energy, as the spectrum fit's);
/// with three or more sites it is widened to the jackknife over sites where that is larger,
/// which holds what differs from site to site (neighbouring impurities, the orbital). With three
/// or more sites, those whose own V0 is far from the others' are left out first.
public struct ImpurityFit: Sendable {
    /// The fitted V0 (meV), and its 1σ interval (nil where it reaches the unitary limit).
    public var v0MeV: Double
    public var interval: ClosedRange<Double>?
    /// The scale V_s = 2/(π N_normal) of the search variable (meV).
    public var scaleMeV: Double
    /// The number of sites fitted and of those left out.
    public var sites: Int
    public var rejectedSites: Int
    /// Which candidate of each impurity was taken as its site.
    public var chosenCandidates: [Int]
    /// 1 − RSS(V0)/RSS(V0 = 0) over the sites fitted: how much of the site spectra's difference
    /// from the clean DOS the on-site model explains.
    public var explainedFraction: Double
    /// Whether V0 is determined: its interval is bounded, the on-site model explains at least
    /// `leastExplained` of the site spectra's difference from the clean DOS, and a weak V0
    /// (|V0| < 0.2 V_s) is explained by at least `weakExplained`. A strong impurity (|V0| ≳ 3 V_s)
    /// darkens its own site until noise is most of its spectrum and brightens its neighbours;
    /// the fit can then take a neighbour for the site and call the impurity weak, explaining only
    /// half of the difference (measured on `qpi synth` A2′ grids: V0 = 1000, 2000 and −1000 meV
    /// fitted at −22, −23 and +9 meV, 14–56 % explained), while a weak or moderate V0 on its own
    /// site is explained to 37–95 % (docs/refinement.md §3).
    public var isDetermined: Bool {
        interval != nil && explainedFraction >= Self.leastExplained
            && (abs(v0MeV) >= 0.2 * scaleMeV || explainedFraction >= Self.weakExplained)
    }

    /// 1σ in meV: half the interval's width; nil when unbounded.
    public var uncertainty: Double? { interval.map { ($0.upperBound - $0.lowerBound) / 2 } }

    /// The least `explainedFraction` for a determined V0, and for a weak one.
    public static let leastExplained = 0.3, weakExplained = 0.6

    /// Points of the search grid in u.
    static let gridCount = 180

    /// Fits V0 to `candidates` (per impurity, the spectra of the atoms that may be its site, at
    /// `energiesMeV`; the one whose fit alone explains most of its difference from the clean DOS is
    /// taken: on-site minimum RSS over RSS at V0 = 0) for `state` at the sample's gap
    /// `delta0MeV` and broadening `broadening` (η/Δ0); the local Green's function on a `meshSize`
    /// mesh at the enlarged gap. Nil without sites.
    public static func run(candidates: [[[Double]]], energiesMeV: [Double], state: PairingState, material: Material,
                           delta0MeV: Double, broadening: Double, meshSize: Int = 256) throws -> ImpurityFit? {
        guard !candidates.isEmpty, energiesMeV.count >= 5 else { return nil }
        var pairing = state
        pairing.deltaMeV = PairingState.enlargedGapMeV
        let system = try MeshEigensystem(hamiltonian: BdGHamiltonian(normal: NormalState(material: material), pairing: pairing), size: meshSize)
        let green = LocalGreen(system: system)
        let g0 = energiesMeV.map { green.matrix(at: $0 / delta0MeV, broadening: broadening) }
        let density = g0.map(LocalGreen.density)
        // The normal-state DOS at the Fermi level: N far outside the gap, per meV, both spins.
        let normal = LocalGreen.density(green.matrix(at: 3, broadening: broadening))
        let scale = 2 / (Double.pi * normal)
        let energyScale = energiesMeV.map(abs).max() ?? 1
        let linear = energiesMeV.map { $0 / energyScale }
        let ones = energiesMeV.map { _ in 1.0 }

        func model(_ u: Double) -> [Double]? {
            var out: [Double] = []
            for (g, n) in zip(g0, density) {
                guard let change = LocalGreen.siteChange(g, impurity: scale * tan(u)) else { return nil }
                out.append(n + change)
            }
            return out
        }
        let step = Double.pi / Double(gridCount)
        let grid = (0..<gridCount).map { -Double.pi / 2 + (Double($0) + 0.5) * step }
        let gridModels = grid.map(model)
        /// The least-squares fit of the model `m` to each spectrum of `data`.
        func solutions(_ m: [Double], _ data: [[Double]]) -> [(coefficients: [Double], residual: Double)]? {
            var out: [(coefficients: [Double], residual: Double)] = []
            for spectrum in data {
                guard let s = SmallLinearAlgebra.leastSquares(basis: [m, ones, linear], values: spectrum, weights: ones) else { return nil }
                out.append(s)
            }
            return out
        }
        /// Σ RSS of V0 (through u, or the grid's model `cached`) over `data`; ∞ where singular.
        func rss(_ u: Double, _ data: [[Double]], cached: [Double]?? = nil) -> Double {
            guard let m = cached ?? model(u), let fits = solutions(m, data) else { return .infinity }
            return fits.reduce(0) { $0 + $1.residual }
        }
        /// The best u for `data`: the grid's minimum refined by golden section.
        func search(_ data: [[Double]]) -> Double {
            let values = grid.indices.map { rss(grid[$0], data, cached: gridModels[$0]) }
            let best = values.indices.min { values[$0] < values[$1] }!
            return SpectrumFit.wrapped(GoldenSection.minimum(of: { rss($0, data) }, in: grid[best] - step ... grid[best] + step, tolerance: 1e-5).x)
        }
        // Each impurity's site among its candidates.
        var spectra: [[Double]] = [], chosen: [Int] = [], single: [Double] = []
        for options in candidates {
            let trials = options.map { spectrum -> (explained: Double, u: Double) in
                let u = search([spectrum])
                let unperturbed = rss(0, [spectrum])
                guard unperturbed > 0, unperturbed.isFinite else { return (.infinity, u) }
                return (rss(u, [spectrum]) / unperturbed, u)
            }
            let best = trials.indices.min { trials[$0].explained < trials[$1].explained }!
            chosen.append(best)
            spectra.append(options[best])
            single.append(trials[best].u)
        }
        // Each site alone first: a site far from the others' consensus (two impurities side by
        // side, a defect of another kind) is left out, by more than five robust standard
        // deviations of the single-site estimates from their medoid (and at least 0.05 in u).
        var all = spectra
        var rejected = 0
        if spectra.count >= 3 {
            let medoid = single.min { a, b in
                single.reduce(0) { $0 + abs(SpectrumFit.wrapped($1 - a)) } < single.reduce(0) { $0 + abs(SpectrumFit.wrapped($1 - b)) }
            }!
            let deviations = single.map { abs(SpectrumFit.wrapped($0 - medoid)) }
            let limit = max(5 * 1.4826 * deviations.sorted()[deviations.count / 2], 0.05)
            all = all.indices.filter { deviations[$0] <= limit }.map { all[$0] }
            rejected = spectra.count - all.count
        }
        let u = search(all)
        let unperturbed = rss(0, all)
        guard let m = model(u), let fits = solutions(m, all), unperturbed.isFinite else { return nil }
        let best = fits.reduce(0) { $0 + $1.residual }
        let residuals = zip(all, fits).map { spectrum, fit in
            zip(spectrum, zip(m, linear)).map { $0 - fit.coefficients[0] * $1.0 - fit.coefficients[1] - fit.coefficients[2] * $1.1 }
        }
        let degreesOfFreedom = max(1, all.count * (energiesMeV.count - 3) - 1)
        let noise = best / Double(degreesOfFreedom)
        let tau = residuals.map(SpectrumFit.autocorrelationTime).reduce(0, +) / Double(residuals.count)
        let level = best + tau * noise
        // The profile interval in u on each side, stepping by 0.5° then bisecting.
        func bound(_ direction: Double) -> Double? {
            var (inner, offset) = (0.0, Double.pi / 360)
            while offset < Double.pi / 2 {
                if rss(u + direction * offset, all) > level {
                    var outer = offset
                    for _ in 0..<20 {
                        let middle = (inner + outer) / 2
                        if rss(u + direction * middle, all) > level { outer = middle } else { inner = middle }
                    }
                    return u + direction * (inner + outer) / 2
                }
                inner = offset
                offset += Double.pi / 360
            }
            return nil
        }
        var sigmaU: Double?
        var jackknife: Double?
        if let lower = bound(-1), let upper = bound(1) { sigmaU = (upper - lower) / 2 }
        if all.count >= 3 {
            let estimates = all.indices.map { left in search(all.indices.filter { $0 != left }.map { all[$0] }) }
            let mean = u + estimates.map { SpectrumFit.wrapped($0 - u) }.reduce(0, +) / Double(estimates.count)
            let spread = estimates.map { pow(SpectrumFit.wrapped($0 - mean), 2) }.reduce(0, +)
            jackknife = (Double(estimates.count - 1) / Double(estimates.count) * spread).squareRoot()
        }
        var interval: ClosedRange<Double>?
        if let sigma = sigmaU.map({ max($0, jackknife ?? 0) }), abs(u) + sigma < Double.pi / 2 {
            interval = scale * tan(u - sigma) ... scale * tan(u + sigma)
        }
        return ImpurityFit(v0MeV: scale * tan(u), interval: interval, scaleMeV: scale, sites: all.count,
                           rejectedSites: rejected, chosenCandidates: chosen, explainedFraction: 1 - best / unperturbed)
    }
}
