import Foundation

/// The parameters the network estimates besides the class, each defined only for some states
/// (masked otherwise). The nematic angle φ of E′ is defined modulo π (φ and φ + π are the same
/// state up to sign), so it is regressed as (cos 2φ, sin 2φ).
public enum RegressionTarget: String, CaseIterable, Codable, Sendable {
    /// Singlet–triplet mixing angle χ in rad (A1′, A2′, E′).
    case mixAngle = "chi_rad"
    case nematicCos = "cos_2phi"
    case nematicSin = "sin_2phi"
    /// 1 for a chiral E′ state, 0 for a nematic one.
    case chirality = "chiral"

    /// Values and mask (1 where defined) for `state`, in `allCases` order.
    public static func targets(for state: PairingState) -> (values: [Float], mask: [Float]) {
        var values = [Float](repeating: 0, count: allCases.count), mask = values
        if state.channel.hasMixing {
            values[0] = Float(state.mixAngle); mask[0] = 1
        }
        if state.channel == .ePrime {
            switch state.combination {
            case .nematic(let angle):
                values[1] = Float(cos(2 * angle)); values[2] = Float(sin(2 * angle)); mask[1] = 1; mask[2] = 1
                mask[3] = 1
            case .chiral:
                values[3] = 1; mask[3] = 1
            case .general: break
            }
        }
        return (values, mask)
    }
}
