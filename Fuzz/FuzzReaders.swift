// libFuzzer entry point for QPIKit's readers, compiled together with Sources/Formats by
// Fuzz/run.sh (SwiftPM cannot link -sanitize=fuzzer executables). The reader is chosen by the
// environment variable QPI_FUZZ_FORMAT: 3ds, sxm, dat, createc, tif, png, h5, gwy, wsxm, ibw,
// vert, asc.
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
        default: _ = try HDF5Reader.read(path: scratch)
        }
    } catch is FormatError {
        // A typed error is the expected outcome for damaged input.
    } catch {
        fatalError("untyped error from the \(format) reader: \(error)")
    }
    return 0
}
