import Foundation
import Model
import Preprocess

/// Fits the simulator to a preprocessed grid, starting from the classifier's call
/// (docs/refinement.md): the averaged spectrum fixes Δ0, χ and η/Δ0 and, for E′, chiral against
/// nematic and the nematic angle up to the DOS's symmetry (the domain is the classifier's).
public enum Refiner {
    /// The refinement of `result` for the class of `prediction` (or `channel` when given), with
    /// the DOS on a `meshSize` k-mesh, its error against a mesh twice as fine corrected unless
    /// `correctsMesh` is false (for grids simulated on that very mesh), and the impurities' own
    /// share of the DOS in the model unless `includesImpurityShare` is false (docs/refinement.md §2).
    public static func refine(_ result: PreprocessingResult, prediction: PairingPrediction, channel: PairingChannel? = nil,
                              meshSize: Int = SpectrumFit.defaultMeshSize, correctsMesh: Bool = true,
                              includesImpurityShare: Bool = true) throws -> Refinement {
        try refine(result, template: BestMatch.state(for: prediction, channel: channel),
                   nematicAngle: prediction.parameters["nematic_angle_rad"], meshSize: meshSize, correctsMesh: correctsMesh,
                   includesImpurityShare: includesImpurityShare)
    }

    /// The refinement of `result` for `template`'s channel (and, for E′, both structures; the
    /// nematic angle fitted, reported as the equivalent angle nearest `nematicAngle`, the
    /// classifier's estimate, or else the template's angle).
    public static func refine(_ result: PreprocessingResult, template: PairingState, nematicAngle: PairingPrediction.Estimate? = nil,
                              meshSize: Int = SpectrumFit.defaultMeshSize, correctsMesh: Bool = true,
                              includesImpurityShare: Bool = true) throws -> Refinement {
        let clean = result.cleanSpectrum
        let sigma = clean.uncertainty.flatMap { $0 > 0 ? $0 : nil } ?? 1e-3 * (clean.spectrum.map(abs).max() ?? 1)
        let spectrum = MeasuredSpectrum(energiesMeV: result.energies, values: clean.spectrum,
                                        uncertainty: sigma, gapMeV: result.gap.delta)
        let material = try Material.nbse2()
        // E′: the DOS tells the nodal nematic state from the fully gapped chiral one.
        var templates = [template]
        if template.channel == .ePrime {
            var other = template
            if case .chiral = template.combination {
                other.combination = .nematic(angle: nematicAngle?.value ?? 0)
            } else {
                other.combination = .chiral(sign: 1)
            }
            templates.append(other)
        }
        // Every structure is searched (a nematic E′ one with its angle); the uncertainties are
        // worked out for the best one only.
        var searches: [(SpectrumFit, SpectrumFit.Search)] = []
        var evaluations = 0
        var angleFits: [NematicAngleFit] = []
        for state in templates {
            if state.channel == .ePrime, case .nematic = state.combination {
                let nematic = try NematicAngleFit.run(spectrum: spectrum, template: state, material: material, meshSize: meshSize)
                searches.append((nematic.fit, nematic.search))
                evaluations += nematic.evaluations
                angleFits.append(nematic)
            } else {
                let fit = SpectrumFit(spectrum: spectrum, template: state, material: material, meshSize: meshSize)
                searches.append((fit, try fit.search()))
                evaluations += fit.evaluations
            }
        }
        let (winner, winnerSearch) = searches.min { $0.1.optimum.chiSquare < $1.1.optimum.chiSquare }!
        var stage = RefinementStage(fit: winner, search: winnerSearch, angleFit: angleFits.first { $0.fit === winner },
                                    evaluations: evaluations)
        // The impurities' own share of the averaged DOS (their bound states reach over the
        // field): with V0 from their sites, δN is a fourth linear term (docs/refinement.md §2).
        var impurityShare: ImpurityDOS?
        if includesImpurityShare, let found = try impurityFit(clean.impurities, energiesMeV: spectrum.energiesMeV, template: winner.template,
                                                             at: winnerSearch.optimum, material: material), found.isDetermined {
            let reach = 1.25 * (spectrum.energiesMeV.map(abs).max() ?? 0) / winnerSearch.optimum.delta0MeV
            impurityShare = try ImpurityDOS(state: state(winner.template, at: winnerSearch.optimum), material: material, v0MeV: found.v0MeV,
                                            broadening: winnerSearch.optimum.broadening, reach: reach)
        }
        // The mesh's own error at the optimum, taken off the spectrum (the fit of the finer mesh
        // to first order, docs/refinement.md §4), and the impurities' share added: the fit
        // repeated in its basin — twice where the mesh is corrected, the second time with the
        // error at the corrected optimum; how far that pass moved the parameters is what the
        // correction may still be off by.
        var correction = spectrum.values.map { _ in 0.0 }
        var meshShift: [Double]?
        if correctsMesh || impurityShare != nil {
            for pass in 0 ..< (correctsMesh ? 2 : 1) {
                if correctsMesh { correction = try stage.fit.meshCorrection(at: stage.search.optimum) }
                var variant = winner.corrected(by: correction)
                if let impurityShare { variant = variant.including(impurityShare) }
                let next = try stage.refitted(variant)
                if pass > 0 { meshShift = zip(next.parameters, stage.parameters).map(-) }
                stage = next
            }
        } else {
            stage = try stage.polished()
        }
        let (fit, search, angleFit) = (stage.fit, stage.search, stage.angleFit)
        evaluations = stage.evaluations
        // The impurities' remaining imprint: how far the optimum moves, to first order, between
        // the quieter half's spectrum and the whole field's (docs/refinement.md §5). Where the
        // mesh is not corrected, its whole error is the mesh's shift.
        let imprint = try stage.response(to: zip(clean.fieldAverage, clean.spectrum).map(-))
        if !correctsMesh { meshShift = try stage.response(to: try fit.meshCorrection(at: search.optimum)) }
        let shifts = [imprint, meshShift].compactMap { $0 }
        let best = try fit.uncertainties(of: search, systematicShifts: shifts)
        // A nematic E′ fit's angle is a parameter too: the marginal covariance over it, where the
        // fit's own holds it fixed (docs/refinement.md §5).
        var names = best.names, covariance = best.covariance
        var widening = 1.0
        if case .nematic = fit.template.combination, let angleFit, let marginal = try angleFit.marginalCovariance(scale: best.scale) {
            // χ's profile interval is widened by the ratio of its marginal to its fixed-angle σ.
            if let fixed = best.covariance?[0][0] { widening = max(1, (marginal[0][0] / (fixed - best.chiSystematic * best.chiSystematic)).squareRoot()) }
            (names, covariance) = (names + ["nematic_angle_rad"], CurvatureCovariance.adding(shifts, to: marginal))
        }
        var parameters: [String: Refinement.Parameter] = [:]
        for (i, name) in best.names.enumerated() {
            let value = [best.best.chi, best.best.delta0MeV, best.best.broadening][best.names.count == 3 ? i : i + 1]
            parameters[name] = Refinement.Parameter(value: value, uncertainty: covariance.map { $0[i][i].squareRoot() }, source: "spectrum")
        }
        if let interval = best.chiInterval {
            let statistical = (interval.upperBound - interval.lowerBound) / 2 * widening
            parameters["chi_rad"]?.uncertainty = (statistical * statistical + best.chiSystematic * best.chiSystematic).squareRoot()
        }
        // V0 from the spectra on the impurities' sites, for the state the spectrum found.
        let sites = clean.impurities
        var impurity: Refinement.Impurity?
        if let found = try impurityFit(sites, energiesMeV: spectrum.energiesMeV, template: fit.template, at: best.best, material: material) {
            let determined = found.isDetermined
            if determined {
                parameters["v0_meV"] = Refinement.Parameter(value: found.v0MeV, uncertainty: found.uncertainty, source: "impurity sites")
            }
            impurity = Refinement.Impurity(
                sitesFound: sites.candidates.count, sitesUsed: found.sites,
                sites: zip(sites.candidates, found.chosenCandidates).map { $0[$1] }, explainedFraction: found.explainedFraction,
                determined: determined,
                note: determined ? nil : String(format: "V0 not determined: the on-site model explains %.0f %% of the site spectra's difference from the clean DOS%@ (docs/refinement.md §3)",
                                                100 * found.explainedFraction,
                                                found.interval == nil ? " and does not bound V0" : ", too little for a V0 that weak: the impurity may be strong enough to darken its own site"))
        }
        var combination: String?
        var angleSign = 1.0
        if fit.template.channel == .ePrime {
            func isChiral(_ state: PairingState) -> Bool { if case .chiral = state.combination { return true }; return false }
            let chiral = searches.first { isChiral($0.0.template) }!.1.optimum.chiSquare
            let nematic = searches.first { !isChiral($0.0.template) }!.1.optimum.chiSquare
            // Probability of the chiral structure from the likelihood ratio, equal priors.
            let scale = best.scale
            let p = 1 / (1 + exp((chiral - nematic) / (2 * scale)))
            parameters["chirality"] = Refinement.Parameter(value: p, uncertainty: (p * (1 - p)).squareRoot(), source: "spectrum")
            if case .nematic = fit.template.combination, let angleFit {
                // The spectrum's angle, as the equivalent one nearest the maps' (the classifier's).
                var reference = 0.0
                if case .nematic(let angle) = template.combination { reference = angle }
                let angle = NematicAngleFit.representative(of: angleFit.spectralAngle, nearest: nematicAngle?.value ?? reference)
                let marginal = names.last == "nematic_angle_rad" ? covariance.map { $0[3][3].squareRoot() } : nil
                parameters["nematic_angle_rad"] = Refinement.Parameter(
                    value: angle, uncertainty: marginal ?? angleFit.curvature.map { (2 * best.scale / $0).squareRoot() }, source: "spectrum")
                // The reported angle is −φ + kπ/3 where the mirror image was nearer: its
                // correlations change sign.
                let steps = (angle - angleFit.spectralAngle) / (Double.pi / 3)
                angleSign = abs(steps - steps.rounded()) < 1e-9 ? 1 : -1
                combination = String(format: "nematic %.3f rad", angle)
            } else {
                combination = "chiral"
            }
        }
        var correlations: [String: [String: Double]] = [:]
        if let c = covariance {
            func sign(_ name: String) -> Double { name == "nematic_angle_rad" ? angleSign : 1 }
            for (i, a) in names.enumerated() {
                for (j, b) in names.enumerated() where i != j {
                    correlations[a, default: [:]][b] = sign(a) * sign(b) * c[i][j] / (c[i][i] * c[j][j]).squareRoot()
                }
            }
        }
        return Refinement(
            channel: fit.template.channel.rawValue, combination: combination, parameters: parameters, correlations: correlations,
            converged: best.converged, chi2PerDof: best.chiSquarePerDegreeOfFreedom,
            evaluations: evaluations, meshSize: fit.meshSize, meshCorrected: correctsMesh,
            spectrum: Refinement.Spectrum(energiesMeV: spectrum.energiesMeV, measured: spectrum.values,
                                          fitted: zip(try fit.model(best.best, energies: spectrum.energiesMeV), correction).map(+),
                                          uncertainty: sigma,
                                          modelError: best.modelError, residualCorrelation: best.residualCorrelation,
                                          excludedFraction: clean.excludedFraction,
                                          impurityShare: impurityShare.map { share in
                                              let c = best.best.coefficients
                                              return Refinement.ImpurityShare(v0MeV: share.v0MeV, densityPerSite: c[3] / c[0])
                                          }),
            chiProfile: best.chiProfile.isEmpty ? nil : best.chiProfile.map { [$0.chi, $0.chiSquare] }, impurity: impurity)
    }

    /// V0 from the spectra on `sites` for `template` at the spectrum fit's `point` (`ImpurityFit`).
    private static func impurityFit(_ sites: ImpuritySites, energiesMeV: [Double], template: PairingState, at point: SpectrumFit.Point,
                                    material: Material) throws -> ImpurityFit? {
        try ImpurityFit.run(candidates: sites.spectra, energiesMeV: energiesMeV, state: state(template, at: point), material: material,
                            delta0MeV: point.delta0MeV, broadening: point.broadening)
    }

    /// `template` at the spectrum fit's χ.
    private static func state(_ template: PairingState, at point: SpectrumFit.Point) -> PairingState {
        var state = template
        state.mixAngle = point.chi
        return state
    }
}
