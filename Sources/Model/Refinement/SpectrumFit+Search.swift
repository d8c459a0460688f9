import Foundation

/// What the spectrum fit found: the best trial, χ's profile-likelihood interval, the covariance
/// of the nonlinear parameters from the curvature, and the goodness of fit.
public struct SpectrumFitResult: Sendable {
    public var best: SpectrumFit.Point
    /// Every optimisation converged and the curvature is positive definite.
    public var converged: Bool
    /// Names of the covariance's rows: `chi_rad` (where fitted), `delta0_meV`, `eta_over_delta0`.
    public var names: [String]
    /// Covariance of `names` from the curvature of −2 ln L, scaled by `scale`, plus the
    /// `systematicShifts`; nil when the curvature is not positive definite.
    public var covariance: [[Double]]?
    /// χ's 1σ interval where −2 ln L (profiled over Δ0, η/Δ0 and the linear parameters, scaled as
    /// the covariance) rises by 1 above its minimum, stretched over any other basin of the search
    /// grid that stays below that level (χ itself may need unwrapping by π).
    public var chiInterval: ClosedRange<Double>?
    /// χ² of the best Δ0, η/Δ0 at every χ of the search grid.
    public var chiProfile: [(chi: Double, chiSquare: Double)]
    public var degreesOfFreedom: Int
    public var chiSquarePerDegreeOfFreedom: Double { best.chiSquare / Double(degreesOfFreedom) }
    /// The model's own error on the spectrum, in the spectrum's unit: the rms over the measured
    /// energies of the best fit's change from the fit's mesh to one twice as fine.
    public var modelError = 0.0
    /// The spectrum's standard uncertainty that the χ² values use.
    public var noise: Double
    /// The integrated autocorrelation time of the residuals along the energy axis,
    /// τ = 1 + 2 Σ_k ρ_k (lags up to the first ρ_k ≤ 0, at most a quarter of the energies): 1 for
    /// white residuals, larger when the misfit is smooth in energy and so carries fewer
    /// independent pieces of evidence than there are energies.
    public var residualCorrelation = 1.0
    /// χ²/dof · τ (at least 1e-4, for noise-free spectra): the factor on −2 ln L's curvature and
    /// level. The spectrum's noise is taken from the fit's residuals — the Birge ratio squared,
    /// below 1 too, since σ_S also holds the block sets' different scale, which the amplitude
    /// absorbs — and τ widens it where the misfit is smooth in energy (docs/refinement.md §5).
    public var scale: Double { max(chiSquarePerDegreeOfFreedom * residualCorrelation, 1e-4) }
    /// Systematic shifts of the parameters, each in `names`' order: how far the optimum moves
    /// with an analysis choice (docs/refinement.md §5). `covariance` holds their outer products.
    public var systematicShifts: [[Double]] = []
    /// χ's share of `systematicShifts`, in quadrature (0 without χ).
    public var chiSystematic: Double {
        names.first == "chi_rad" ? systematicShifts.reduce(0) { $0 + $1[0] * $1[0] }.squareRoot() : 0
    }
}

extension SpectrumFit {
    /// Points of the χ search grid over one period.
    public static let chiGridCount = 24

    /// The best trial and how it was found: the χ grid's profile (empty without χ).
    public struct Search: Sendable {
        public var optimum: Point
        public var grid: [Double]
        public var profile: [Point]
        public var converged: Bool
    }

    /// Fits the template to the spectrum (docs/refinement.md §§3, 5): `search`, then `uncertainties`.
    public func run() throws -> SpectrumFitResult { try uncertainties(of: try search()) }

    /// The best trial (docs/refinement.md §3): χ on a grid over its period, the lowest basin —
    /// and up to three more where their χ² is within reach — refined by golden-section search and
    /// a last parabolic step.
    public func search() throws -> Search {
        guard fitsMixing else {
            let (point, converged) = try best(chi: template.mixAngle)
            return Search(optimum: point, grid: [], profile: [], converged: converged)
        }
        return try search(from: try gridProfile())
    }

    /// The first stage of `search`: the χ grid over one period and the best quick trial at each
    /// of its points.
    public func gridProfile() throws -> (grid: [Double], profile: [Point]) {
        let step = Double.pi / Double(Self.chiGridCount)
        let grid = (0 ..< Self.chiGridCount).map { -Double.pi / 2 + (Double($0) + 0.5) * step }
        var profile: [Point] = []
        for chi in grid { profile.append(try best(chi: chi, near: profile.last, quick: true).point) }
        return (grid, profile)
    }

    /// The rest of `search`, from the χ grid's profile.
    public func search(from gridProfile: (grid: [Double], profile: [Point])) throws -> Search {
        let (grid, profile) = gridProfile
        let step = Double.pi / Double(Self.chiGridCount)
        let count = grid.count
        let minima = grid.indices.filter { i in
            profile[i].chiSquare <= profile[(i + count - 1) % count].chiSquare && profile[i].chiSquare <= profile[(i + 1) % count].chiSquare
        }.sorted { profile[$0].chiSquare < profile[$1].chiSquare }
        // Other basins are refined when their χ² on the grid is within 4 × max(1, χ²/dof) of the
        // first or within twice it (at most four basins): a narrow basin between two grid points
        // shows on the grid far above its own minimum (A2′ near the triplet limit, χ = 1.155, sat
        // between grid values 183 and 160 while another basin's was 107 and its refined optimum 64).
        let first = profile[minima[0]].chiSquare
        let reach = max(4 * max(1, first / Double(degreesOfFreedom)), first)
        var converged = true
        var candidates: [Point] = []
        for j in minima.prefix(4) where profile[j].chiSquare - first <= reach {
            candidates += [try basin(around: grid[j], from: profile[j], halfWidth: step, converged: &converged), profile[j]]
        }
        // The mirror −χ of the best: χ → −χ swaps which Ising-split band has the larger gap, which
        // changes a small-χ spectrum little, and a basin between two grid points may not show on
        // the grid (a `qpi synth` A1′ grid, χ = −0.151: the grid's one minimum at 0.065 between
        // two basins, refined to +0.139). Its basin is refined where its χ² is within reach.
        let best = candidates.min { $0.chiSquare < $1.chiSquare }!
        let mirror = -best.chi
        if abs(mirror - best.chi) > step, !candidates.contains(where: { abs(Self.wrapped($0.chi - mirror)) < step / 2 }) {
            let start = try self.best(chi: Self.wrapped(mirror), near: best)
            converged = converged && start.converged
            if start.point.chiSquare - first <= reach {
                candidates += [try basin(around: mirror, from: start.point, halfWidth: step, converged: &converged), start.point]
            }
        }
        let optimum = try finished(candidates.min { $0.chiSquare < $1.chiSquare }!, converged: &converged)
        return Search(optimum: optimum, grid: grid, profile: profile, converged: converged)
    }

    /// The search confined to the basin of `point` (± 0.04 rad), with `gridProfile` (by default
    /// this fit's, cheap where the histograms are shared) kept for the uncertainties: what the fit
    /// of a mesh-corrected spectrum needs, whose optimum moves little (`corrected(by:)`,
    /// docs/refinement.md §4).
    public func search(near point: Point, gridProfile: (grid: [Double], profile: [Point])? = nil) throws -> Search {
        guard fitsMixing else { return try search() }
        let gridProfile = try gridProfile ?? self.gridProfile()
        let start = try best(chi: point.chi, near: point)
        var converged = start.converged
        let candidates = [try basin(around: point.chi, from: start.point, halfWidth: 0.04, converged: &converged), start.point]
        let optimum = try finished(candidates.min { $0.chiSquare < $1.chiSquare }!, converged: &converged)
        return Search(optimum: optimum, grid: gridProfile.grid, profile: gridProfile.profile, converged: converged)
    }

    /// Golden-section search of the profile in χ over `centre` ± `halfWidth` to a 3e-3 bracket
    /// (`GoldenSection`), Δ0 and η/Δ0 re-fitted from `start` and then from the neighbouring
    /// trial: the best trial.
    private func basin(around centre: Double, from start: Point, halfWidth: Double, converged: inout Bool) throws -> Point {
        try GoldenSection.minimum(in: centre - halfWidth ... centre + halfWidth, tolerance: 3e-3, from: start, evaluate: { chi, near in
            let result = try best(chi: Self.wrapped(chi), near: near)
            converged = converged && result.converged
            return result.point
        }, value: \.chiSquare).trial
    }

    /// `optimum` finished by a parabola through it and two points 1.5e-3 rad either side: its
    /// vertex, where lower, finishes what the golden section left (its 3e-3 bracket); χ wrapped.
    private func finished(_ optimum: Point, converged: inout Bool) throws -> Point {
        var optimum = optimum
        let h = 1.5e-3
        let (left, right) = (try best(chi: Self.wrapped(optimum.chi - h), near: optimum).point,
                             try best(chi: Self.wrapped(optimum.chi + h), near: optimum).point)
        let curvature = left.chiSquare - 2 * optimum.chiSquare + right.chiSquare
        if curvature > 0 {
            let vertex = optimum.chi + h * (left.chiSquare - right.chiSquare) / (2 * curvature)
            let refined = try best(chi: Self.wrapped(vertex), near: optimum)
            if refined.point.chiSquare < optimum.chiSquare { optimum = refined.point; converged = converged && refined.converged }
        }
        optimum.chi = Self.wrapped(optimum.chi)
        return optimum
    }

    /// Degrees of freedom: energies less the three or four linear and the two or three nonlinear
    /// parameters.
    var degreesOfFreedom: Int { max(1, spectrum.values.count - (impurityDOS == nil ? 3 : 4) - (fitsMixing ? 3 : 2)) }

    /// The uncertainties of `search`'s optimum (docs/refinement.md §5): the model's mesh error,
    /// the covariance from the curvature with the `systematicShifts` added, and χ's
    /// profile-likelihood interval (to which `SpectrumFitResult.chiSystematic` adds).
    public func uncertainties(of search: Search, systematicShifts: [[Double]] = []) throws -> SpectrumFitResult {
        let optimum = search.optimum
        var result = SpectrumFitResult(best: optimum, converged: search.converged,
                                       names: (fitsMixing ? ["chi_rad"] : []) + ["delta0_meV", "eta_over_delta0"], covariance: nil,
                                       chiInterval: nil, chiProfile: zip(search.grid, search.profile).map { ($0, $1.chiSquare) },
                                       degreesOfFreedom: degreesOfFreedom, noise: spectrum.uncertainty)
        result.modelError = try modelError(of: optimum)
        result.residualCorrelation = Self.autocorrelationTime(try residuals(of: optimum))
        result.systematicShifts = systematicShifts
        result.covariance = try covariance(at: optimum, scale: result.scale).map { CurvatureCovariance.adding(systematicShifts, to: $0) }
        result.converged = search.converged && result.covariance != nil
        guard fitsMixing else { return result }
        // Profile-likelihood interval: on each side, steps doubling from 1.5 times the curvature's
        // σ until χ² exceeds the level, then bisection.
        var converged = result.converged
        func profiled(_ chi: Double) throws -> Point {
            let point = try best(chi: Self.wrapped(chi), near: optimum)
            converged = converged && point.converged
            return point.point
        }
        let level = optimum.chiSquare + result.scale
        let first = min(max(1.5 * (result.covariance?[0][0].squareRoot() ?? 0.02), 0.004), 0.3)
        var bounds: [Double] = []
        for direction in [-1.0, 1.0] {
            var (inner, outside, offset): (Double, Double?, Double) = (optimum.chi, nil, first)
            while outside == nil, offset <= Double.pi / 2 {
                let x = optimum.chi + direction * offset
                if try profiled(x).chiSquare > level { outside = x } else { inner = x }
                offset = offset * 2 > Double.pi / 2 && offset < Double.pi / 2 ? Double.pi / 2 : offset * 2
            }
            guard var outer = outside else { bounds.append(optimum.chi + direction * .pi / 2); continue }
            for _ in 0..<4 {
                let middle = (inner + outer) / 2
                if try profiled(middle).chiSquare > level { outer = middle } else { inner = middle }
            }
            bounds.append((inner + outer) / 2)
        }
        // Another basin of the grid's profile below the level is as compatible with the data:
        // the interval stretches over it (χ taken within ± π/2 of the optimum).
        var (lower, upper) = (bounds[0], bounds[1])
        for (chi, point) in zip(search.grid, search.profile) where point.chiSquare <= level {
            let near = optimum.chi + Self.wrapped(chi - optimum.chi)
            (lower, upper) = (min(lower, near), max(upper, near))
        }
        result.chiInterval = lower ... upper
        result.converged = converged
        return result
    }

    /// The rms over the measured energies of `point`'s `meshCorrection`.
    func modelError(of point: Point) throws -> Double {
        let difference = try meshCorrection(at: point)
        return (difference.reduce(0) { $0 + $1 * $1 } / Double(difference.count)).squareRoot()
    }

    /// `point`'s model spectrum on a mesh twice as fine minus that on the fit's mesh (the same
    /// linear parameters), at the measured energies.
    public func meshCorrection(at point: Point) throws -> [Double] {
        let fine = try histogram(chi: point.chi, size: 2 * meshSize)
        let x = spectrum.energiesMeV.map { $0 / point.delta0MeV }
        return zip(fine.dos(at: x, broadening: point.broadening), try histogram(chi: point.chi).dos(at: x, broadening: point.broadening))
            .map { point.coefficients[0] * ($0 - $1) }
    }

    /// The same fit of the spectrum less `correction` (a `meshCorrection`): its optimum is, to
    /// first order in the correction's change with the parameters, the fit on the finer mesh
    /// (docs/refinement.md §4). The DOS histograms made so far are shared.
    public func corrected(by correction: [Double]) -> SpectrumFit { adding(correction.map { -$0 }) }

    /// The same fit with the impurities' share of the DOS, `impurityDOS`, as a fourth linear term
    /// (docs/refinement.md §2). The DOS histograms made so far are shared.
    public func including(_ impurityDOS: ImpurityDOS) -> SpectrumFit {
        variant(spectrum: spectrum, impurityDOS: impurityDOS)
    }

    /// A fit of the same template and mesh to `spectrum`, sharing the histograms made so far.
    private func variant(spectrum: MeasuredSpectrum, impurityDOS: ImpurityDOS?) -> SpectrumFit {
        let fit = SpectrumFit(spectrum: spectrum, template: template, material: material, meshSize: meshSize, impurityDOS: impurityDOS)
        fit.share(histogramsOf: self)
        return fit
    }

    /// The measured minus the model spectrum of `point`, in ascending energy.
    func residuals(of point: Point) throws -> [Double] {
        let model = try self.model(point, energies: spectrum.energiesMeV)
        return spectrum.energiesMeV.indices.sorted { spectrum.energiesMeV[$0] < spectrum.energiesMeV[$1] }
            .map { spectrum.values[$0] - model[$0] }
    }

    /// τ = 1 + 2 Σ_k ρ_k of a series (`SpectrumFitResult.residualCorrelation`).
    static func autocorrelationTime(_ r: [Double]) -> Double {
        let norm = r.reduce(0) { $0 + $1 * $1 }
        guard norm > 0 else { return 1 }
        var tau = 1.0
        for lag in stride(from: 1, through: r.count / 4, by: 1) {
            let rho = (0 ..< r.count - lag).reduce(0) { $0 + r[$1] * r[$1 + lag] } / norm
            guard rho > 0 else { break }
            tau += 2 * rho
        }
        return tau
    }

    /// χ mapped into (−π/2, π/2] (χ and χ + π are the same state up to a global sign).
    public static func wrapped(_ chi: Double) -> Double {
        var x = chi.truncatingRemainder(dividingBy: .pi)
        if x <= -Double.pi / 2 { x += .pi }
        if x > Double.pi / 2 { x -= .pi }
        return x
    }

    /// How the optimum's (χ,) Δ0, η/Δ0 move, to first order, when `perturbation` is added to the
    /// measured spectrum: −H⁻¹ ∂/∂θ [χ²(θ; S + d) − χ²(θ; S − d)] / 2, the gradient by central
    /// differences with the linear parameters solved at every trial and H the curvature of
    /// `covariance` (the same steps, so the DOS histograms are shared); nil unless H is positive
    /// definite. A nematic E′ fit's angle is held.
    public func response(to perturbation: [Double], at point: Point) throws -> [Double]? {
        let (centre, steps) = curvatureSteps(at: point)
        guard let inverseHessian = try covariance(at: point, scale: 0.5) else { return nil }
        let (plus, minus) = (adding(perturbation), adding(perturbation.map { -$0 }))
        func shifted(_ offsets: [Double]) -> [Double] { zip(centre, zip(offsets, steps)).map { $0 + $1.0 * $1.1 } }
        return try CurvatureCovariance.shift(plus: { try plus.chiSquare(at: shifted($0), heldChi: point.chi) },
                                             minus: { try minus.chiSquare(at: shifted($0), heldChi: point.chi) },
                                             steps: steps, inverseHessian: inverseHessian)
    }

    /// The same fit with `perturbation` added to the measured spectrum, sharing the histograms.
    func adding(_ perturbation: [Double]) -> SpectrumFit {
        var measured = spectrum
        measured.values = zip(spectrum.values, perturbation).map(+)
        return variant(spectrum: measured, impurityDOS: impurityDOS)
    }

    /// The covariance of (χ,) Δ0, η/Δ0 at `point` from the curvature of χ² (`CurvatureCovariance`),
    /// the linear parameters solved at every trial; nil unless positive definite.
    func covariance(at point: Point, scale: Double) throws -> [[Double]]? {
        let (centre, steps) = curvatureSteps(at: point)
        return try CurvatureCovariance.of({ offsets in
            try chiSquare(at: zip(centre, zip(offsets, steps)).map { $0 + $1.0 * $1.1 }, heldChi: point.chi)
        }, steps: steps, scale: scale)
    }

    /// The nonlinear parameters of `point` — (χ where fitted,) Δ0, η/Δ0 — and their
    /// finite-difference steps.
    private func curvatureSteps(at point: Point) -> (centre: [Double], steps: [Double]) {
        var centre = [point.delta0MeV, point.broadening], steps = [0.004 * point.delta0MeV, 0.02 * point.broadening]
        if fitsMixing { centre.insert(point.chi, at: 0); steps.insert(0.01, at: 0) }
        return (centre, steps)
    }

    /// χ² at the parameters `q` in `curvatureSteps`' order (χ is `heldChi` where not fitted).
    private func chiSquare(at q: [Double], heldChi: Double) throws -> Double {
        fitsMixing ? try point(chi: q[0], delta0: q[1], broadening: q[2]).chiSquare
            : try point(chi: heldChi, delta0: q[0], broadening: q[1]).chiSquare
    }
}
