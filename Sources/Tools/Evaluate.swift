import ArgumentParser
import Foundation
import Formats
import Model
import QPICore

/// `qpi evaluate`: scores a classifier on labelled data sets.
struct Evaluate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Score the pairing classifier on labelled data sets (from qpi dataset).",
        discussion: """
            Writes OUT/evaluation.json (confusion matrix, accuracy per class, expected calibration error, MAE and R² of χ, nematic-angle error modulo π and π/3, chirality accuracy) and the figures OUT/confusion.png and OUT/reliability.png. With --record, the mean absolute error of every parameter per class is also written into the model file (given by --model), and predictions then report it as their typical error.

            Example:
              qpi evaluate data/test/dataset.h5 --out eval/test
              qpi evaluate data/test/dataset.h5 --model model.safetensors --out eval/test --record
            """)

    @Argument(help: "Data sets (HDF5 from qpi dataset), made with seeds not used in training.")
    var data: [String]
    @Option(help: "Model file (default: the bundled model).")
    var model: String?
    @Option(help: "Output folder (created if missing).")
    var out: String
    @Flag(help: "Write the per-class parameter errors into the model file given by --model.")
    var record = false

    func validate() throws {
        guard !data.isEmpty else { throw ValidationError("give at least one data set") }
        if record && model == nil { throw ValidationError("--record needs --model (the bundled model is read-only)") }
    }

    func run() throws {
        let classifier = try model.map { try PairingClassifier.load(path: $0) } ?? PairingClassifier.bundled()
        guard let labelling = LabelledMaps.Labelling(classes: classifier.metadata.classes) else {
            throw ValidationError("the model's classes \(classifier.metadata.classes) are neither the pairing classes nor the channels")
        }
        let maps = try LabelledMaps.load(data, labelling: labelling)
        guard maps.recipe.frame == classifier.metadata.frame, maps.recipe.ratios == classifier.metadata.ratios else {
            throw ValidationError("the data sets use another q-frame or energy list than the model")
        }
        Network.useThreads(1)
        let evaluation = Evaluation.run(classifier, on: maps)
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let json = try JSONCoding.encode(evaluation)
        try AtomicOutput.write(to: "\(out)/evaluation.json") { try Data(json.utf8).write(to: URL(fileURLWithPath: $0)) }
        try EvaluationFigures.confusion(evaluation, to: "\(out)/confusion.png")
        try EvaluationFigures.reliability(evaluation, to: "\(out)/reliability.png")
        print(String(format: "%d maps: accuracy %.2f %%, expected calibration error %.3f", evaluation.examples,
                     100 * evaluation.accuracy, evaluation.expectedCalibrationError))
        for label in evaluation.classes {
            if let a = evaluation.perClassAccuracy[label] { print(String(format: "  %-18@ %.2f %%", label as NSString, 100 * a)) }
        }
        for (name, score) in evaluation.parameters.sorted(by: { $0.key < $1.key }) {
            var parts = ["\(score.count) maps"]
            if let mae = score.meanAbsoluteError { parts.append(String(format: "MAE %.4f", mae)) }
            if let r2 = score.rSquared { parts.append(String(format: "R² %.3f", r2)) }
            if let a = score.accuracy { parts.append(String(format: "accuracy %.2f %%", 100 * a)) }
            print("  \(name): " + parts.joined(separator: ", "))
        }
        print("wrote \(out)/evaluation.json, confusion.png, reliability.png")
        if record, let model {
            var metadata = classifier.metadata
            metadata.testErrors = evaluation.typicalErrors
            let seeds = Set(maps.recipes.map(\.seed)).sorted().map(String.init).joined(separator: ", ")
            let routes = Set(maps.recipes.map { ($0.route ?? .reciprocal).rawValue }).sorted().joined(separator: ", ")
            metadata.testSet = "\(maps.count) maps, seed \(seeds), \(routes) route"
            try PairingClassifier(network: classifier.network, metadata: metadata).write(to: model)
            print("recorded the per-class parameter errors in \(model)")
        }
    }
}
