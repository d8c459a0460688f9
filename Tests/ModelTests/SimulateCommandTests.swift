import Foundation
import Testing
import Formats
@testable import Model

/// `qpi simulate` as a user runs it: the fixed HDF5 layout, the stored configuration, the preview.
@Suite struct SimulateCommandTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func run(_ program: String, _ arguments: [String]) -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        guard (try? process.run()) != nil else { return (-1, "cannot run \(program)") }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    static var qpi: String {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("qpi").path
        return FileManager.default.isExecutableFile(atPath: beside) ? beside : root.appendingPathComponent(".build/release/qpi").path
    }

    @Test func writesTheFixedLayoutWithItsConfiguration() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("qpikit-sim-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let out = folder.appendingPathComponent("a2p.h5").path
        let (status, output) = Self.run(Self.qpi, ["simulate", "--channel", "A2'", "--mix", "0.2", "--energies", "5,10",
                                                    "--mesh", "16", "--pixels", "21", "--window", "1", "--out", out])
        #expect(status == 0, "\(output)")
        #expect(Set((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []) == ["a2p.h5", "a2p.png"])
        let (listed, listing) = Self.run("/usr/bin/h5ls", ["-r", out])
        #expect(listed == 0)
        let lines = Set(listing.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ") })
        for expected in ["/entry/data/qpi Dataset {2, 21, 21}", "/entry/data/energy Dataset {2}", "/entry/data/qx Dataset {21}",
                         "/entry/data/qy Dataset {21}", "/entry/lattice_ldos Dataset {2, 16, 16}", "/entry/dos Dataset {2}"] {
            #expect(lines.contains(expected), "missing \(expected)")
        }
        let (_, attributes) = Self.run("/usr/bin/h5dump", ["-A", "-g", "/entry/parameters", out])
        #expect(attributes.contains("\"channel\":\"A2'\"") && attributes.contains("\"meshSize\":16"))
        #expect(attributes.contains("software_version"))
        let (_, data) = Self.run("/usr/bin/h5dump", ["-A", "-g", "/entry/data", out])
        #expect(data.contains("\"energy\", \"qy\", \"qx\"") && data.contains("\"qpi\""))

        // The stored maps are the simulator's own for the same configuration.
        let stored = try DataFormat.read(path: out + ":/entry/data/qpi")
        let parameters = SimulationParameters(material: try Material.nbse2(),
                                              pairing: PairingState(channel: .a2Prime, deltaMeV: 20, mixAngle: 0.2),
                                              energiesMeV: [5, 10], meshSize: 16, frame: .init(halfWidth: 1, pixels: 21))
        let direct = try QPISimulator.run(parameters)
        #expect(stored.channels[0].data == direct.maps.flatMap { $0 })
    }

    @Test func badOptionsAreExplained() {
        let (status, output) = Self.run(Self.qpi, ["simulate", "--channel", "B2", "--out", "/tmp/x.h5"])
        #expect(status != 0 && output.contains("unknown channel 'B2'"))
        let (odd, oddOutput) = Self.run(Self.qpi, ["simulate", "--mesh", "15", "--out", "/tmp/x.h5"])
        #expect(odd != 0 && oddOutput.contains("--mesh must be an even number"))
    }
}
