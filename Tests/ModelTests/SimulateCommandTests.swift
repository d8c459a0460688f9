import Foundation
import Testing
import Formats
import TestSupport
@testable import Model

/// `qpi simulate` as a user runs it: the fixed HDF5 layout, the stored configuration, the preview.
@Suite struct SimulateCommandTests {
    @Test func writesTheFixedLayoutWithItsConfiguration() throws {
        let folder = TestSupport.scratch()
        let out = folder.appendingPathComponent("a2p.h5").path
        let (status, output) = TestSupport.qpi(["simulate", "--pairing", "A2'", "--mix", "0.2", "--energies", "5,10",
                                                    "--mesh", "16", "--pixels", "21", "--window", "1", "--out", out])
        #expect(status == 0, "\(output)")
        #expect(Set((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []) == ["a2p.h5", "a2p.png"])
        let (listed, listing) = try #require(TestSupport.run("h5ls", ["-r", out]))
        #expect(listed == 0)
        let lines = Set(listing.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ") })
        for expected in ["/entry/data/qpi Dataset {2, 21, 21}", "/entry/data/energy Dataset {2}", "/entry/data/qx Dataset {21}",
                         "/entry/data/qy Dataset {21}", "/entry/lattice_ldos Dataset {2, 16, 16}", "/entry/dos Dataset {2}"] {
            #expect(lines.contains(expected), "missing \(expected)")
        }
        let (_, attributes) = try #require(TestSupport.run("h5dump", ["-A", "-g", "/entry/parameters", out]))
        #expect(attributes.contains("\"channel\":\"A2'\"") && attributes.contains("\"meshSize\":16"))
        #expect(attributes.contains("software_version"))
        let (_, data) = try #require(TestSupport.run("h5dump", ["-A", "-g", "/entry/data", out]))
        #expect(data.contains("\"energy\", \"qy\", \"qx\"") && data.contains("\"qpi\""))

        // The stored maps are the simulator's own for the same configuration.
        let stored = try DataFormat.read(path: out + ":/entry/data/qpi")
        let parameters = SimulationParameters(material: try Material.nbse2(),
                                              pairing: PairingState(channel: .a2Prime, deltaMeV: 20, mixAngle: 0.2),
                                              energiesMeV: [5, 10], meshSize: 16, frame: .init(halfWidth: 1, pixels: 21))
        let direct = try QPISimulator.run(parameters)
        #expect(stored.channels[0].data == direct.maps.maps.flatMap { $0 })
    }

    /// Measured FFTW plans are kept in the wisdom file and reused; an unreadable file is ignored
    /// and replaced.
    @Test func measuredPlansAreKeptBetweenRuns() throws {
        let folder = TestSupport.scratch()
        let wisdom = folder.appendingPathComponent("wisdom").path
        let arguments = ["simulate", "--energies", "5", "--mesh", "24", "--pixels", "15", "--out", folder.appendingPathComponent("s.h5").path]
        let first = TestSupport.qpi(arguments, environment: ["QPIKIT_FFTW_WISDOM": wisdom])
        #expect(first.status == 0, "\(first.output)")
        let written = try String(contentsOfFile: wisdom, encoding: .utf8)
        #expect(written.hasPrefix("(fftw-3.") && written.contains("fftw_codelet"), "\(written.prefix(200))")
        let modified = try FileManager.default.attributesOfItem(atPath: wisdom)[.modificationDate] as? Date
        Thread.sleep(forTimeInterval: 1.1)
        #expect(TestSupport.qpi(arguments, environment: ["QPIKIT_FFTW_WISDOM": wisdom]).status == 0)
        #expect(try FileManager.default.attributesOfItem(atPath: wisdom)[.modificationDate] as? Date == modified,
                "a run that found every plan in the file must not rewrite it")
        try Data("(fftw-3.3.10 not wisdom".utf8).write(to: URL(fileURLWithPath: wisdom))
        let corrupt = TestSupport.qpi(arguments, environment: ["QPIKIT_FFTW_WISDOM": wisdom])
        #expect(corrupt.status == 0, "\(corrupt.output)")
        // Measured again (the plans may differ: measuring is timing) and written as whole wisdom.
        let rewritten = try String(contentsOfFile: wisdom, encoding: .utf8)
        #expect(rewritten.hasPrefix("(fftw-3.") && rewritten.contains("fftw_codelet") && rewritten.hasSuffix(")\n"))
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: folder.path)) == ["wisdom", "s.h5", "s.png"])
    }

    @Test func badOptionsAreExplained() {
        let (status, output) = TestSupport.qpi(["simulate", "--pairing", "B2", "--out", "/tmp/x.h5"])
        #expect(status != 0 && output.contains("'B2' is invalid for '--pairing") && output.contains("A1pp"))
        let (odd, oddOutput) = TestSupport.qpi(["simulate", "--mesh", "15", "--out", "/tmp/x.h5"])
        #expect(odd != 0 && oddOutput.contains("--mesh must be an even number"))
    }

    /// The spellings of the previous release still work for one release, with a warning, and give
    /// the same maps as the new ones.
    @Test func deprecatedSpellingsStillWork() throws {
        let folder = TestSupport.scratch()
        let common = ["--energies", "6", "--mesh", "16", "--pixels", "21", "--window", "1"]
        let old = folder.appendingPathComponent("old.h5").path, new = folder.appendingPathComponent("new.h5").path
        let (oldStatus, oldOutput) = TestSupport.qpi(["simulate", "--channel", "A2p", "--delta", "15", "--out", old] + common)
        #expect(oldStatus == 0 && oldOutput.contains("--delta is deprecated") && oldOutput.contains("use --delta0"))
        #expect(oldOutput.contains("--channel for the pairing channel is deprecated"))
        let (newStatus, newOutput) = TestSupport.qpi(["simulate", "--pairing", "A2p", "--delta0", "15", "--out", new] + common)
        #expect(newStatus == 0 && !newOutput.contains("is deprecated"))
        #expect(try DataFormat.read(path: old + ":/entry/data/qpi").channels[0].data
                == DataFormat.read(path: new + ":/entry/data/qpi").channels[0].data)
    }
}
