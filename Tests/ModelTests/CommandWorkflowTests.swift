import Foundation
import Testing
import Formats
import Preprocess
@testable import Model
import QPICore
import TestSupport

/// The commands of the learning workflow and `synth`, run as a user runs them, and model files
/// that do not fit.
@Suite struct CommandWorkflowTests {
    /// Shards made by two `qpi dataset` runs and joined by `qpi dataset merge` equal one run;
    /// `qpi train` makes a model from them that loads with the classes and frame of the data.
    @Test func datasetShardsMergeAndTrain() throws {
        let folder = TestSupport.scratch()
        let common = ["--count", "12", "--mesh", "16", "--seed", "5"]
        for shard in ["0/2", "1/2"] {
            let (status, output) = TestSupport.qpi(["dataset"] + common + ["--shard", shard, "--out", folder.appendingPathComponent("shards").path])
            try #require(status == 0, "\(output)")
        }
        let merged = folder.appendingPathComponent("merged.h5").path
        let shards = ["shard-0-of-2.h5", "shard-1-of-2.h5"].map { folder.appendingPathComponent("shards/\($0)").path }
        let merge = TestSupport.qpi(["dataset", "merge", "--out", merged] + shards)
        try #require(merge.status == 0, "\(merge.output)")
        let whole = TestSupport.qpi(["dataset"] + common + ["--out", folder.appendingPathComponent("whole").path])
        try #require(whole.status == 0, "\(whole.output)")
        let (a, b) = (try HDF5Arrays(path: merged), try HDF5Arrays(path: folder.appendingPathComponent("whole/dataset.h5").path))
        #expect(try a.floats("maps") == b.floats("maps"))
        #expect(try a.integers("labels") == b.integers("labels"))

        let model = folder.appendingPathComponent("m.safetensors").path
        let train = TestSupport.qpi(["train", merged, "--out", model, "--epochs", "1", "--batch-size", "4", "--validation", "0.25"])
        try #require(train.status == 0, "\(train.output)")
        let loaded = try PairingClassifier.load(path: model)
        #expect(loaded.metadata.classes == PairingClass.allCases.map(\.label))
        #expect(loaded.metadata.frame == .standard && loaded.metadata.ratios == EnergyAxis.defaultRatios)
        #expect(loaded.metadata.training.trainingExamples + loaded.metadata.training.validationExamples == 12)
    }

    /// `qpi synth` writes the grid it was asked for: size, a bias sweep of ω/Δ × gap, the pairing
    /// state and the seed in its provenance.
    @Test func synthWritesTheRequestedGrid() throws {
        let out = TestSupport.scratch().appendingPathComponent("g.h5").path
        let (status, output) = TestSupport.qpi(["synth", "--pairing", "A2p", "--mix", "0.4", "--gap", "1.5", "--ratios=-1,0.5,1",
                                                "--pixels", "48", "--mesh", "16", "--lattice-pixels", "4", "--seed", "9", "--out", out])
        try #require(status == 0, "\(output)")
        let grid = try DataFormat.read(path: out)
        #expect(grid.x.count == 48 && grid.y.count == 48)
        #expect(grid.sweep?.unit == "V" && grid.sweep?.values == [-1.5e-3, 0.75e-3, 1.5e-3])
        #expect(grid.parameters.map(\.name) == ["Z"])
        let step = try #require(grid.metadata.provenance.first)
        #expect(step.step == "synth" && step.parameters["seed"] == .string("9") && step.parameters["sample_gap_meV"] == .number(1.5))
        let simulation = try JSONCoding.decode(SimulationParameters.self, from: try #require(step.parameters["simulation"]).text)
        #expect(simulation.pairing.channel == .a2Prime && simulation.pairing.mixAngle == 0.4 && simulation.meshSize == 16)
    }

    /// A model file whose network does not take the maps its metadata names, or does not give an
    /// output per class, is refused when loaded, naming the file.
    @Test func modelFilesThatDoNotFitAreRefused() throws {
        let folder = TestSupport.scratch()
        let bundled = try PairingClassifier.bundled()
        var otherFrame = bundled.metadata
        otherFrame.frame = QFrame(halfWidth: 1.2, pixels: 51)
        var otherClasses = bundled.metadata
        otherClasses.classes.append("B2")
        for (name, metadata, reason) in [("frame", otherFrame, "the network takes input"), ("classes", otherClasses, "outputs")] {
            let path = folder.appendingPathComponent("\(name).safetensors").path
            try PairingClassifier(network: bundled.network, metadata: metadata).write(to: path)
            #expect { try PairingClassifier.load(path: path) } throws: { error in
                guard case let ModelError.mismatchedFile(errorPath, why) = error else { return false }
                return errorPath == path && why.contains(reason)
            }
            let classify = TestSupport.qpi(["classify", TestSupport.root.appendingPathComponent("samples/synthetic_grid.h5").path, "--model", path])
            #expect(classify.status == 1 && classify.output.contains(path), "\(classify.output)")
        }
    }
}
