import ArgumentParser
import Foundation
import Formats
import Model
import Preprocess
import QPICore

/// `qpi simulate`: QPI maps of one pairing state from the T-matrix model (docs/physics.md).
struct Simulate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Simulate QPI maps of an Ising superconductor with one scalar impurity.",
        discussion: """
            Energies and couplings are in meV, angles in radians. The defaults are the NbSe2-like material shipped with QPIKit, the enlarged gap Δ0 = 20 meV with η = 2 meV, V0 = 200 meV and a 256 × 256 k-mesh (docs/simulator.md explains the choice).

            Examples:
              qpi simulate --pairing A1p --mix 0.3 --energies 4,8,12,16 --out a1p.h5
              qpi simulate --pairing Ep --nematic 0.5 --out nematic.h5
              qpi simulate --pairing Epp --chiral 1 --rashba 15 --mesh 128 --out epp.h5
            """)

    @Option(help: "Material file (JSON); default: the bundled NbSe2-like material.")
    var material: String?
    @OptionGroup var pairing: PairingOptions
    @Option(help: "Pairing amplitude Δ0 in meV (the simulator's gap scale; the measured gap is the coherence peak of the DOS).")
    var delta0: Double = PairingState.enlargedGapMeV
    @Option(name: .customLong("delta"), help: .hidden)
    var deprecatedDelta: Double?
    @Option(help: "Broadening η in meV.")
    var eta: Double = SimulationParameters.enlargedGapBroadeningMeV
    @Option(help: "Impurity strength V0 in meV.")
    var v0: Double = 200
    @Option(help: "Rashba coupling αR in meV (overrides the material).")
    var rashba: Double?
    @Option(help: "Ising coupling λI in meV (overrides the material).")
    var ising: Double?
    @Option(help: "Chemical potential μ in meV (overrides the material).")
    var mu: Double?
    @Option(help: "Energies in meV: a list E1,E2,… or START:STOP:COUNT (use --energies=-4,4 for a leading minus).")
    var energies: String = "4,8,12,16"
    @Option(help: "k-mesh size N (even).")
    var mesh: Int = 256
    @Option(help: "Half width of the q-frame window, in units of |b|.")
    var window: Double = QFrame.standard.halfWidth
    @Option(help: "Pixels per side of the q-frame.")
    var pixels: Int = QFrame.standard.pixels
    @Option(help: "Output HDF5 file; a PNG preview is written next to it.")
    var out: String

    func validate() throws {
        guard NumberList.parse(energies) != nil else { throw ValidationError("--energies must be a list or START:STOP:COUNT in meV") }
        if deprecatedDelta != nil { Deprecation.warn("--delta", use: "--delta0") }
        guard mesh >= 4, mesh % 2 == 0 else { throw ValidationError("--mesh must be an even number ≥ 4") }
        guard eta > 0 else { throw ValidationError("--eta must be positive") }
        guard window > 0, pixels > 1 else { throw ValidationError("--window must be positive and --pixels at least 2") }
        try OutputPath.require(out)
    }

    /// The resolved configuration.
    func parameters() throws -> SimulationParameters {
        var resolved = try material.map(Material.load) ?? Material.nbse2()
        if let rashba { resolved.rashbaMeV = rashba }
        if let ising { resolved.isingMeV = ising }
        if let mu { resolved.chemicalPotentialMeV = mu }
        return SimulationParameters(material: resolved, pairing: pairing.state(delta0: deprecatedDelta ?? delta0, defaultMix: 0), etaMeV: eta, impurityMeV: v0,
                                    energiesMeV: NumberList.parse(energies)!, meshSize: mesh,
                                    frame: QFrame(halfWidth: window, pixels: pixels))
    }

    func run() throws {
        let parameters = try self.parameters()
        let bar = ProgressBar("simulate")
        let start = Date()
        let result = try QPISimulator.run(parameters) { bar.update($0, $1) }
        Logs.logger.info("simulated \(parameters.energiesMeV.count) energies at N = \(parameters.meshSize) in \(Date().timeIntervalSince(start)) s")
        let step = ProcessStep(step: "simulate", parameters: ["configuration": .string(result.parametersJSON)])
        try result.writeHDF5(to: out, provenance: step)
        let preview = (out as NSString).deletingPathExtension + ".png"
        try PNGPreview.write(result.maps.maps, width: parameters.frame.pixels, height: parameters.frame.pixels, to: preview)
        print("wrote \(out) and \(preview) (\(parameters.energiesMeV.count) energies, \(parameters.pairing.channel.rawValue), N = \(parameters.meshSize))")
    }
}
