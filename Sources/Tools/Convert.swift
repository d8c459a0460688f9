import ArgumentParser
import Foundation
import Formats
import QPICore

/// `qpi convert INPUT OUTPUT`: lossless conversion between formats, chosen by the output's extension.
struct Convert: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Convert between formats (.h5/.hdf5/.nxs, .tif/.tiff, .png by the output's extension).",
        discussion: """
            HDF5 and TIFF keep everything (all channels, axes, per-pixel parameters, the source header, provenance). PNG keeps one channel as 16-bit greyscale per layer, with its scale in the file, plus colour previews; what it cannot carry is reported.

            Examples:
              qpi convert grid.3ds grid.h5
              qpi convert grid.h5 grid.tif
              qpi convert image.sxm topo.png --channel Z
              qpi convert stack.tif grid.h5 --energies -5:5:41 --pixel-size 0.1nm --units nS
              qpi convert map_*.sxm series.h5      (a grid from one dI/dV image per bias)
            """)

    @Argument(help: ArgumentHelp("The file to read (HDF5 datasets as FILE.h5:/path), or several images of one area (a map series; a quoted glob works too), then the file to write, whose extension picks the format.",
                                 valueName: "input… output"))
    var paths: [String]

    /// The files to read: every argument but the last, with quoted globs expanded.
    var inputs: [String] { paths.dropLast().flatMap(Glob.expand) }
    /// The file to write.
    var output: String { paths.last ?? "" }
    /// The input, or the series' inputs joined, for messages and provenance.
    var input: String { inputs.joined(separator: " ") }

    @Option(help: "Write only this channel (name, dataset name such as Current_bwd, or vendor label).")
    var channel: String?

    @OptionGroup var inputOptions: InputOptions

    func validate() throws {
        guard paths.count >= 2 else { throw ValidationError("give the file to read and the file to write") }
        guard !inputs.isEmpty else { throw ValidationError("no file matches \(paths.dropLast().joined(separator: " "))") }
        _ = try DataFormat.forOutput(path: output)
    }

    func run() throws {
        let start = Date()
        var dataset = inputs.count > 1 ? try MapSeries.read(paths: inputs) : try DataFormat.read(path: inputs[0], options: inputOptions.readOptions)
        Logs.logger.info("read \(input): \(dataset.channels.count) channels, \(dataset.layerCount) layers in \(Date().timeIntervalSince(start)) s")
        var selected: Channel?
        if let channel {
            guard let found = dataset.channel(named: channel) else {
                let names = dataset.channels.map(\.datasetName).joined(separator: ", ")
                throw FormatError(.invalidRequest, path: input, "no channel '\(channel)'; it has \(names)")
            }
            selected = found
        }
        var parameters: [String: ProcessStep.Value] = ["input": .string(input), "output": .string(output)]
        if let channel { parameters["channel"] = .string(channel) }
        dataset.metadata.provenance.append(ProcessStep(step: "convert", parameters: parameters))
        let (paths, losses) = try DataFormat.write(dataset, to: output, channel: selected)
        Logs.logger.info("wrote \(paths.count) file(s) in \(Date().timeIntervalSince(start)) s since start")
        for note in dataset.metadata.assumptions { Logs.printNote("assumed: \(note)") }
        for loss in losses { Logs.printNote("not carried: \(loss)") }
        print("wrote \(paths.count == 1 ? paths[0] : "\(paths.count) files: \(paths[0]) …")")
    }
}
