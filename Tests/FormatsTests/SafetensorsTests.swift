import Foundation
import Testing
import TestSupport
@testable import Formats

/// safetensors: the layout of the format's specification, bit-exact round trips, hostile files.
@Suite struct SafetensorsTests {
    static let sample = Safetensors(tensors: [
        "b": .init(shape: [2, 3], values: [1, -2, 3.5, .infinity, -0.0, .leastNonzeroMagnitude]),
        "a": .init(shape: [1], values: [.nan]),
    ], metadata: ["note": "ω/Δ \"quoted\""])

    @Test func layoutFollowsTheSpecification() throws {
        let bytes = try Self.sample.encoded()
        let length = Int(bytes[0..<8].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) })
        #expect((8 + length) % 8 == 0)
        let header = try JSONSerialization.jsonObject(with: Data(bytes[8 ..< 8 + length])) as! [String: Any]
        let a = header["a"] as! [String: Any], b = header["b"] as! [String: Any]
        #expect(a["dtype"] as? String == "F32" && a["shape"] as? [Int] == [1])
        #expect(a["data_offsets"] as? [Int] == [0, 4] && b["data_offsets"] as? [Int] == [4, 28])
        #expect((header["__metadata__"] as? [String: String])?["note"] == "ω/Δ \"quoted\"")
        // Little-endian float32 values right after the header: "a" first (name order).
        let third = bytes[8 + length + 4 + 8 ..< 8 + length + 4 + 12]
        #expect(third.elementsEqual([0x00, 0x00, 0x60, 0x40]))   // 3.5
        #expect(bytes.count == 8 + length + 28)
    }

    @Test func roundTripIsBitExact() throws {
        let path = TestSupport.scratch().appendingPathComponent("t.safetensors").path
        try Self.sample.write(to: path)
        let back = try Safetensors.read(path: path)
        #expect(back.metadata == Self.sample.metadata)
        for (name, tensor) in Self.sample.tensors {
            #expect(back.tensors[name]?.shape == tensor.shape)
            #expect(back.tensors[name]?.values.map(\.bitPattern) == tensor.values.map(\.bitPattern))
        }
    }

    @Test func pythonReadsIt() throws {
        // The reference implementation (make test installs it; in CI its absence fails the test).
        guard TestSupport.pythonHas(["safetensors", "numpy"]) else { return }
        let path = TestSupport.scratch().appendingPathComponent("t.safetensors").path
        try Self.sample.write(to: path)
        let script = """
            from safetensors.numpy import load_file
            from safetensors import safe_open
            t = load_file('\(path)')
            assert t['b'].shape == (2, 3) and t['b'][0, 2] == 3.5, t
            with safe_open('\(path)', 'np') as f: assert f.metadata()['note'].startswith('ω/Δ')
            print('ok')
            """
        #expect(TestSupport.run(TestSupport.python, ["-c", script])?.output.contains("ok") == true)
    }

    @Test func hostileFilesGiveTypedErrors() throws {
        let folder = TestSupport.scratch()
        let good = try Self.sample.encoded()
        let length = Int(good[0..<8].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) })
        var huge = good; huge[7] = 0x7f
        var badOffsets = good
        if let range = String(decoding: good[8 ..< 8 + length], as: UTF8.self).range(of: "[4,28]") {
            let offset = 8 + String(decoding: good[8 ..< 8 + length], as: UTF8.self).utf8.distance(from: String(decoding: good[8 ..< 8 + length], as: UTF8.self).startIndex, to: range.lowerBound)
            badOffsets.replaceSubrange(offset ..< offset + 6, with: Array("[4,99]".utf8))
        }
        let cases: [(String, [UInt8], FormatError.Kind)] = [
            ("empty", [], .truncated), ("short", Array(good.prefix(5)), .truncated),
            ("huge-header", huge, .corrupt), ("cut-data", Array(good.dropLast(3)), .corrupt),
            ("not-json", Array(good.prefix(8)) + [UInt8](repeating: 0x41, count: length), .corrupt),
            ("bad-offsets", badOffsets, .corrupt),
        ]
        for (name, bytes, kind) in cases {
            let path = folder.appendingPathComponent(name + ".safetensors").path
            FileManager.default.createFile(atPath: path, contents: Data(bytes))
            #expect(throws: FormatError.self, "\(name)") { try Safetensors.read(path: path) }
            do { _ = try Safetensors.read(path: path) } catch let error as FormatError {
                #expect(error.kind == kind && error.path == path, "\(name): \(error)")
            }
        }
        #expect(throws: FormatError.self) { try Safetensors.read(path: folder.path) }
    }
}
