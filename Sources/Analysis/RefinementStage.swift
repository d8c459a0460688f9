import Model

/// The winning structure's spectrum fit as the refinement goes on (docs/refinement.md §§2–5):
/// its search and, for a nematic E′ state, the fit of its angle.
struct RefinementStage {
    var fit: SpectrumFit
    var search: SpectrumFit.Search
    /// The angle's fit where the winner is a nematic E′ state.
    var angleFit: NematicAngleFit?
    /// Model spectra computed so far, over every structure.
    var evaluations: Int

    /// The parameters in the order of the shifts: (χ where fitted,) Δ0, η/Δ0 (, the spectral angle).
    var parameters: [Double] {
        let optimum = search.optimum
        return (fit.fitsMixing ? [optimum.chi] : []) + [optimum.delta0MeV, optimum.broadening] + [angleFit?.spectralAngle].compactMap { $0 }
    }

    /// The same structure fitted to `variant` (its spectrum less a mesh correction, or with the
    /// impurities' share) in the optimum's basin; a nematic state's angle refitted and polished.
    func refitted(_ variant: SpectrumFit) throws -> RefinementStage {
        if let angleFit {
            let refitted = try angleFit.refitted(variant).polished()
            return RefinementStage(fit: refitted.fit, search: refitted.search, angleFit: refitted, evaluations: evaluations + refitted.evaluations)
        }
        let search = try variant.search(near: search.optimum)
        return RefinementStage(fit: variant, search: search, angleFit: nil, evaluations: evaluations + variant.evaluations)
    }

    /// A nematic state with its angle polished (`NematicAngleFit.polished`); any other unchanged.
    func polished() throws -> RefinementStage {
        guard let angleFit else { return self }
        let polished = try angleFit.polished()
        return RefinementStage(fit: polished.fit, search: polished.search, angleFit: polished,
                               evaluations: evaluations + polished.evaluations - angleFit.evaluations)
    }

    /// How the parameters move, to first order, when `perturbation` is added to the spectrum
    /// (with a nematic state's angle free; `SpectrumFit.response`, `NematicAngleFit.response`).
    func response(to perturbation: [Double]) throws -> [Double]? {
        if let angleFit { return try angleFit.response(to: perturbation) }
        return try fit.response(to: perturbation, at: search.optimum)
    }
}
