import Analysis
import ArgumentParser

/// What `classify` and `analyze` share: the preprocessing of a raw grid and the classifier.
struct AnalysisOptionGroup: ParsableArguments {
    @OptionGroup var preprocessing: PreprocessingOptionGroup
    @Option(help: "Model file (.safetensors; default: the model bundled with QPIKit).")
    var model: String?

    /// The request these options describe.
    var request: AnalysisRequest {
        var request = AnalysisRequest()
        request.readOptions = preprocessing.inputOptions.readOptions
        request.topographPath = preprocessing.topograph
        request.preprocessing = preprocessing.options
        request.modelPath = model
        return request
    }
}
