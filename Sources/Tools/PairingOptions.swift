import Analysis
import ArgumentParser
import Model

/// The pairing state on the command line, shared by `simulate` and `synth` (`--pairing`, as in
/// `analyze`; `--channel` always names a data channel).
struct PairingOptions: ParsableArguments {
    @Option(help: "Pairing channel (also A1', E'', …).")
    var pairing: PairingChannel = .a1Prime
    @Option(name: .customLong("channel"), help: .hidden)
    var deprecatedChannel: PairingChannel?
    @Option(help: "Singlet–triplet mixing angle χ in rad (A1′, A2′, E′); the default depends on the command.")
    var mix: Double?
    @Option(help: "Nematic angle φ in rad for E′/E″ (partner weights cos φ, sin φ).")
    var nematic: Double?
    @Option(help: "Chirality ±1 for E′ (chiral) or E″ (non-unitary): weights (1, ±i)/√2.")
    var chiral: Int?
    @Option(name: .customLong("extended-s"), help: "Extended-s admixture ε of A1′: ψ = Δ0 (cos χ + ε s1).")
    var extendedS: Double = 0

    func validate() throws {
        if deprecatedChannel != nil { Deprecation.warn("--channel for the pairing channel", use: "--pairing") }
        if nematic != nil && chiral != nil { throw ValidationError("give --nematic or --chiral, not both") }
        if let chiral, abs(chiral) != 1 { throw ValidationError("--chiral must be +1 or -1") }
    }

    /// The pairing state with gap scale Δ0 = `delta0` (meV), χ = `defaultMix` unless given.
    func state(delta0: Double, defaultMix: Double) -> PairingState {
        let combination: PairingState.Combination = chiral.map { .chiral(sign: $0) } ?? .nematic(angle: nematic ?? 0)
        return PairingState(channel: deprecatedChannel ?? pairing, deltaMeV: delta0, mixAngle: mix ?? defaultMix,
                            combination: combination, extendedS: extendedS)
    }
}
