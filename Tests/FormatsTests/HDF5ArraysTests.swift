import Foundation
import Testing
import TestSupport
import Formats

/// Block-wise HDF5 access: rows written in blocks read back exactly, and a dataset that declares
/// more than the file could hold is refused before anything is allocated.
@Suite struct HDF5ArraysTests {
    @Test func rowsRoundTripInBlocks() throws {
        let path = TestSupport.scratch().appendingPathComponent("rows.h5").path
        let values = (0..<60).map { Float($0) * 0.5 - 7 }
        try HDF5Document.write(to: path) { file in
            let rows = try file.rows("group/x", of: .float32, dims: [6, 2, 5])
            try rows.write(Array(values[0..<30]), at: 0)
            try rows.write(Array(values[30...]), at: 3)
            try file.rows("n", of: .int64, dims: [3]).write([5, -2, 9] as [Int64], at: 0)
        }
        let file = try HDF5Arrays(path: path)
        #expect(try file.shape("group/x") == [6, 2, 5])
        #expect(try file.floats("group/x") == values)
        #expect(try file.floats("group/x", rows: 2..<4) == Array(values[20..<40]))
        #expect(try file.integers("n") == [5, -2, 9])
        #expect(throws: FormatError.self) { try file.floats("group/x", rows: 5..<7) }
        #expect(throws: FormatError.self) { try file.floats("missing") }
    }

    @Test func declaredTerabytesAreRefused() throws {
        let path = TestSupport.scratch().appendingPathComponent("huge.h5").path
        try HDF5Document.write(to: path) { file in
            _ = try file.rows("x", of: .float32, dims: [1 << 20, 1 << 20])   // 4 TiB declared, nothing written
        }
        let size = try #require(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
        #expect(size < 1 << 20)
        let file = try HDF5Arrays(path: path)
        #expect(throws: FormatError.self) { try file.floats("x") }
        #expect(throws: FormatError.self) { try file.floats("x", rows: 0..<1000) }
    }
}
