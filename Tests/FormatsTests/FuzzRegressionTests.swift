import Foundation
import Testing
import TestSupport
@testable import Formats

/// The fuzzers' seeds (Fuzz/seeds: small valid files of every format) read cleanly, and every
/// input a fuzzer ever found (Fuzz/regressions) gives a result or a typed error, never a crash.
@Suite struct FuzzRegressionTests {
    static let fuzz = TestSupport.root.appendingPathComponent("Fuzz")
    static let formats = ["3ds", "sxm", "dat", "createc", "tif", "png", "h5", "gwy", "wsxm", "ibw", "vert", "asc", "sm4", "mtrx"]

    /// The files of `folder/format`, skipping READMEs and libFuzzer's hidden files.
    static func files(_ folder: String, _ format: String) -> [String] {
        let directory = fuzz.appendingPathComponent("\(folder)/\(format)")
        return TestSupport.contents(directory).filter { !$0.hasPrefix(".") && !$0.hasSuffix(".md") }
            .map { directory.appendingPathComponent($0).path }
    }

    /// What the fuzz entry does for `format` (Fuzz/FuzzReaders.swift).
    static func read(_ path: String, as format: String) throws -> Dataset {
        switch format {
        case "3ds": try Nanonis3DSReader.read(path: path)
        case "sxm": try NanonisSXMReader.read(path: path)
        case "dat": try NanonisDATReader.read(path: path)
        case "createc": try CreatecReader.read(path: path)
        case "tif": try TIFFReader.read(path: path)
        case "png": try PNGReader.read(path: path)
        case "gwy": try GwyddionReader.read(path: path)
        case "wsxm": try WSxMReader.read(path: path)
        case "ibw": try IgorReader.read(path: path)
        case "vert": try CreatecVERTReader.read(path: path)
        case "asc": try GwyddionASCIIReader.read(path: path)
        case "sm4": try RHKSM4Reader.read(path: path)
        case "mtrx": try readMATRIXPair(path)
        default: try HDF5Reader.read(path: path)
        }
    }

    /// A MATRIX input: a result file followed by a data file from the second `ONTMATRX0101` on,
    /// written as `f_0001.mtrx` and `f--1_1.Z_mtrx` and read as a pair (as the fuzz entry does).
    static func readMATRIXPair(_ path: String) throws -> Dataset {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        let split = bytes.count > 1 ? Array(bytes.dropFirst()).firstRange(of: omicronMATRIXMagic).map { $0.lowerBound + 1 } ?? 0 : 0
        let folder = TestSupport.scratch()
        let (result, data) = (folder.appendingPathComponent("f_0001.mtrx").path, folder.appendingPathComponent("f--1_1.Z_mtrx").path)
        try Data(bytes[..<split]).write(to: URL(fileURLWithPath: result))
        try Data(bytes[split...]).write(to: URL(fileURLWithPath: data))
        return try OmicronMATRIXReader.read(path: data, resultFiles: split > 0 ? [result] : [])
    }

    @Test(arguments: formats) func seedsAreValid(_ format: String) throws {
        let seeds = Self.files("seeds", format)
        #expect(!seeds.isEmpty, "no seeds for \(format)")
        for seed in seeds {
            let data = try Self.read(seed, as: format)
            #expect(!data.channels.isEmpty && data.channels.allSatisfy { $0.data.count == data.layerCount * data.x.count * data.y.count })
        }
    }

    @Test(arguments: formats) func regressionsGiveResultsOrTypedErrors(_ format: String) {
        for input in Self.files("regressions", format) {
            do { _ = try Self.read(input, as: format) } catch is FormatError {} catch {
                Issue.record("\(input): untyped error \(error)")
            }
        }
    }

    /// A float type of 4 GB per element (found by fuzzing: libhdf5 allocated 4 GB for its
    /// conversion and failed after 17 s) is refused before any read.
    @Test func hugeElementTypeIsRefusedBeforeReading() {
        let path = Self.fuzz.appendingPathComponent("regressions/h5/float-type-of-gigabytes.h5").path
        #expect { try HDF5Reader.read(path: path) } throws: { ($0 as? FormatError)?.description.contains("bytes are not numbers QPIKit reads") == true }
    }

    /// A 761-byte file whose driver information block declares 4 GB: libhdf5's sec2 driver
    /// zero-filled 4.2 GB past the end of the file before the open failed; QPIKit's read-only
    /// driver refuses the read. The process's peak resident memory must not rise by 1 GB.
    @Test func readsPastTheEndOfTheFileAreRefused() throws {
        let path = Self.fuzz.appendingPathComponent("regressions/h5/libhdf5-driver-info-of-4-gb.h5").path
        func peakResidentBytes() -> Int {
            var usage = rusage()
            getrusage(RUSAGE_SELF.rawValue, &usage)
            return usage.ru_maxrss * 1024
        }
        let before = peakResidentBytes()
        #expect(throws: FormatError.self) { try HDF5Reader.read(path: path) }
        #expect(peakResidentBytes() - before < 1 << 30)
    }
}
