/// Reads HDF5 files: QPIKit's own layout, any 2-D or 3-D dataset addressed as
/// `FILE.h5:/path/to/dataset`, NeXus `NXdata` groups (through `signal` and `axes`), and
/// pycroscopy NSID main datasets.
public enum HDF5Reader {
    /// Reads `path`, optionally addressing one dataset inside it.
    public static func read(path: String, dataset datasetPath: String? = nil,
                            options: ReadOptions = ReadOptions()) throws -> Dataset {
        let file = try H5Node.open(path: path)
        let limit = max(fileSize(path) * 64, 1 << 28)
        if let datasetPath {
            return try GenericHDF5.read(file: file, dataset: datasetPath, limitBytes: limit, options: options)
        }
        if (try? file.group("entry"))?.stringAttribute("qpikit_version") != nil {
            return try QPIKitHDF5.read(file: file, limitBytes: limit)
        }
        if let nexus = try NeXusReader.read(file: file, limitBytes: limit, options: options) {
            return nexus
        }
        if let nsid = try NSIDReader.read(file: file, limitBytes: limit, options: options) {
            return nsid
        }
        throw FormatError(.unsupported, path: path,
                          "no QPIKit entry, NeXus NXdata group or NSID dataset found; address a dataset as FILE.h5:/path/to/dataset")
    }

    /// Splits `FILE.h5:/inner/path` into the file and the dataset path.
    public static func splitAddress(_ address: String) -> (file: String, dataset: String?) {
        for ext in [".h5:", ".hdf5:", ".nxs:", ".hf5:", ".he5:"] {
            if let range = address.range(of: ext, options: []) {
                return (String(address[..<range.upperBound].dropLast()), String(address[range.upperBound...]))
            }
        }
        return (address, nil)
    }

    private static func fileSize(_ path: String) -> Int {
        (try? InputFile(path: path).size) ?? 0
    }
}
