import Analysis
import ArgumentParser
import Foundation
import Formats
import Model
import QPICore

/// `qpi fit`: the simulator fitted to a measured grid, with 1σ uncertainties.
struct Fit: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Fit the simulator to a QPI grid: Δ0, χ, η, the E′ structure and V0 with 1σ uncertainties.",
        discussion: """
            Preprocesses the grid, takes the classifier's call (or the channel given with --class) and fits the simulator's averaged spectrum — A·N(E/Δ0; χ, η/Δ0) plus a linear background — to the measured one, averaged over the half of the field farthest from impurities, with its uncertainty estimated from the grid itself (docs/refinement.md). χ is searched over its whole period; its 1σ interval comes from the profile likelihood, with the noise taken from the fit's residuals, and systematic shifts are added (how far the result moves between the quiet half's and the whole field's average, and with the k-mesh's correction). The impurity strength V0 (with its sign) is fitted to the spectra on the impurities' own sites; where they determine it, the impurities' own DOS change at that V0 joins the model and the fit is repeated. Writes OUT (HDF5: measured and fitted spectra, the χ profile, the parameters and provenance) and prints the parameter table.

            Examples:
              qpi fit grid.3ds --out fit.h5
              qpi fit grid.h5 --class A2p --out fit.h5 --json
              qpi fit simulated.h5 --mesh 256 --exact-mesh --out fit.h5
            """)

    @Argument(help: "The grid (Nanonis .3ds, QPIKit HDF5, TIFF/PNG stacks …).")
    var input: String
    @Option(name: .customLong("class"), help: "Fit this pairing channel instead of the classifier's call (A1p, A2p, Ep, A1pp, A2pp, Epp).")
    var pairing: PairingChannel?
    @Option(help: "k-mesh size of the fitted DOS (even; docs/refinement.md compares meshes; below 256 add --exact-mesh).")
    var mesh = SpectrumFit.defaultMeshSize
    @Flag(help: "Fit the DOS of --mesh as it is, without correcting its error against a mesh twice as fine (for grids simulated on that very mesh; docs/refinement.md §4).")
    var exactMesh = false
    @Flag(name: .customLong("no-impurity-share"), help: "Fit the clean DOS alone, without the impurities' own share of the averaged spectrum (docs/refinement.md §2).")
    var noImpurityShare = false
    @Option(help: "Output HDF5 file.")
    var out: String
    @Flag(help: "Print the refinement as JSON instead of a table.")
    var json = false
    @OptionGroup var options: AnalysisOptionGroup

    func validate() throws {
        guard out.hasSuffix(".h5") || out.hasSuffix(".hdf5") || out.hasSuffix(".nxs") else {
            throw ValidationError("--out must name an HDF5 file (.h5, .hdf5 or .nxs), got \(out)")
        }
        guard mesh >= 16, mesh <= 1024, mesh % 4 == 0 else { throw ValidationError("--mesh must be a multiple of 4 in 16…1024, got \(mesh)") }
    }

    func run() throws {
        let stages = StageReporter(total: 3)
        stages.next("reading and preprocessing \(input)")
        let model = try LoadedModel.load(path: options.model)
        let prepared = try PreparedMaps.load(input, request: options.request, model: model.classifier.metadata, forceRaw: true)
        guard let result = prepared.result else { throw AnalysisError(path: input, "no grid to fit") }
        stages.next("classifying")
        let (prediction, _) = try model.classify(prepared)
        stages.next("fitting the simulator")
        let refinement = try Refiner.refine(result, prediction: prediction, channel: pairing, meshSize: mesh, correctsMesh: !exactMesh,
                                            includesImpurityShare: !noImpurityShare)
        try refinement.writeHDF5(to: out, input: input, provenance: result.maps.provenance)
        stages.finish()
        if json {
            print(try JSONCoding.encode(refinement))
            return
        }
        print("\(input): \(refinement.channel)\(refinement.combination.map { " (\($0))" } ?? "")"
              + String(format: ", χ²/dof = %.2f%@", refinement.chi2PerDof, refinement.converged ? "" : ", NOT converged"))
        for (name, parameter) in refinement.parameters.sorted(by: { $0.key < $1.key }) {
            print("  " + parameter.text(name: name))
        }
        if let share = refinement.spectrum.impurityShare { print("  " + share.text) }
        if let note = refinement.impurity?.note { print("  " + note) }
        print("wrote \(out)")
    }
}
