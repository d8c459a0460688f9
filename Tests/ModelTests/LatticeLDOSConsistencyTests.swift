import Foundation
import Testing
@testable import Model

/// The real-space LDOS change δρ(R) that `qpi synth` renders and the q-space map |δρ(q)| that the
/// classifier is trained on are one quantity: |Σ_R δρ(R) e^{−iq·R}| on the mesh equals the map.
@Suite struct LatticeLDOSConsistencyTests {
    @Test(arguments: [PairingState(channel: .a1DoublePrime, deltaMeV: 20),
                      PairingState(channel: .eDoublePrime, deltaMeV: 20, combination: .chiral(sign: 1)),
                      PairingState(channel: .ePrime, deltaMeV: 20, mixAngle: 0.3, combination: .nematic(angle: 0.4))])
    func fourierTransformOfTheLatticeLDOSIsTheMap(state: PairingState) throws {
        let n = 16
        let parameters = SimulationParameters(material: try Material.nbse2(), pairing: state, energiesMeV: [9], meshSize: n)
        let result = try QPISimulator.run(parameters)
        let ldos = result.latticeLDOS[0], map = result.meshMaps[0]
        var worst = 0.0
        let scale = map.max()!
        for m in 0..<n { for q in 0..<n where m + q > 0 {
            var re = 0.0, im = 0.0
            for i in 0..<n { for j in 0..<n {
                let phase = -2 * Double.pi * Double(m * i + q * j) / Double(n)
                re += ldos[i * n + j] * cos(phase); im += ldos[i * n + j] * sin(phase)
            } }
            worst = max(worst, abs((re * re + im * im).squareRoot() - map[m * n + q]) / scale)
        } }
        #expect(worst < 1e-6)
    }
}
