/// The file formats QPIKit reads and writes, detected from the extension and the first bytes.
public enum DataFormat: String, Sendable, CaseIterable {
    case nanonis3DS = "Nanonis 3ds"
    case nanonisSXM = "Nanonis sxm"
    case nanonisDAT = "Nanonis dat"
    case createc = "Createc dat"
    case tiff = "TIFF"
    case png = "PNG"
    case hdf5 = "HDF5"
    case gwyddion = "Gwyddion gwy"
    case wsxm = "WSxM"
    case igor = "Igor ibw"
    case createcVERT = "Createc VERT"
    case gwyddionASCII = "Gwyddion ASCII"
    case omicronMATRIX = "Omicron MATRIX"
    case rhkSM4 = "RHK sm4"

    /// The format of the file at `path` (an HDF5 address `FILE.h5:/dataset` counts as HDF5).
    public static func detect(path: String) throws -> DataFormat {
        let file = try InputFile(path: HDF5Reader.splitAddress(path).file)
        let head = try file.prefix(64)
        func starts(_ text: String) -> Bool { head.starts(with: Array(text.utf8)) }
        if head.starts(with: [0x89, 0x48, 0x44, 0x46]) { return .hdf5 }
        if head.starts(with: PNGChunks.signature) { return .png }
        if starts("II*\0") || starts("MM\0*") || starts("II+\0") || starts("MM\0+") { return .tiff }
        if starts(":NANONIS_VERSION:") { return .nanonisSXM }
        if starts("Grid dim=") { return .nanonis3DS }
        if starts("[Paramco32]") { return .createc }
        if starts("Experiment\t") { return .nanonisDAT }
        if starts("GWYP") { return .gwyddion }
        if starts("WSxM file copyright") { return .wsxm }
        if starts("[ParVERT") { return .createcVERT }
        if starts("ONTMATRX0101") { return .omicronMATRIX }
        if starts("# File Format = ASCII") || starts("# Channel:") { return .gwyddionASCII }
        // RHK R9: a 2-byte header size, then "STiMage 005." in UTF-16LE.
        if head.dropFirst(2).starts(with: "STiMage 005.".utf8.flatMap { [$0, 0] }) { return .rhkSM4 }
        if file.size == 0 {
            throw FormatError(.truncated, path: file.path, "file is empty")
        }
        switch path.split(separator: ".").last?.lowercased() {
        case "3ds": return .nanonis3DS
        case "sxm": return .nanonisSXM
        case "dat": return .nanonisDAT
        case "gwy": return .gwyddion
        case "stp", "top", "tom", "cur": return .wsxm
        case "ibw": return .igor
        case "vert": return .createcVERT
        case "asc": return .gwyddionASCII
        case let ext? where ext == "mtrx" || ext.hasSuffix("_mtrx"): return .omicronMATRIX
        case "sm4": return .rhkSM4
        default:
            throw FormatError(.unrecognised, path: file.path, "unknown format: neither the extension nor the first bytes match a format QPIKit reads")
        }
    }

    /// The output format for `path`'s extension (`.h5`, `.hdf5`, `.nxs`, `.tif`, `.tiff`, `.png`, `.gwy`).
    public static func forOutput(path: String) throws -> DataFormat {
        switch path.split(separator: ".").last?.lowercased() {
        case "h5", "hdf5", "nxs": return .hdf5
        case "tif", "tiff": return .tiff
        case "png": return .png
        case "gwy": return .gwyddion
        default:
            throw FormatError(.invalidRequest, path: path, "cannot write this extension: use .h5/.hdf5/.nxs, .tif/.tiff, .png or .gwy")
        }
    }
}
