import Testing
import QPICore
@testable import Model

/// The single-precision path (data sets) against the double path on the same eigensystem: maps,
/// δρ(R) and the DOS within 1e-4 of the double result, relative to the largest value of each map.
@Suite struct SinglePrecisionTests {
    /// A spin-conserving state (6 components), an in-plane triplet and a Rashba state (12), at
    /// energies inside the gap, at the coherence peak and above it.
    @Test(arguments: [(PairingChannel.a1Prime, 0.0), (.eDoublePrime, 0.0), (.ePrime, 15.0)])
    func singleEqualsDoubleWithin1e4(channel: PairingChannel, rashba: Double) throws {
        var material = try Material.nbse2()
        material.rashbaMeV = rashba
        let pairing = PairingState(channel: channel, deltaMeV: 20, mixAngle: 0.4,
                                   combination: channel.isTwoDimensional ? .chiral(sign: 1) : .nematic(angle: 0))
        var parameters = SimulationParameters(material: material, pairing: pairing, etaMeV: 2, impurityMeV: 200,
                                              energiesMeV: [4, 12, 19, 21, 30], meshSize: 96)
        let system = try MeshEigensystem(hamiltonian: BdGHamiltonian(normal: NormalState(material: material), pairing: pairing),
                                         size: parameters.meshSize)
        let double = try QPISimulator.run(parameters, on: system)
        parameters.precision = .single
        let single = try QPISimulator.run(parameters, on: system)
        for e in parameters.energiesMeV.indices {
            for (a, b) in [(single.meshMaps[e], double.meshMaps[e]), (single.latticeLDOS[e], double.latticeLDOS[e])] {
                let scale = b.map(abs).max()!
                let worst = zip(a, b).map { abs($0 - $1) }.max()!
                #expect(scale > 0 && worst <= 1e-4 * scale, "energy \(parameters.energiesMeV[e]) meV: \(worst / scale) relative")
                #expect(worst > 0, "the single path must not be the double path")
            }
            #expect(abs(single.dos[e] - double.dos[e]) <= 1e-5 * abs(double.dos[e]))
        }
    }

    /// The precision is stored with the parameters and older configurations (without it) read as double.
    @Test func precisionIsRecordedAndDefaultsToDouble() throws {
        var parameters = SimulationParameters(material: try Material.nbse2(), pairing: PairingState(channel: .a1Prime, deltaMeV: 20, mixAngle: 0.3))
        parameters.precision = .single
        let json = try JSONCoding.encode(parameters)
        #expect(try JSONCoding.decode(SimulationParameters.self, from: json) == parameters)
        let older = json.replacingOccurrences(of: "\"precision\":\"single\"", with: "\"unused\":0")
        #expect(older != json)
        #expect(try JSONCoding.decode(SimulationParameters.self, from: older).precision == .double)
    }
}
