import Foundation
import Testing
import Analysis
import Formats
import Model
import Preprocess
import QPICore
import TestSupport

/// The analysis library in-process: the chain on the bundled sample, and how preprocessed files
/// are taken (unsymmetrised maps only, the gap they were made with, the model's ω/Δ and frame).
@Suite struct AnalysisLibraryTests {
    static let sample = TestSupport.root.appendingPathComponent("samples/synthetic_grid.h5").path

    /// The sample was made by `qpi synth --channel Ep` (scripts/make_samples.sh): a nematic E′ state.
    @Test func analysesTheBundledSample() throws {
        var stages: [String] = []
        let run = try AnalysisRun.perform(input: Self.sample, request: AnalysisRequest()) { stages.append($0) }
        let metadata = run.model.metadata
        #expect(stages.count == 4)
        #expect(run.prediction.pairingClass == PairingClass.ePrime.label)
        #expect(run.maps.ratios == metadata.ratios && run.maps.symmetry == .none)
        #expect(run.maps.maps == run.result.maps.maps)
        #expect(run.symmetrised.symmetry == .c6v && run.symmetrised.ratios == run.maps.ratios)
        #expect(run.match.maps.ratios == metadata.ratios && run.match.maps.frame == metadata.frame)
        #expect(run.match.maps.gap?.method == .simulatedCoherencePeak)
        #expect(run.summary.gap.deltaMeV == run.result.gap.delta)
        #expect(run.summary.preprocessing.map(\.step) == run.result.corrected.metadata.provenance.map(\.step))
        #expect(run.summary.prediction.channel == run.prediction.pairingClass)
        // Numbers stay numbers in the summary (they were strings to be parsed again).
        let bragg = try #require(run.summary.preprocessing.first { $0.step == "bragg-peaks" })
        #expect(bragg.parameters["lattice_constant_m"] == .number(run.result.latticeConstant))
        #expect(bragg.parameters["peaks_rad_per_pixel"] == .list(run.result.braggPeaks.map { .numbers([$0.qx, $0.qy]) }))
        let json = try JSONCoding.encode(run.summary)
        #expect(json.contains("\"lattice_constant_m\":\(run.result.latticeConstant)"))
    }

    /// Provenance written before parameters were typed (every value a string) still reads.
    @Test func olderStringParametersStillRead() throws {
        var step = ProcessStep(step: "gap")
        step.parametersJSON = #"{"delta_meV":"1.25","method":"coherence peaks"}"#
        #expect(step.parameters == ["delta_meV": .string("1.25"), "method": .string("coherence peaks")])
        let typed = ProcessStep(step: "gap", parameters: ["delta_meV": 1.25, "peaks": .numbers([-1, 1.5])])
        #expect(typed.parametersJSON == #"{"delta_meV":1.25,"peaks":[-1,1.5]}"#)
        #expect(typed.parameters["peaks"] == .numbers([-1, 1.5]))
    }

    /// A file preprocessed with --symmetrize gives the classifier its unsymmetrised maps, the
    /// same (bit for bit) as preprocessing the raw grid in memory.
    @Test func preprocessedFilesGiveTheirUnsymmetrisedMaps() throws {
        let model = try LoadedModel.load(path: nil).classifier.metadata
        var options = PreprocessingOptions()
        options.symmetry = .c6v
        let result = try Preprocessor.run(try DataFormat.read(path: Self.sample), options: options)
        let path = TestSupport.scratch().appendingPathComponent("pre.h5").path
        try result.writeHDF5(to: path)
        let prepared = try PreparedMaps.load(path, request: AnalysisRequest(), model: model)
        #expect(prepared.result == nil)
        #expect(prepared.stack.symmetry == .none)
        #expect(prepared.stack.maps == result.maps.maps)
        #expect(prepared.stack.maps != result.symmetrised.maps)
        #expect(prepared.stack.gap == GapEstimate(delta: result.gap.delta, method: result.gap.method))
        #expect(prepared.stack.provenance.map(\.step) == result.corrected.metadata.provenance.map(\.step))
    }

    /// --gap for a preprocessed file cannot change maps made at another gap: refused, naming the file.
    @Test func preprocessedFilesRefuseAnotherGap() throws {
        let model = try LoadedModel.load(path: nil).classifier.metadata
        let result = try Preprocessor.run(try DataFormat.read(path: Self.sample))
        let path = TestSupport.scratch().appendingPathComponent("pre.h5").path
        try result.writeHDF5(to: path)
        var request = AnalysisRequest()
        request.preprocessing.delta = 2 * result.gap.delta
        #expect { try PreparedMaps.load(path, request: request, model: model) } throws: { error in
            guard let error = error as? AnalysisError else { return false }
            return error.path == path && error.reason.contains("preprocess again")
        }
        request.preprocessing.delta = result.gap.delta
        #expect(try PreparedMaps.load(path, request: request, model: model).stack.maps == result.maps.maps)
    }

    /// Maps at other ω/Δ than the model's are refused with the ratios named.
    @Test func mapsAtOtherRatiosAreRefused() throws {
        let model = try LoadedModel.load(path: nil).classifier.metadata
        var options = PreprocessingOptions()
        options.ratios = [0.5, 1.0]
        let result = try Preprocessor.run(try DataFormat.read(path: Self.sample), options: options)
        let path = TestSupport.scratch().appendingPathComponent("pre.h5").path
        try result.writeHDF5(to: path)
        #expect { try PreparedMaps.load(path, request: AnalysisRequest(), model: model) } throws: { error in
            guard let error = error as? AnalysisError else { return false }
            return error.path == path && error.reason.contains("ω/Δ")
        }
    }

    /// A raw grid is preprocessed as the request says: a conductance channel that does not exist
    /// is reported with the file's name.
    @Test func rawGridsFollowTheRequest() throws {
        let model = try LoadedModel.load(path: nil).classifier.metadata
        var request = AnalysisRequest()
        request.preprocessing.channel = "No Such Channel"
        #expect { try PreparedMaps.load(Self.sample, request: request, model: model) } throws: { error in
            guard let error = error as? PreprocessError else { return false }
            return error.path == Self.sample && error.reason.contains("No Such Channel")
        }
    }
}
