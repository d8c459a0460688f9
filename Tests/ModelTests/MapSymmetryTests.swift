import Foundation
import Testing
@testable import Model

/// Which channels give identical maps, and the six-fold symmetry of |δρ(q)| (docs/physics.md §3).
@Suite struct MapSymmetryTests {
    static func maps(_ state: PairingState, rashba: Double = 0, size: Int = 32, energies: [Double] = [8, 14]) throws -> [[Double]] {
        var material = try Material.nbse2()
        material.rashbaMeV = rashba
        let parameters = SimulationParameters(material: material, pairing: state, energiesMeV: energies, meshSize: size)
        return Array(try QPISimulator.run(parameters).meshMaps)
    }

    /// max |a − b| / max |b| over all energies.
    static func difference(_ a: [[Double]], _ b: [[Double]]) -> Double {
        let scale = b.flatMap { $0 }.map(abs).max()!
        return zip(a.flatMap { $0 }, b.flatMap { $0 }).map { abs($0 - $1) }.max()! / scale
    }

    @Test func unitaryInPlaneTripletsAreIndistinguishableWithoutRashba() throws {
        let a1 = try Self.maps(PairingState(channel: .a1DoublePrime, deltaMeV: 20))
        let a2 = try Self.maps(PairingState(channel: .a2DoublePrime, deltaMeV: 20))
        let e1 = try Self.maps(PairingState(channel: .eDoublePrime, deltaMeV: 20, combination: .nematic(angle: 0)))
        let e2 = try Self.maps(PairingState(channel: .eDoublePrime, deltaMeV: 20, combination: .nematic(angle: Double.pi / 2)))
        let e3 = try Self.maps(PairingState(channel: .eDoublePrime, deltaMeV: 20, combination: .nematic(angle: 0.7)))
        for other in [a2, e1, e2, e3] { #expect(Self.difference(other, a1) < 1e-9) }
        let nonUnitary = try Self.maps(PairingState(channel: .eDoublePrime, deltaMeV: 20, combination: .chiral(sign: 1)))
        #expect(Self.difference(nonUnitary, a1) > 0.2)
    }

    /// The class rule of `PairingClass`: an E″ combination with a relative phase 0 is unitary and
    /// gives the A1″ maps; any other phase (the non-unitary admixture of the training ranges) does not.
    @Test func relativePhaseDecidesTheInPlaneTripletClass() throws {
        let a1 = try Self.maps(PairingState(channel: .a1DoublePrime, deltaMeV: 20))
        let real = PairingState(channel: .eDoublePrime, deltaMeV: 20, combination: .general(angle: 0.9, phase: 0))
        #expect(Self.difference(try Self.maps(real), a1) < 1e-9)
        #expect(PairingClass(real) == .unitaryInPlaneTriplet)
        let randomization = DomainRandomization.standard
        for phase in [randomization.nonUnitaryPhase.lowerBound, -randomization.nonUnitaryPhase.upperBound] {
            let state = PairingState(channel: .eDoublePrime, deltaMeV: 20,
                                     combination: .general(angle: randomization.nonUnitaryAngle.lowerBound, phase: phase))
            #expect(PairingClass(state) == .nonUnitaryEDoublePrime)
            #expect(Self.difference(try Self.maps(state), a1) > 0.05, "phase \(phase)")
        }
    }

    @Test func rashbaSeparatesThem() throws {
        let a1 = try Self.maps(PairingState(channel: .a1DoublePrime, deltaMeV: 20), rashba: 15)
        let a2 = try Self.maps(PairingState(channel: .a2DoublePrime, deltaMeV: 20), rashba: 15)
        let e1 = try Self.maps(PairingState(channel: .eDoublePrime, deltaMeV: 20), rashba: 15)
        #expect(Self.difference(a2, a1) > 0.05)
        #expect(Self.difference(e1, a1) > 0.05)
    }

    /// max over the mesh of | |δρ(C6 q)| − |δρ(q)| | / max, with C6: (m, n) → (m − n, m).
    static func sixFoldBreaking(_ maps: [[Double]], size n: Int) -> Double {
        var worst = 0.0
        for map in maps {
            let scale = map.max()!
            for m in 0..<n { for q in 0..<n {
                let rotated = (((m - q) % n + n) % n) * n + m
                worst = max(worst, abs(map[rotated] - map[m * n + q]) / scale)
            } }
        }
        return worst
    }

    @Test func threeFoldChannelsGiveSixFoldMaps() throws {
        let states = [PairingState(channel: .a1Prime, deltaMeV: 20, mixAngle: 0.3),
                      PairingState(channel: .a2Prime, deltaMeV: 20, mixAngle: 0.5),
                      PairingState(channel: .ePrime, deltaMeV: 20, mixAngle: 0.2, combination: .chiral(sign: -1)),
                      PairingState(channel: .a1DoublePrime, deltaMeV: 20),
                      PairingState(channel: .eDoublePrime, deltaMeV: 20, combination: .chiral(sign: 1))]
        for state in states {
            #expect(Self.sixFoldBreaking(try Self.maps(state), size: 32) < 1e-9, "\(state.channel)")
        }
        let nematic = try Self.maps(PairingState(channel: .ePrime, deltaMeV: 20, mixAngle: 0.2, combination: .nematic(angle: 0.3)))
        #expect(Self.sixFoldBreaking(nematic, size: 32) > 0.01)
    }

    @Test func nematicDirectorIsAMirrorOfTheMap() throws {
        // A nematic E′ state along φ = 0 keeps the mirror kx → −kx of the lattice (σv), so its map
        // is symmetric under q → σv q, which on the mesh is (m, n) → (−m, n − m).
        let n = 32
        let maps = try Self.maps(PairingState(channel: .ePrime, deltaMeV: 20, mixAngle: 0.2, combination: .nematic(angle: 0)), size: n)
        for map in maps {
            let scale = map.max()!
            for m in 0..<n { for q in 0..<n {
                let mirrored = ((n - m) % n) * n + ((q - m) % n + n) % n
                #expect(abs(map[mirrored] - map[m * n + q]) <= 1e-9 * scale)
            } }
        }
    }
}
