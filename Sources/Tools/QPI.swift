import Foundation
import ArgumentParser
import Formats
import Model

/// The `qpi` command-line tool.
@main
struct QPI: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "qpi",
        abstract: "QPIKit: STM spectroscopic-imaging data, from lab formats to pairing symmetry.",
        version: QPIKitVersion.current,
        subcommands: [Info.self, Convert.self, Simulate.self, PreprocessCommand.self, Synth.self, DatasetCommand.self, Train.self, Evaluate.self, Classify.self, Analyze.self])

    static func main() {
        Interrupts.install()
        Logs.bootstrap()
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let error as FormatError {
            Logs.printError(error.description)
            Self.exit(withError: ExitCode.failure)
        } catch let error as SimulationError {
            Logs.printError(error.description)
            Self.exit(withError: ExitCode.failure)
        } catch {
            Self.exit(withError: error)
        }
    }
}
