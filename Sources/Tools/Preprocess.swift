import ArgumentParser
import Foundation
import Formats
import Preprocess

/// `qpi preprocess INPUT --out OUTPUT.h5`: from a raw grid to maps in the common q-frame.
struct PreprocessCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "preprocess",
        abstract: "Drift-correct, normalise, Fourier-transform and frame a spectroscopic grid.",
        discussion: """
            Steps (each recorded in the output): Bragg peaks of the topograph, Lawler–Fujita drift
            correction, normalisation, FFT into the common q-frame, gap estimate, maps at ω/Δ,
            symmetrisation. Energies in meV; lengths in lattice constants where stated.

            Examples:
              qpi preprocess grid.3ds --out grid_pre.h5
              qpi preprocess grid.3ds --out pre.h5 --delta 1.2 --symmetrize C6v --normalize feenstra
              qpi preprocess grid.3ds --out pre.h5 --topograph topo.sxm --ratios 0.5,1.0
            """)

    @Argument(help: "The grid to process (Nanonis .3ds, QPIKit HDF5, TIFF/PNG stacks with --energies …).")
    var input: String
    @Option(help: "Output HDF5 file; PNG previews are written next to it.")
    var out: String
    @Option(help: "Conductance channel (default: a lock-in or dI/dV channel).")
    var channel: String?
    @Option(name: .customLong("current-channel"), help: "Current channel for Feenstra and bias-offset steps.")
    var currentChannel: String?
    @Option(help: "Topograph file on the same pixel grid (default: the grid's Z parameter or its layer average).")
    var topograph: String?
    @Option(help: "Lattice: hexagonal or square.")
    var lattice: String = "hexagonal"
    @Flag(name: .customLong("no-drift"), help: "Skip the Lawler–Fujita drift correction.")
    var noDrift = false
    @Option(name: .customLong("filter-length"), help: "Lock-in filter width in lattice constants.")
    var filterLength: Double = 1.0
    @Option(help: "Normalisation: none, mean, feenstra, zmap (g(+E)/g(−E)), rmap (I(+E)/I(−E)).")
    var normalize: String = "mean"
    @Option(name: .customLong("feenstra-broadening"), help: "Feenstra broadening ΔV in meV.")
    var feenstraBroadening: Double = 5
    @Flag(name: .customLong("bias-offset"), help: "Correct the bias offset from the averaged current.")
    var biasOffset = false
    @Flag(name: .customLong("calibrate-lockin"), help: "Calibrate the lock-in channel against the numerical dI/dV of the current.")
    var calibrateLockIn = false
    @Option(name: .customLong("mask-defects"), help: "Mask topograph outliers beyond this many robust σ.")
    var maskDefects: Double?
    @Option(help: "Window before the FFT: hann, none, or tukey:ALPHA.")
    var window: String = "hann"
    @Option(help: "Symmetrisation: none, mirror, C3, C3v, C6, C6v.")
    var symmetrize: String = "none"
    @Option(help: "Gap Δ in meV (default: estimated from the averaged spectrum).")
    var delta: Double?
    @Option(help: "Energies of the output maps in units of Δ, comma-separated.")
    var ratios: String = EnergyAxis.defaultRatios.map { "\($0)" }.joined(separator: ",")
    @OptionGroup var inputOptions: InputOptions

    func validate() throws {
        guard LatticeKind(rawValue: lattice) != nil else { throw ValidationError("--lattice must be hexagonal or square") }
        guard PreprocessingOptions.Normalization(rawValue: normalize) != nil else { throw ValidationError("--normalize must be none, mean, feenstra, zmap or rmap") }
        guard SymmetryGroup(name: symmetrize) != nil else { throw ValidationError("--symmetrize must be none, mirror, C3, C3v, C6 or C6v") }
        guard parsedWindow != nil else { throw ValidationError("--window must be hann, none or tukey:ALPHA") }
        guard let list = parsedRatios, !list.isEmpty, list.allSatisfy({ $0 > 0 }) else { throw ValidationError("--ratios must be positive numbers, comma-separated") }
        guard filterLength > 0 else { throw ValidationError("--filter-length must be positive") }
        if let delta, delta <= 0 { throw ValidationError("--delta must be positive (meV)") }
        guard out.hasSuffix(".h5") || out.hasSuffix(".hdf5") || out.hasSuffix(".nxs") else { throw ValidationError("--out must end in .h5, .hdf5 or .nxs") }
    }

    var parsedRatios: [Double]? {
        NumberList.parse(ratios)
    }

    var parsedWindow: Window? {
        if window == "hann" { return .hann }
        if window == "none" { return Window.none }
        if window.hasPrefix("tukey:"), let alpha = Double(window.dropFirst(6)), alpha >= 0, alpha <= 1 { return .tukey(alpha: alpha) }
        return nil
    }

    var options: PreprocessingOptions {
        var o = PreprocessingOptions()
        o.channel = channel
        o.currentChannel = currentChannel
        o.lattice = LatticeKind(rawValue: lattice)!
        o.driftCorrection = !noDrift
        o.filterLength = filterLength
        o.normalization = PreprocessingOptions.Normalization(rawValue: normalize)!
        o.feenstraBroadening = feenstraBroadening
        o.biasOffsetCorrection = biasOffset
        o.lockInCalibration = calibrateLockIn
        o.defectThreshold = maskDefects
        o.window = parsedWindow!
        o.symmetry = SymmetryGroup(name: symmetrize)!
        o.delta = delta
        o.ratios = parsedRatios!
        return o
    }

    func run() throws {
        let start = Date()
        let dataset = try DataFormat.read(path: input, options: inputOptions.readOptions)
        var image: Image2D?
        if let topograph {
            let topo = try DataFormat.read(path: topograph)
            guard let z = topo.channel(named: "Z") ?? topo.channels.first else {
                throw FormatError(.invalidRequest, path: topograph, "no channel to use as topograph")
            }
            image = topo.image(of: z)
        }
        let result: PreprocessingResult
        do { result = try Preprocessor.run(dataset, topograph: image, options: options) } catch let failure as Preprocessor.Failure {
            throw FormatError(.invalidRequest, path: input, failure.description)
        }
        try result.writeHDF5(to: out)
        let stem = (out as NSString).deletingPathExtension
        let m = result.options.frame.pixels
        try PNGPreview.write(result.qmaps, width: m, height: m, to: stem + "_qmaps.png")
        try PNGPreview.write([result.topograph.values.map(Float.init)], width: result.topograph.columns,
                             height: result.topograph.rows, to: stem + "_topograph.png")
        Logs.logger.info("preprocessed \(input) in \(Date().timeIntervalSince(start)) s")
        print(String(format: "lattice a = %.3f nm (angle %.1f°), Δ = %.3f meV (%@), %d maps at ω/Δ = %@",
                     result.latticeConstant * 1e9, result.latticeAngle, result.gap.delta, result.gap.method.rawValue,
                     result.qmaps.count, ratios))
        print("wrote \(out), \(stem)_qmaps.png, \(stem)_topograph.png")
    }
}
