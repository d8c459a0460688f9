import Foundation
import Testing
import QPICore
@testable import Formats

/// Two reader/writer bugs found in a read-through: a NeXus grid's 2-D topograph `Z_fwd` was
/// ignored (and its channel named `…_fwd_fwd`), and a TIFF of a descending sweep carried a
/// negative ImageJ spacing.
@Suite struct NamedBugTests {
    /// A NeXus grid as another implementation writes it: signal `LI_Demod_1_X_fwd` [energy, y, x],
    /// a 2-D `Z_fwd` [y, x] beside it.
    static func nexusGrid(at path: String, rows: Int = 6, columns: Int = 5, layers: Int = 3) throws -> [Float] {
        let z = (0 ..< rows * columns).map { Float($0) * 1e-11 }
        try HDF5Document.write(to: path) { file in
            try file.group("entry", attributes: ["NX_class": .string("NXentry")])
            try file.group("entry/data", attributes: ["NX_class": .string("NXdata"), "signal": .string("LI_Demod_1_X_fwd"),
                                                      "axes": .strings(["bias", "y", "x"])])
            try file.dataset("entry/data/LI_Demod_1_X_fwd", (0 ..< layers * rows * columns).map(Float.init), dims: [layers, rows, columns],
                             attributes: ["units": .string("A")])
            try file.dataset("entry/data/Z_fwd", z, dims: [rows, columns], attributes: ["units": .string("m")])
            try file.dataset("entry/data/bias", (0..<layers).map { Double($0) * 1e-3 }, dims: [layers], attributes: ["units": .string("V")])
            try file.dataset("entry/data/x", (0..<columns).map { Double($0) * 1e-10 }, dims: [columns], attributes: ["units": .string("m")])
            try file.dataset("entry/data/y", (0..<rows).map { Double($0) * 1e-10 }, dims: [rows], attributes: ["units": .string("m")])
        }
        return z
    }

    @Test func nexusTopographIsAPixelParameter() throws {
        let path = Fixtures.scratch().appendingPathComponent("nexus.h5").path
        let z = try Self.nexusGrid(at: path)
        let grid = try DataFormat.read(path: path)
        #expect(grid.channels.map(\.datasetName) == ["LI_Demod_1_X_fwd"])
        #expect(grid.channels[0].direction == .forward)
        #expect(grid.parameters.map(\.name) == ["Z"] && grid.parameters[0].unit == "m")
        #expect(grid.parameters[0].values == z)
    }

    /// The independent grids of ../shared/data/independent carry their topograph this way; the
    /// values are compared with the dataset read directly.
    @Test(.needsShared("independent")) func independentGridsKeepTheirTopograph() throws {
        let path = Fixtures.shared("independent/a1p_chi0.25.h5")
        let grid = try DataFormat.read(path: path)
        let direct = try HDF5Arrays(path: path).floats("entry/data/Z_fwd")
        #expect(grid.channels.map(\.datasetName) == ["LI_Demod_1_X_fwd"])
        #expect(grid.parameters.first { $0.name == "Z" }?.values == direct)
    }

    /// A descending sweep: no negative ImageJ spacing (Fiji cannot calibrate it), the loss is
    /// reported, and QPIKit's own reader still restores the sweep bit for bit.
    @Test func descendingSweepHasNoNegativeSpacing() throws {
        let folder = Fixtures.scratch()
        let source = folder.appendingPathComponent("nexus.h5").path
        _ = try Self.nexusGrid(at: source)
        var grid = try DataFormat.read(path: source)
        grid.sweep!.values.reverse()
        let path = folder.appendingPathComponent("descending.tif").path
        let (_, losses) = try DataFormat.write(grid, to: path)
        let text = String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self)
        #expect(!text.contains("spacing=-") && !text.contains("\nspacing="))
        #expect(losses.contains { $0.contains("descending") })
        #expect(try DataFormat.read(path: path).sweep == grid.sweep)
        grid.sweep!.values.reverse()
        let ascending = folder.appendingPathComponent("ascending.tif").path
        #expect(try DataFormat.write(grid, to: ascending).losses.isEmpty)
        #expect(String(decoding: try Data(contentsOf: URL(fileURLWithPath: ascending)), as: UTF8.self).contains("\nspacing=1.0\n"))
    }
}
