import ArgumentParser
import Foundation
import Formats

/// `qpi info FILE`: what a file holds, in physical units, and what it lacks.
struct Info: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show format, dimensions, channels with units, axes, and what is missing.",
        discussion: """
            Examples:
              qpi info grid.3ds
              qpi info stack.tif --energies -5:5:41 --pixel-size 0.1nm
              qpi info data.h5:/measurement/map
            """)

    @Argument(help: "The file to describe (HDF5 datasets as FILE.h5:/path).")
    var file: String

    @OptionGroup var input: InputOptions

    func run() throws {
        let format = try DataFormat.detect(path: file)
        let data = try DataFormat.read(path: file, options: input.readOptions)
        print(InfoReport(path: file, format: format, dataset: data).text)
    }
}
