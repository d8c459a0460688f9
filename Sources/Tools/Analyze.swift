import Analysis
import ArgumentParser
import Foundation
import Formats
import Model
import Preprocess
import QPICore

/// `qpi analyze`: from a lab file to a figure-ready report.
struct Analyze: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Preprocess, classify and compare a QPI grid with the simulator, and write a report.",
        discussion: """
            Reads the grid, corrects drift and frames the maps (gap from the averaged spectrum unless --gap is given), names the pairing channel with calibrated probabilities, simulates the best match (or the channel given with --pairing), and writes OUT/index.html, OUT/summary.json, OUT/figure.pdf and PNG figures. The report appears only when complete.

            Examples:
              qpi analyze grid.3ds --out report
              qpi analyze grid.h5 --out report --gap 1.2 --pairing A2p --json
              qpi analyze grid.3ds --out report --channel "LI Demod 2 X" --normalize feenstra
            """)

    @Argument(help: "The grid (Nanonis .3ds, QPIKit HDF5, TIFF/PNG stacks …).")
    var input: String
    @Option(help: "Output folder of the report.")
    var out: String
    @Option(help: "Simulate this pairing channel beside the measurement instead of the best match.")
    var pairing: PairingChannel?
    @Flag(help: "Print the summary as JSON on standard output (the human-readable lines go to standard error).")
    var json = false
    @OptionGroup var options: AnalysisOptionGroup

    /// An earlier release took the pairing channel as --channel, which now names the conductance
    /// channel as in every command; a pairing-channel name there is still taken, with a warning.
    var deprecatedPairing: PairingChannel? {
        guard pairing == nil, let channel = options.preprocessing.channel else { return nil }
        return PairingChannel(name: channel)
    }

    func validate() throws {
        if deprecatedPairing != nil { Deprecation.warn("--channel for the pairing channel", use: "--pairing") }
    }

    func run() throws {
        let start = Date()
        let stages = StageReporter(total: 5)
        var request = options.request
        if let deprecatedPairing {
            request.pairingChannel = deprecatedPairing
            request.preprocessing.channel = nil
        } else {
            request.pairingChannel = pairing
        }
        let run = try AnalysisRun.perform(input: input, request: request, stage: stages.next)
        stages.next("writing the report")
        let figures = try ReportWriter.write(run, to: out)
        stages.finish()
        for warning in run.summary.screening.warnings { Logs.printWarning(warning) }
        let p = run.prediction
        let lines = String(format: "%@: %@ (%.1f %%), Δ = %.3f meV; report in %.1f s\n", input, p.pairingClass,
                           100 * (p.probabilities[p.pairingClass] ?? 0), run.result.gap.delta, Date().timeIntervalSince(start))
            + "open \(out)/index.html (\(figures.count) figures, summary.json, figure.pdf)\n"
        // With --json, standard output is the summary alone (for jq and scripts); the two lines
        // for the reader go to standard error.
        if json {
            print(try JSONCoding.encode(run.summary))
            FileHandle.standardError.write(Data(lines.utf8))
        } else {
            print(lines, terminator: "")
        }
    }
}

/// Announces the stages of a long command on standard error, when it is a terminal.
final class StageReporter {
    private let total: Int
    private var done = 0
    private let enabled = isatty(STDERR_FILENO) != 0
    private let start = Date()

    init(total: Int) { self.total = total }

    func next(_ what: String) {
        done += 1
        guard enabled else { return }
        FileHandle.standardError.write(Data(String(format: "[%d/%d %5.1f s] %@…\n", done, total, Date().timeIntervalSince(start), what).utf8))
    }

    func finish() {
        guard enabled else { return }
        FileHandle.standardError.write(Data(String(format: "done in %.1f s\n", Date().timeIntervalSince(start)).utf8))
    }
}
