import ArgumentParser

/// The one check of an output file's extension.
enum OutputPath {
    /// The extensions of QPIKit's HDF5 outputs.
    static let hdf5Extensions = [".h5", ".hdf5", ".nxs"]

    /// Throws unless `path` (given with `option`) ends in one of `extensions`.
    static func require(_ path: String, option: String = "--out", extensions: [String] = hdf5Extensions) throws {
        guard extensions.contains(where: path.hasSuffix) else {
            throw ValidationError("\(option) must end in \(extensions.dropLast().joined(separator: ", ")) or \(extensions.last!), got '\(path)'")
        }
    }
}
