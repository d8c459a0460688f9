import Analysis
import ArgumentParser
import Foundation
import Formats
import QPICore
import Model

/// `qpi classify`: the pairing channel of a QPI data set.
struct Classify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Name the pairing channel of a QPI data set, with calibrated probabilities.",
        discussion: """
            INPUT is a file written by qpi preprocess, whose unsymmetrised maps are used as they are, or a raw grid, which is then preprocessed with the options below (gap from the averaged spectrum unless --gap is given). Classes: A1', A2', E', A1''+A2''+E'' (the unitary in-plane triplets, indistinguishable without Rashba coupling) and E''(non-unitary).

            Examples:
              qpi classify grid_pre.h5
              qpi classify grid.3ds --gap 1.2 --json
            """)

    @Argument(help: "Preprocessed HDF5 file or raw grid.")
    var input: String
    @Flag(help: "Print the summary object as JSON instead of a table.")
    var json = false
    @OptionGroup var options: AnalysisOptionGroup

    func run() throws {
        let model = try LoadedModel.load(path: options.model)
        let prepared = try PreparedMaps.load(input, request: options.request, model: model.classifier.metadata)
        let (prediction, screening) = try model.classify(prepared)
        let summary = try AnalysisSummary(path: input, prepared: prepared, prediction: prediction, screening: screening, model: model)
        if json {
            print(try JSONCoding.encode(summary))
            return
        }
        print("\(input): \(prepared.format)" + (prepared.stack.gap.map { String(format: ", Δ = %.3f meV (%@)", $0.delta, $0.method.rawValue) } ?? ""))
        print("pairing channel: \(prediction.pairingClass)")
        for label in model.classifier.metadata.classes {
            let p = prediction.probabilities[label] ?? 0
            print(String(format: "  %-18@ %6.2f %%  %@", label as NSString, 100 * p, String(repeating: "█", count: Int((p * 30).rounded()))))
        }
        for (name, estimate) in prediction.parameters.sorted(by: { $0.key < $1.key }) {
            print("  \(name) = \(estimate.text)")
        }
        for warning in screening.warnings { Logs.printWarning(warning) }
    }
}
