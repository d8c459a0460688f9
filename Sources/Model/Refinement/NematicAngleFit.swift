import Foundation

/// The spectrum fit of a nematic E′ state with its nematic angle φ fitted as well
/// (docs/refinement.md §3). The DOS depends on φ (up to 10–17 % of the coherence peak between
/// φ = 0 and π/6), but only through its *spectral* angle: DOS(φ) = DOS(φ + π/3) (C3 with the
/// global sign) = DOS(−φ) (the mirror), so the spectrum fixes φ within [0, π/6] and the domain —
/// which of the equivalent angles ±φ + kπ/3 — is for the maps (the classifier) to say.
///
/// Search: the χ grid at five spectral angles over [0, π/6]; the full χ search at the best; a
/// golden-section search in φ between its grid neighbours at that χ (Δ0, η/Δ0 re-fitted); the full
/// χ search again at the refined φ; φ's 1σ from the curvature of χ² in φ.
public struct NematicAngleFit {
    /// The spectral angle's range (one half-period of the DOS in φ).
    public static let spectralRange = 0.0 ... Double.pi / 6
    /// Spectral angles of the first grid.
    static let gridCount = 5

    /// The fit at the refined angle and its search.
    public let fit: SpectrumFit
    public let search: SpectrumFit.Search
    /// The spectral angle found, in `spectralRange`.
    public let spectralAngle: Double
    /// d²χ²/dφ² at the optimum (χ² as the fit's, unscaled); nil when not positive.
    public let curvature: Double?
    /// Model spectra computed over every angle tried.
    public let evaluations: Int
    /// This fit at the angles of its curvature and responses (`fitted(at:)`).
    private let shiftedFits = ShiftedFits()

    /// The covariance of (χ, Δ0, η/Δ0, φ) at the optimum from the curvature of χ² with the angle
    /// free as well (`CurvatureCovariance`, φ's step 0.02 rad), scaled by `scale`: the marginal
    /// uncertainties, where the fit's own covariance and χ's profile hold φ at its optimum. nil
    /// unless positive definite.
    public func marginalCovariance(scale: Double) throws -> [[Double]]? {
        try CurvatureCovariance.of(marginalChiSquare(fitted(at:)), steps: marginalSteps.steps, scale: scale)
    }

    /// The fit moved jointly in (χ, Δ0, η/Δ0, φ) by Newton steps on the marginal curvature (at
    /// most `steps`, each at most 0.04 rad in χ and 0.05 rad in φ, Δ0 and η/Δ0 re-fitted at the
    /// new χ and φ), while χ² falls. The search holds χ while it moves φ and the reverse, with φ
    /// to 0.01 rad, and χ and φ correlate: on noise-free `qpi synth` nematic grids it stopped
    /// 0.011 rad from the angle and 0.002–0.006 rad from χ (docs/refinement.md §3).
    public func polished(steps: Int = 3) throws -> NematicAngleFit {
        var current = self
        for _ in 0 ..< steps {
            guard let step = try CurvatureCovariance.newtonStep(current.marginalChiSquare(current.fitted(at:)), steps: current.marginalSteps.steps)
            else { break }
            let optimum = current.search.optimum
            let chi = optimum.chi + min(max(step[0], -0.04), 0.04)
            let angle = Self.spectral(current.spectralAngle + min(max(step[3], -0.05), 0.05))
            let moved = current.fit.nematic(at: angle)
            let (point, converged) = try moved.best(chi: chi, near: optimum)
            guard point.chiSquare < optimum.chiSquare else { break }
            let search = SpectrumFit.Search(optimum: point, grid: current.search.grid, profile: current.search.profile,
                                            converged: current.search.converged && converged)
            current = NematicAngleFit(fit: moved, search: search, spectralAngle: angle, curvature: current.curvature,
                                      evaluations: current.evaluations + moved.evaluations)
            if abs(step[0]) < 1e-4 && abs(step[3]) < 1e-4 { break }
        }
        return current
    }

    /// χ² at offsets (in units of `marginalSteps`) from the optimum, the angle's fits from `fitted`.
    private func marginalChiSquare(_ fitted: @escaping (Double) -> SpectrumFit) -> ([Double]) throws -> Double {
        let (centre, steps) = marginalSteps
        return { offsets in
            let q = zip(centre, zip(offsets, steps)).map { $0 + $1.0 * $1.1 }
            return try fitted(q[3]).point(chi: q[0], delta0: q[1], broadening: q[2]).chiSquare
        }
    }

    /// How (χ, Δ0, η/Δ0, φ) move, to first order, when `perturbation` is added to the measured
    /// spectrum (`SpectrumFit.response` with the angle free as well); nil unless the marginal
    /// curvature is positive definite.
    public func response(to perturbation: [Double]) throws -> [Double]? {
        guard let inverseHessian = try marginalCovariance(scale: 0.5) else { return nil }
        return try CurvatureCovariance.shift(plus: marginalChiSquare { fitted(at: $0).adding(perturbation) },
                                             minus: marginalChiSquare { fitted(at: $0).adding(perturbation.map { -$0 }) },
                                             steps: marginalSteps.steps, inverseHessian: inverseHessian)
    }

    /// The optimum's (χ, Δ0, η/Δ0, φ) and the marginal curvature's steps (φ's 0.02 rad).
    private var marginalSteps: (centre: [Double], steps: [Double]) {
        let optimum = search.optimum
        return ([optimum.chi, optimum.delta0MeV, optimum.broadening, spectralAngle], [0.01, 0.004 * optimum.delta0MeV, 0.02 * optimum.broadening, 0.02])
    }

    /// `fit` at any spectral angle, each angle made once for this fit: the marginal curvature, the
    /// Newton step and the responses ask for the same shifted angles, and a fit at a new angle
    /// diagonalises the mesh for every χ it is asked at (its histograms are its own).
    private func fitted(at angle: Double) -> SpectrumFit {
        if angle == spectralAngle { return fit }
        if let made = shiftedFits.made[angle] { return made }
        let made = fit.nematic(at: angle)
        shiftedFits.made[angle] = made
        return made
    }

    /// The fits at shifted angles made so far (`fitted(at:)`), shared by copies of this fit.
    private final class ShiftedFits {
        var made: [Double: SpectrumFit] = [:]
    }

    /// φ folded into `spectralRange` by the DOS's period π/3 and its mirror φ → −φ.
    public static func spectral(_ angle: Double) -> Double {
        let period = Double.pi / 3
        var x = angle.truncatingRemainder(dividingBy: period)
        if x < 0 { x += period }
        return min(x, period - x)
    }

    /// The angle equivalent to `spectralAngle` for the spectrum (±φ + kπ/3) nearest to
    /// `reference` modulo π (a nematic state at φ + π is the same state).
    public static func representative(of spectralAngle: Double, nearest reference: Double) -> Double {
        let candidates = (0..<6).flatMap { k in [spectralAngle, -spectralAngle].map { $0 + Double(k) * .pi / 3 } }
        func distance(_ a: Double) -> Double { abs(SpectrumFit.wrapped(a - reference)) }
        let best = candidates.min { distance($0) < distance($1) }!
        return reference + SpectrumFit.wrapped(best - reference)
    }

    /// Fits `template` (channel E′, nematic) to `spectrum` with χ, Δ0, η/Δ0 and φ free.
    public static func run(spectrum: MeasuredSpectrum, template: PairingState, material: Material,
                           meshSize: Int = SpectrumFit.defaultMeshSize) throws -> NematicAngleFit {
        let unturned = SpectrumFit(spectrum: spectrum, template: template, material: material, meshSize: meshSize)
        var made: [SpectrumFit] = []
        func fit(at angle: Double) -> SpectrumFit {
            made.append(unturned.nematic(at: angle))
            return made.last!
        }
        // The χ grid at each spectral angle of the first grid.
        let step = (spectralRange.upperBound - spectralRange.lowerBound) / Double(gridCount - 1)
        var grids: [(angle: Double, fit: SpectrumFit, profile: (grid: [Double], profile: [SpectrumFit.Point]))] = []
        for index in 0..<gridCount {
            let angle = spectralRange.lowerBound + Double(index) * step
            let candidate = fit(at: angle)
            grids.append((angle, candidate, try candidate.gridProfile()))
        }
        let first = grids.min { $0.profile.profile.map(\.chiSquare).min()! < $1.profile.profile.map(\.chiSquare).min()! }!
        let coarse = try first.fit.search(from: first.profile)
        return try refine(first.fit, angle: first.angle, search: coarse, bracket: step, made: made)
    }

    /// `base` — this fit's own at its angle with the spectrum less a mesh correction or the
    /// impurities' share added (`SpectrumFit.corrected`, `.including`) — searched from this fit's
    /// angle and optimum: χ in its basin (the histograms shared), then the angle within
    /// ± 0.05 rad and χ in its basin again where the angle moved.
    public func refitted(_ base: SpectrumFit) throws -> NematicAngleFit {
        let profile = try base.gridProfile()
        return try Self.refine(base, angle: spectralAngle, search: try base.search(near: search.optimum, gridProfile: profile),
                               bracket: 0.05, made: [base], localProfile: profile)
    }

    /// The stages after the grid: golden section in φ over `angle` ± `bracket` with χ held at
    /// `search`'s optimum (Δ0, η/Δ0 re-fitted); the χ search at the refined angle unless `angle`
    /// held — the full one, or with `localProfile` only the optimum's basin; the curvature in φ.
    /// `made` counts the fits already made.
    private static func refine(_ first: SpectrumFit, angle firstAngle: Double, search coarse: SpectrumFit.Search,
                               bracket: Double, made: [SpectrumFit],
                               localProfile: (grid: [Double], profile: [SpectrumFit.Point])? = nil) throws -> NematicAngleFit {
        var made = made
        func fit(at angle: Double) -> SpectrumFit {
            made.append(first.nematic(at: angle))
            return made.last!
        }
        func chiSquare(_ angle: Double, near: SpectrumFit.Point) throws -> Double {
            try fit(at: angle).best(chi: near.chi, near: near).point.chiSquare
        }
        let golden = try GoldenSection.minimum(of: { try chiSquare($0, near: coarse.optimum) },
                                               in: firstAngle - bracket ... firstAngle + bracket, tolerance: 0.01)
        let angle = spectral(golden.x)
        // The χ search at the refined angle (unless the first angle held).
        let (finalFit, finalSearch): (SpectrumFit, SpectrumFit.Search)
        if golden.value < coarse.optimum.chiSquare {
            let refined = fit(at: angle)
            let search = try localProfile.map { try refined.search(near: coarse.optimum, gridProfile: $0) } ?? refined.search()
            (finalFit, finalSearch) = (refined, search)
        } else {
            (finalFit, finalSearch) = (first, coarse)
        }
        let chosen = finalFit === first ? firstAngle : angle
        // Curvature in φ (across the range's ends the DOS is mirrored, so the folding is exact).
        let h = 0.02
        let centre = finalSearch.optimum.chiSquare
        let curvature = (try chiSquare(chosen - h, near: finalSearch.optimum) - 2 * centre
                         + chiSquare(chosen + h, near: finalSearch.optimum)) / (h * h)
        return NematicAngleFit(fit: finalFit, search: finalSearch, spectralAngle: chosen,
                               curvature: curvature > 0 ? curvature : nil,
                               evaluations: made.reduce(0) { $0 + $1.evaluations })
    }
}

extension SpectrumFit {
    /// A fit of the same spectrum, material and mesh with the template nematic along `angle`'s
    /// spectral angle (`NematicAngleFit.spectral`); no histograms shared, as the DOS differs.
    fileprivate func nematic(at angle: Double) -> SpectrumFit {
        var state = template
        state.combination = .nematic(angle: NematicAngleFit.spectral(angle))
        return SpectrumFit(spectrum: spectrum, template: state, material: material, meshSize: meshSize, impurityDOS: impurityDOS)
    }
}
