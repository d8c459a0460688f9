import ArgumentParser
import Model

/// The pairing state on the command line, shared by `simulate` and `synth`.
struct PairingOptions: ParsableArguments {
    @Option(help: "Pairing channel: A1p, A2p, Ep, A1pp, A2pp, Epp (or A1', E'', …).")
    var channel: String = "A1p"
    @Option(help: "Singlet–triplet mixing angle χ in rad (A1′, A2′, E′); the default depends on the command.")
    var mix: Double?
    @Option(help: "Nematic angle φ in rad for E′/E″ (partner weights cos φ, sin φ).")
    var nematic: Double?
    @Option(help: "Chirality ±1 for E′ (chiral) or E″ (non-unitary): weights (1, ±i)/√2.")
    var chiral: Int?
    @Option(name: .customLong("extended-s"), help: "Extended-s admixture ε of A1′: ψ = Δ0 (cos χ + ε s1).")
    var extendedS: Double = 0

    func validate() throws {
        guard PairingChannel(name: channel) != nil else {
            throw ValidationError("unknown channel '\(channel)'; use A1p, A2p, Ep, A1pp, A2pp or Epp")
        }
        if nematic != nil && chiral != nil { throw ValidationError("give --nematic or --chiral, not both") }
        if let chiral, abs(chiral) != 1 { throw ValidationError("--chiral must be +1 or -1") }
    }

    /// The pairing state with gap scale `delta` (meV), χ = `defaultMix` unless given.
    func state(delta: Double, defaultMix: Double) -> PairingState {
        let combination: PairingState.Combination = chiral.map { .chiral(sign: $0) } ?? .nematic(angle: nematic ?? 0)
        return PairingState(channel: PairingChannel(name: channel)!, deltaMeV: delta, mixAngle: mix ?? defaultMix,
                            combination: combination, extendedS: extendedS)
    }
}
