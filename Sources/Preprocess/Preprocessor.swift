import Foundation
import Formats
import Logging
import QPICore

private let logger = Logger(label: "qpi.preprocess")

/// The preprocessing pipeline: from a raw grid to drift-corrected, normalised maps in the common
/// q-frame at the energies (in units of the gap) the classifier expects. Every step is recorded
/// as a `ProcessStep` of the corrected grid.
public enum Preprocessor {
    /// Runs the pipeline on `dataset`, with an optional external `topograph` (same pixel grid).
    /// The grid is corrected in place and its layers are transformed one at a time, so a caller
    /// that hands over its last copy (`consume`) keeps about one grid in memory.
    public static func run(_ dataset: consuming Dataset, topograph external: Image2D? = nil,
                           options: PreprocessingOptions = PreprocessingOptions()) throws -> PreprocessingResult {
        guard let sweep = dataset.sweep, dataset.layerCount >= 1 else { throw PreprocessError("preprocessing needs a spectral grid, not an image") }
        guard let scale = ["V": 1000.0, "mV": 1.0, "meV": 1.0][sweep.unit] else {
            throw PreprocessError("the sweep is '\(sweep.name)' in '\(sweep.unit)'; preprocessing needs a bias sweep in V or mV")
        }
        let channel = try conductanceChannel(dataset, name: options.channel)
        let (rows, columns) = (dataset.y.count, dataset.x.count)
        guard rows >= 16, columns >= 16 else { throw PreprocessError("a \(columns) × \(rows) grid is too small for Bragg peaks and QPI") }
        var steps: [ProcessStep] = []
        var clock = DispatchTime.now().uptimeNanoseconds
        func record(_ step: String, _ parameters: [String: ProcessStep.Value]) {
            steps.append(ProcessStep(step: step, parameters: parameters))
            let now = DispatchTime.now().uptimeNanoseconds
            logger.debug("\(step): \(Double(now - clock) / 1e6) ms")
            clock = now
        }

        // Topograph, lattice and drift correction.
        let (rawTopograph, source) = try topograph(dataset, channel: channel, external: external)
        let lattice = try LatticeCorrection.measure(&dataset, topograph: rawTopograph, source: source, options: options, record: record)
        let (topograph, mapPeaks) = (lattice.topograph, lattice.commensuratePeaks)

        // Conductance in meV, normalised. Steps along the energy axis need the whole stack in
        // doubles; without them every layer goes its own way from the grid's Float32 channel.
        let energies = sweep.values.map { $0 * scale }
        let conductance = dataset.channel(named: channel)!.data
        let wholeSpectra = options.biasOffsetCorrection || options.lockInCalibration || ![.none, .mean].contains(options.normalization)
        var stack = wholeSpectra ? SpectralStack(energies: energies, rows: rows, columns: columns, values: conductance.map(Double.init)) : nil
        if options.biasOffsetCorrection, let uncorrected = stack {
            let current = try currentStack(dataset, options: options, energies: energies)
            guard let offset = BiasOffset.estimate(current: current) else { throw PreprocessError("the averaged current never crosses zero: no bias offset to correct") }
            stack = BiasOffset.corrected(uncorrected, offset: offset)
            record("bias-offset", ["offset_meV": .number(offset)])
        }
        if options.lockInCalibration, let uncalibrated = stack {
            let current = try currentStack(dataset, options: options, energies: uncalibrated.energies)
            guard let fit = LockInCalibration.fit(lockIn: uncalibrated, current: current) else {
                throw PreprocessError("lock-in calibration needs at least three energies and a varying current")
            }
            stack = LockInCalibration.apply(uncalibrated, scale: fit.scale, offset: fit.offset)
            record("lock-in-calibration", ["scale_current_per_meV": .number(fit.scale), "offset": .number(fit.offset)])
        }
        let spectrumOfStack = stack.map { ($0.averageSpectrum, $0.averageSpectrumUncertainty()) }
        let clean = Self.cleanSpectrum(stack: stack, conductance: conductance, rows: rows, columns: columns, lattice: lattice)
        record("clean-spectrum", ["excluded_fraction": .number(clean.excludedFraction), "kept_fraction": .number(CleanSpectrum.keptFraction),
                                  "smoothing_lattice_constants": 1])
        switch options.normalization {
        case .none: break
        case .mean:
            stack = stack.map(MeanSubtraction.apply)
            record("normalisation", ["method": "mean subtraction per layer"])
        case .feenstra:
            let current = try currentStack(dataset, options: options, energies: energies)
            stack = FeenstraNormalization.apply(conductance: stack!, current: current, broadening: options.feenstraBroadening)
            record("normalisation", ["method": "Feenstra (dI/dV)/(I/V)", "broadening_meV": .number(options.feenstraBroadening)])
        case .zmap, .rmap:
            let ratioSource = options.normalization == .zmap ? stack! : try currentStack(dataset, options: options, energies: stack!.energies)
            stack = EnergyRatioMaps.ratio(ratioSource)
            guard !stack!.energies.isEmpty else { throw PreprocessError("\(options.normalization.rawValue) needs energies recorded at both +E and −E") }
            record("normalisation", ["method": options.normalization == .zmap ? "Z map g(+E)/g(−E)" : "R map I(+E)/I(−E)",
                                     "energies_kept": .number(Double(stack!.energies.count))])
        }
        let layers: ConductanceLayers = stack.map { .stack($0) }
            ?? .channel(conductance, rows: rows, columns: columns, subtractingMean: options.normalization == .mean)
        let layerEnergies = stack?.energies ?? energies
        var mask: [Bool]?
        if let threshold = options.defectThreshold {
            let m = DefectMask.mask(topograph, threshold: threshold)
            mask = m
            record("defect-mask", ["threshold_sigma": .number(threshold), "masked_pixels": .number(Double(m.filter { $0 }.count))])
        }

        // Fourier amplitude in the common frame, layer by layer.
        let pass = layers.pass(mask: mask, window: options.window, dcRadius: options.dcRadius,
                               sampler: options.frame.sampler(peaks: mapPeaks, lattice: options.lattice, rows: rows, columns: columns))
        let layerMaps = pass.maps
        let (averageSpectrum, averageSpectrumUncertainty) = spectrumOfStack
            ?? (pass.means!, pass.blockVariances.map(SpectralStack.pooledUncertainty))
        record("fft-frame", ["window": "\(options.window)", "dc_radius_pixels": .number(options.dcRadius),
                             "frame_half_width_b": .number(options.frame.halfWidth), "frame_pixels": .number(Double(options.frame.pixels))])

        // Gap and energy axis.
        let gap: GapEstimate
        if let delta = options.delta {
            gap = .given(delta)
        } else if let estimate = Self.estimateGap(energies: layerEnergies, spectrum: averageSpectrum, ratios: options.ratios) {
            gap = estimate
        } else {
            throw PreprocessError("no coherence peak in the averaged spectrum: give the gap with --gap")
        }
        record("gap", ["delta_meV": .number(gap.delta), "method": .string(gap.method.rawValue)])
        let qmapsRaw = try EnergyAxis.resample(maps: layerMaps, energies: layerEnergies, delta: gap.delta, ratios: options.ratios)
        let symmetrised = qmapsRaw.map { options.frame.symmetrize($0, group: options.symmetry) }
        record("energy-axis", ["ratios": .numbers(options.ratios), "interpolation": "linear"])
        record("symmetrisation", ["group": .string(options.symmetry.rawValue)])
        dataset.metadata.provenance += steps
        let maps = QMapStack(maps: qmapsRaw, frame: options.frame, ratios: options.ratios, gap: gap,
                             provenance: dataset.metadata.provenance)
        var symmetrisedMaps = maps
        symmetrisedMaps.maps = symmetrised.map(\.map)
        symmetrisedMaps.symmetry = options.symmetry

        return PreprocessingResult(
            corrected: dataset, channel: channel, lattice: lattice, energies: layerEnergies,
            averageSpectrum: averageSpectrum, averageSpectrumUncertainty: averageSpectrumUncertainty, cleanSpectrum: clean, layerMaps: layerMaps, maps: maps, symmetrised: symmetrisedMaps,
            counts: symmetrised.map(\.counts), defectMask: mask, options: options)
    }

    /// The averaged spectrum away from impurities of the whole-spectra `stack` where there is
    /// one, else of the float `conductance` channel, smoothed over one lattice constant (from the
    /// Bragg peaks: a = |b| / |q| with |b| = 4π/√3 in units of 1/a; 4 pixels without them), its
    /// impurity sites on the atoms of the corrected topograph.
    static func cleanSpectrum(stack: SpectralStack?, conductance: [Float], rows: Int, columns: Int,
                              lattice: LatticeCorrection) -> CleanSpectrum {
        let bragg = lattice.braggPeaks.map(\.length).filter { $0 > 0 }
        let latticePixels = bragg.isEmpty ? 4 : LatticeGeometry.braggLength / (bragg.reduce(0, +) / Double(bragg.count))
        let layers = conductance.count / (rows * columns)
        let atoms = AtomLattice(topograph: lattice.topograph, peaks: lattice.commensuratePeaks)
        if let stack {
            return stack.values.withUnsafeBufferPointer {
                CleanSpectrum.measure($0, layers: stack.energies.count, rows: rows, columns: columns, smoothingPixels: latticePixels,
                                      atoms: atoms)
            }
        }
        return conductance.withUnsafeBufferPointer {
            CleanSpectrum.measure($0, layers: layers, rows: rows, columns: columns, smoothingPixels: latticePixels, atoms: atoms)
        }
    }

    /// The conductance channel: the one named, else a lock-in or dI/dV channel, else the first
    /// forward channel that is not current, bias or height.
    static func conductanceChannel(_ dataset: Dataset, name: String?) throws -> String {
        if let name {
            guard let channel = dataset.channel(named: name) else {
                throw PreprocessError("no channel '\(name)'; the grid has \(dataset.channels.map(\.datasetName).joined(separator: ", "))")
            }
            return channel.datasetName
        }
        let forward = dataset.channels.filter { $0.direction == .forward }
        let lowered = { (c: Channel) in c.name.lowercased() }
        if let c = forward.first(where: { lowered($0).contains("didv") || lowered($0).contains("conductance") || lowered($0).hasPrefix("li") }) {
            return c.datasetName
        }
        if let c = forward.first(where: { !["current", "bias", "z"].contains(lowered($0)) }) { return c.datasetName }
        throw PreprocessError("no conductance channel found; name one with --channel")
    }

    /// The topograph: the external one, else a per-pixel height parameter, else the
    /// layer-averaged conductance.
    static func topograph(_ dataset: Dataset, channel: String, external: Image2D?) throws -> (Plane, String) {
        let (rows, columns) = (dataset.y.count, dataset.x.count)
        if let external {
            guard external.x.count == columns, external.y.count == rows else {
                throw PreprocessError("the topograph is \(external.x.count) × \(external.y.count), the grid \(columns) × \(rows)")
            }
            return (Plane(rows: rows, columns: columns, values: external.values.map(Double.init)), "external \(external.name)")
        }
        for name in ["Z", "Topography", "Scan:Z"] {
            if let p = dataset.parameters.first(where: { $0.name == name }), Set(p.values).count > 1, p.values.allSatisfy(\.isFinite) {
                return (Plane(rows: rows, columns: columns, values: p.values.map(Double.init)), "per-pixel parameter \(name)")
            }
        }
        let data = dataset.channel(named: channel)!.data, n = rows * columns
        let average = (0..<n).map { i in (0..<dataset.layerCount).reduce(0.0) { $0 + Double(data[$1 * n + i]) } / Double(dataset.layerCount) }
        return (Plane(rows: rows, columns: columns, values: average), "layer average of \(channel)")
    }

    static func currentStack(_ dataset: Dataset, options: PreprocessingOptions, energies: [Double]) throws -> SpectralStack {
        guard let current = dataset.channel(named: options.currentChannel ?? "Current") else {
            throw PreprocessError("this step needs the current channel; name it with --current-channel")
        }
        return SpectralStack(energies: energies, rows: dataset.y.count, columns: dataset.x.count, values: current.data.map(Double.init))
    }

    /// Lattice constant (m) and the angle between the real-space lattice vectors (degrees; 60° or
    /// 90° when undistorted) from the first two Bragg peaks: a_i · b_j = 2π δ_ij.
    static func realSpaceLattice(_ peaks: [BraggPeak], lattice: LatticeKind, pixel: Double) -> (Double, Double) {
        let (b1, b2) = (peaks[0].vector, peaks[1].vector)
        let det = b1.x * b2.y - b1.y * b2.x
        let a1 = 2 * Double.pi * SIMD2(b2.y, -b2.x) / det, a2 = 2 * Double.pi * SIMD2(-b1.y, b1.x) / det
        let l1 = (a1 * a1).sum().squareRoot(), l2 = (a2 * a2).sum().squareRoot()
        let angle = acos(max(-1, min(1, (a1 * a2).sum() / (l1 * l2)))) * 180 / Double.pi
        // Report the acute angle for hexagonal lattices (60° when undistorted).
        return ((l1 + l2) / 2 * pixel, lattice == .hexagonal ? min(angle, 180 - angle) : angle)
    }

    /// Fraction of the power within 2 Fourier pixels of each Bragg pixel that sits on it, with a
    /// Hann window against edge leakage (a perfectly sharp peak then scores 0.44); one
    /// transform serves every peak.
    static func sharpness(_ plane: Plane, at peaks: [BraggPeak]) -> [Double] {
        let magnitude = Fourier.magnitude(Window.hann.apply(to: plane.subtractingMean()))
        let (rows, columns) = (plane.rows, plane.columns)
        return peaks.map { peak in
            let (ky, kx) = Fourier.nearestIndex(peak.vector, rows: rows, columns: columns)
            var total = 0.0
            for dy in -2...2 { for dx in -2...2 {
                let v = magnitude[((ky + dy) % rows + rows) % rows, ((kx + dx) % columns + columns) % columns]
                total += v * v
            } }
            let centre = magnitude[(ky % rows + rows) % rows, (kx % columns + columns) % columns]
            return total > 0 ? centre * centre / total : 0
        }
    }

    /// The gap from the averaged spectrum; when its peaks lie so far out that the maps at
    /// `ratios` × Δ would leave the sweep (a sloped background can put the largest maximum at the
    /// sweep's edge), the estimate is repeated with the peaks searched only up to the largest gap
    /// the sweep allows.
    static func estimateGap(energies: [Double], spectrum: [Double], ratios: [Double]) -> GapEstimate? {
        let reach = EnergyAxis.largestGap(energies: energies, ratios: ratios)
        if let estimate = GapEstimate.estimate(energies: energies, spectrum: spectrum), estimate.delta <= reach { return estimate }
        return GapEstimate.estimate(energies: energies, spectrum: spectrum, maximumEnergy: reach)
    }
}
