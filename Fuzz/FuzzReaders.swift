// libFuzzer entry point for QPIKit's readers, compiled together with Sources/Formats by
// Fuzz/run.sh (SwiftPM cannot link -sanitize=fuzzer executables). The reader is chosen by the
// environment variable QPI_FUZZ_FORMAT: 3ds, sxm, dat, createc, tif, png, h5, gwy, wsxm, ibw,
// vert, asc, sm4, mtrx (a MATRIX result file followed by its data file; see `fuzzMATRIXPair`).
import Foundation

private let format = ProcessInfo.processInfo.environment["QPI_FUZZ_FORMAT"] ?? "3ds"
private let scratch = FileManager.default.temporaryDirectory
    .appendingPathComponent("qpi-fuzz-\(getpid()).\(["createc": "dat", "wsxm": "stp"][format] ?? format)").path

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzReaders(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    FileManager.default.createFile(atPath: scratch, contents: Data(bytes: data, count: size))
    do {
        switch format {
        case "3ds": _ = try Nanonis3DSReader.read(path: scratch)
        case "sxm": _ = try NanonisSXMReader.read(path: scratch)
        case "dat": _ = try NanonisDATReader.read(path: scratch)
        case "createc": _ = try CreatecReader.read(path: scratch)
        case "tif": _ = try TIFFReader.read(path: scratch)
        case "png": _ = try PNGReader.read(path: scratch)
        case "gwy": _ = try GwyddionReader.read(path: scratch)
        case "wsxm": _ = try WSxMReader.read(path: scratch)
        case "ibw": _ = try IgorReader.read(path: scratch)
        case "vert": _ = try CreatecVERTReader.read(path: scratch)
        case "asc": _ = try GwyddionASCIIReader.read(path: scratch)
        case "mtrx": _ = try fuzzMATRIXPair(Array(UnsafeBufferPointer(start: data, count: size)))
        case "sm4": _ = try RHKSM4Reader.read(path: scratch)
        default: _ = try HDF5Reader.read(path: scratch)
        }
    } catch is FormatError {
        // A typed error is the expected outcome for damaged input.
    } catch {
        fatalError("untyped error from the \(format) reader: \(error)")
    }
    if format == "h5", H5Node.openObjects > 0 { fatalError("\(H5Node.openObjects) HDF5 objects left open after a read") }
    return 0
}

/// Reads `bytes` as a MATRIX result file followed by a data file: the data file starts at the
/// second "ONTMATRX0101" (without one, the whole input is the data file and there is no result
/// file). The two are written as `f_0001.mtrx` and `f--1_1.Z_mtrx` in a folder of this process
/// (fixed names, so that a seed's `BREF f--1_1.Z_mtrx` names its data file) and read as a pair.
private func fuzzMATRIXPair(_ bytes: [UInt8]) throws -> Dataset {
    let split = bytes.count > 1 ? Array(bytes.dropFirst()).firstRange(of: omicronMATRIXMagic).map { $0.lowerBound + 1 } ?? 0 : 0
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("qpi-fuzz-\(getpid())")
    try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let (result, data) = (folder.appendingPathComponent("f_0001.mtrx").path, folder.appendingPathComponent("f--1_1.Z_mtrx").path)
    FileManager.default.createFile(atPath: result, contents: Data(bytes[..<split]))
    FileManager.default.createFile(atPath: data, contents: Data(bytes[split...]))
    return try OmicronMATRIXReader.read(path: data, resultFiles: split > 0 ? [result] : [])
}
