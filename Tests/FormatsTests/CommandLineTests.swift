import Foundation
import Testing
import TestSupport
@testable import Formats
import QPICore

/// The `qpi` executable as a user runs it: exit status, messages, and files left behind.
@Suite struct CommandLineTests {
    static func qpi(_ arguments: String...) -> (status: Int32, output: String) { TestSupport.qpi(arguments) }

    @Test func infoDescribesTheSample() {
        let (status, output) = Self.qpi("info", Fixtures.sample("demo_grid.3ds"))
        #expect(status == 0, "\(output)")
        #expect(output.contains("spectral grid, 32 × 32 pixels × 21 sweep points"))
        #expect(output.contains("LI_Demod_1_X_bwd"))
        #expect(output.contains("Bias, 21 points, -0.02 … 0.02 V"))
    }

    @Test func convertRecordsProvenanceAndLeavesOnlyTheOutput() throws {
        let folder = Fixtures.scratch()
        let out = folder.appendingPathComponent("grid.h5").path
        let (status, output) = Self.qpi("convert", Fixtures.sample("demo_grid.3ds"), out)
        #expect(status == 0, "\(output)")
        #expect(Fixtures.contents(folder) == ["grid.h5"])
        let back = try DataFormat.read(path: out)
        #expect(back.metadata.provenance.last?.step == "convert")
        #expect(back.metadata.provenance.last?.version == QPIKitVersion.current)
        #expect(back.metadata.source.format == "Nanonis 3ds")
    }

    @Test func pngConversionSaysWhatIsLost() {
        let folder = Fixtures.scratch()
        let (status, output) = Self.qpi("convert", Fixtures.sample("demo_grid.3ds"), folder.appendingPathComponent("m.png").path,
                                        "--channel", "LI Demod 1 X")
        #expect(status == 0, "\(output)")
        #expect(output.contains("not carried: PNG holds 16-bit samples"))
        #expect(Fixtures.contents(folder).count == 42)
    }

    @Test func badInputExitsOneNamingTheFileAndWritesNothing() {
        let folder = Fixtures.scratch()
        let broken = folder.appendingPathComponent("broken.3ds").path
        FileManager.default.createFile(atPath: broken, contents: Data("Grid dim=\"4 x 4\"\r\n:HEADER_END:\r\n".utf8))
        let (status, output) = Self.qpi("convert", broken, folder.appendingPathComponent("out.h5").path)
        #expect(status == 1)
        #expect(output.contains("qpi: error: \(broken):"))
        #expect(Fixtures.contents(folder) == ["broken.3ds"])
    }

    @Test func unknownChannelAndBadOptionsAreExplained() {
        let folder = Fixtures.scratch()
        let out = folder.appendingPathComponent("x.h5").path
        let channel = Self.qpi("convert", Fixtures.sample("demo_grid.3ds"), out, "--channel", "Nope")
        #expect(channel.status == 1 && channel.output.contains("no channel 'Nope'"))
        let energies = Self.qpi("convert", Fixtures.sample("demo_grid.3ds"), out, "--energies", "1:2")
        #expect(energies.status != 0 && energies.output.contains("--energies must be"))
        let ext = Self.qpi("convert", Fixtures.sample("demo_grid.3ds"), folder.appendingPathComponent("x.xyz").path)
        #expect(ext.status != 0 && ext.output.contains("cannot write this extension"))
        #expect(Fixtures.contents(folder).isEmpty)
    }

    @Test func foreignPNGSeriesTakesEnergiesPixelSizeAndUnitsFromOptions() throws {
        let folder = Fixtures.scratch()
        for layer in 0..<3 {
            let path = folder.appendingPathComponent("stack_0\(layer).png").path
            guard try Fixtures.pillowPNG(at: path, mode: "I;16", width: 3, height: 2, values: [Int](repeating: 100 * layer, count: 6)) else { return }
        }
        let out = folder.appendingPathComponent("s.h5").path
        let (status, output) = Self.qpi("convert", folder.appendingPathComponent("stack_01.png").path, out,
                                        "--energies=-10:20:3", "--pixel-size", "1nm", "--units", "nS")
        #expect(status == 0, "\(output)")
        let back = try DataFormat.read(path: out)
        #expect(back.sweep?.values == [-0.01, 0.005, 0.02])
        #expect(back.x.values == [0, 1e-9, 2e-9])
        #expect(back.channels[0].unit == "nS")
        #expect(back.channels[0].data[12] == 200)
        #expect(back.metadata.assumptions.contains { $0.contains("raw integer") })
    }
}
