import ArgumentParser
import Foundation
import Formats
import Preprocess
import QPICore

/// `qpi preprocess INPUT --out OUTPUT.h5`: from a raw grid to maps in the common q-frame.
struct PreprocessCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "preprocess",
        abstract: "Drift-correct, normalise, Fourier-transform and frame a spectroscopic grid.",
        discussion: """
            Steps, each recorded in the output: Bragg peaks of the topograph, Lawler–Fujita drift correction, normalisation, FFT into the common q-frame, gap estimate, maps at ω/Δ, symmetrisation. Energies are in meV; lengths in lattice constants where stated.

            A single image (a topograph with its simultaneous channels, e.g. an .sxm) gets the lattice part: Bragg peaks, lattice constant and angle, drift correction of every channel, and the corrected topograph with its Fourier amplitude.

            Examples:
              qpi preprocess grid.3ds --out grid_pre.h5
              qpi preprocess grid.3ds --out pre.h5 --gap 1.2 --symmetrize C6v --normalize feenstra
              qpi preprocess grid.3ds --out pre.h5 --topograph topo.sxm --ratios 0.5,1.0
              qpi preprocess topograph.sxm --out topo.h5 --lattice square
            """)

    @Argument(help: "The grid or image to process (Nanonis .3ds/.sxm, QPIKit HDF5, TIFF/PNG stacks with --energies …).")
    var input: String
    @Option(help: "Output HDF5 file; PNG previews are written next to it.")
    var out: String
    @Option(help: "Symmetrisation of /entry/qmaps/qmaps (qmaps_raw stays unsymmetrised): none, mirror, C3, C3v, C6, C6v.")
    var symmetrize: SymmetryGroup = .none
    @Option(help: "Energies of the output maps in units of Δ (ω/Δ): a list or START:STOP:COUNT.")
    var ratios: String = EnergyAxis.defaultRatios.map { "\($0)" }.joined(separator: ",")
    @OptionGroup var preprocessing: PreprocessingOptionGroup

    func validate() throws {
        guard let list = NumberList.parse(ratios), !list.isEmpty, list.allSatisfy({ $0 != 0 && $0.isFinite }) else {
            throw ValidationError("--ratios must be non-zero numbers (ω/Δ, negative below the Fermi level): a list or START:STOP:COUNT, written --ratios=-1.2,… when it starts with a minus")
        }
        try OutputPath.require(out)
    }

    var options: PreprocessingOptions {
        var o = preprocessing.options
        o.symmetry = symmetrize
        o.ratios = NumberList.parse(ratios)!
        return o
    }

    func run() throws {
        let start = Date()
        let dataset = try DataFormat.read(path: input, options: preprocessing.inputOptions.readOptions)
        if !dataset.isGrid { return try preprocessImage(dataset) }
        let image = try preprocessing.topograph.map(Topograph.read(path:))
        let result: PreprocessingResult
        do { result = try Preprocessor.run(consume dataset, topograph: image, options: options) } catch let failure as PreprocessError {
            throw failure.naming(input)
        }
        try result.writeHDF5(to: out)
        let stem = (out as NSString).deletingPathExtension
        let m = result.options.frame.pixels
        try PNGPreview.write(result.symmetrised.maps, width: m, height: m, to: stem + "_qmaps.png")
        try PNGPreview.write([result.topograph.values.map(Float.init)], width: result.topograph.columns,
                             height: result.topograph.rows, to: stem + "_topograph.png")
        Logs.logger.info("preprocessed \(input) in \(Date().timeIntervalSince(start)) s")
        print(String(format: "lattice a = %.3f nm (angle %.1f°), Δ = %.3f meV (%@), %d maps at ω/Δ = %@",
                     result.latticeConstant * 1e9, result.latticeAngle, result.gap.delta, result.gap.method.rawValue,
                     result.maps.maps.count, ratios))
        print("wrote \(out), \(stem)_qmaps.png, \(stem)_topograph.png")
    }

    /// The lattice part alone, for a single image.
    func preprocessImage(_ image: Dataset) throws {
        let result: ImagePreprocessingResult
        do { result = try ImagePreprocessor.run(image, options: options) } catch let failure as PreprocessError {
            throw failure.naming(input)
        }
        try result.writeHDF5(to: out)
        let stem = (out as NSString).deletingPathExtension
        let topograph = result.lattice.topograph
        try PNGPreview.write([topograph.values.map(Float.init)], width: topograph.columns, height: topograph.rows, to: stem + "_topograph.png")
        try PNGPreview.write([result.fourier.values.map { Float(log(1 + $0)) }], width: result.fourier.columns,
                             height: result.fourier.rows, to: stem + "_fft.png")
        print(String(format: "lattice a = %.4f nm (angle %.1f°, %@), %d Bragg peaks; sharpness %@ → %@",
                     result.lattice.latticeConstant * 1e9, result.lattice.latticeAngle, options.lattice.rawValue,
                     result.lattice.braggPeaks.count,
                     result.lattice.sharpnessBefore.map { String(format: "%.2f", $0) }.joined(separator: "/"),
                     result.lattice.sharpnessAfter.map { String(format: "%.2f", $0) }.joined(separator: "/")))
        if let period = result.superstructure.period {
            let count = result.superstructure.peaks.filter { $0.period == period }.count
            print(String(format: "superstructure: %d × %d (%d peaks at multiples of b/%d; strongest %.2f of the Bragg peaks' amplitude)",
                         period, period, count, period, result.superstructure.peaks[0].relativeAmplitude))
        }
        print("wrote \(out), \(stem)_topograph.png, \(stem)_fft.png")
    }
}
