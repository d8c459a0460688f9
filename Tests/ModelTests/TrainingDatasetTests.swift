import Foundation
import Formats
import Testing
import TestSupport
@testable import Model
import QPICore

/// Training data sets: labels and targets agree with the drawn states, shards merge into the
/// set one run makes, and the randomisation stays inside its documented ranges.
@Suite struct TrainingDatasetTests {
    static func recipe(count: Int) throws -> DatasetRecipe {
        DatasetRecipe(seed: 11, count: count, meshSize: 24, material: try Material.nbse2(), frame: QFrameFixture.small)
    }

    @Test func shardsMergeIntoTheSingleRunSet() throws {
        let folder = TestSupport.scratch()
        let recipe = try Self.recipe(count: 5)
        let whole = folder.appendingPathComponent("whole.h5").path
        try TrainingDataset.generate(recipe, indices: 0..<5, to: whole)
        let parts = [(1, 3), (0, 3), (2, 3)].map { shard, shards -> String in
            let path = folder.appendingPathComponent("shard-\(shard).h5").path
            try? TrainingDataset.generate(recipe, indices: recipe.indices(shard: shard, of: shards), to: path)
            return path
        }
        #expect(recipe.indices(shard: 0, of: 3) == 0..<1 && recipe.indices(shard: 2, of: 3) == 3..<5)
        let merged = folder.appendingPathComponent("merged.h5").path
        try TrainingDataset.merge(parts, to: merged)
        let a = try HDF5Arrays(path: whole), b = try HDF5Arrays(path: merged)
        #expect(try a.floats("maps").map(\.bitPattern) == b.floats("maps").map(\.bitPattern))
        #expect(try a.integers("labels") == b.integers("labels"))
        #expect(try b.integers("indices") == [0, 1, 2, 3, 4])
        #expect(try a.doubles("cases") == b.doubles("cases"))
        // Another recipe cannot be merged in.
        var other = recipe
        other.seed = 12
        let foreign = folder.appendingPathComponent("foreign.h5").path
        try TrainingDataset.generate(other, indices: 0..<1, to: foreign)
        #expect(throws: ModelError.mismatchedFile(path: foreign, reason: "was made from a different recipe than \(whole)")) {
            try TrainingDataset.merge([whole, foreign], to: folder.appendingPathComponent("x.h5").path)
        }
    }

    @Test func labelsAndTargetsFollowTheDrawnStates() throws {
        let recipe = try Self.recipe(count: 400)
        var seen = Set<PairingClass>()
        for index in 0..<400 {
            let example = recipe.example(index)
            let state = example.pairing
            seen.insert(example.pairingClass)
            let members = example.pairingClass.members
            #expect(members.contains(state.channel))
            let (values, mask) = RegressionTarget.targets(for: state)
            #expect((mask[0] == 1) == state.channel.hasMixing)
            if state.channel.hasMixing { #expect(recipe.randomization.mixAngle.contains(Double(values[0]))) }
            if case .nematic(let angle) = state.combination, state.channel == .ePrime {
                #expect(abs(Double(values[1]) - cos(2 * angle)) < 1e-6 && mask[3] == 1 && values[3] == 0)
            }
            let r = recipe.randomization
            #expect(r.deltaMeV.contains(state.deltaMeV))
            #expect(r.etaOverDelta.contains(example.etaMeV / state.deltaMeV))
            #expect(r.impurityMeV.contains(abs(example.impurityMeV)))
            #expect(abs(example.measurement.rotation) <= r.rotation && r.impurities.contains(example.measurement.impurities))
        }
        #expect(seen.count == PairingClass.allCases.count)
    }

    @Test func loadedInputsAreNormalised() throws {
        let folder = TestSupport.scratch()
        let recipe = try Self.recipe(count: 3)
        let path = folder.appendingPathComponent("d.h5").path
        try TrainingDataset.generate(recipe, indices: 0..<3, to: path)
        let data = try LabelledMaps.load([path])
        let used = ClassifierInput.usedPixels(recipe.frame)
        let m = recipe.frame.pixels * recipe.frame.pixels
        #expect(data.count == 3 && data.inputShape == [recipe.ratios.count, recipe.frame.pixels, recipe.frame.pixels])
        for layer in 0 ..< 12 {
            let values = (0..<m).filter { used[$0] }.map { Double(data.inputs[layer * m + $0]) }
            let mean = values.reduce(0, +) / Double(values.count)
            let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)
            #expect(abs(mean) < 1e-4 && abs(variance - 1) < 1e-3)
            #expect((0..<m).filter { !used[$0] }.allSatisfy { data.inputs[layer * m + $0] == 0 })
        }
    }
}

/// A small q-frame for fast tests.
enum QFrameFixture {
    static let small = QFrame(halfWidth: 1.2, pixels: 25)
}

import Preprocess
