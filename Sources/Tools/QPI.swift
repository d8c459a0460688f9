import Foundation
import Analysis
import ArgumentParser
import Formats
import Model
import Preprocess
import QPICore

/// The `qpi` command-line tool.
@main
struct QPI: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "qpi",
        abstract: "QPIKit: STM spectroscopic-imaging data, from lab formats to pairing symmetry.",
        version: QPIKitVersion.current,
        subcommands: [Info.self, Convert.self, Simulate.self, PreprocessCommand.self, Synth.self, DatasetCommand.self, Train.self, Evaluate.self, Classify.self, Analyze.self, Fit.self])

    static func main() {
        Network.stopIdleThreads()
        Interrupts.install()
        Logs.bootstrap()
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let error where error is FormatError || error is PreprocessError || error is ModelError || error is AnalysisError
                                || error is MapStackError || error is FigureError {
            // QPIKit's own errors say what is wrong and with which file: printed as they are.
            Logs.printError(String(describing: error))
            Self.exit(withError: ExitCode.failure)
        } catch {
            Self.exit(withError: error)
        }
    }
}
