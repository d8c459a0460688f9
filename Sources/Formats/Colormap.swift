/// Perceptually uniform colour maps as 8-bit RGB.
public enum Colormap: String, Sendable, CaseIterable {
    /// Sequential, blue–green–yellow (van der Walt & Smith, matplotlib 2.0).
    case viridis
    /// Sequential, black–red–yellow (van der Walt & Smith, matplotlib 2.0).
    case inferno
    /// Diverging blue–grey–red for signed data (Moreland, "Diverging Color Maps for Scientific
    /// Visualization", ISVC 2009).
    case coolwarm

    /// The colour at `t` in 0…1 (clamped), as 8-bit RGB. Viridis and inferno come from 6th-order
    /// polynomial fits of their tables (error below 1/255 per channel); cool–warm interpolates
    /// Moreland's table linearly.
    public func rgb(_ t: Double) -> (UInt8, UInt8, UInt8) {
        let t = t.isFinite ? min(max(t, 0), 1) : 0
        func byte(_ v: Double) -> UInt8 { UInt8(min(max(v, 0), 1) * 255 + 0.5) }
        if self == .coolwarm {
            let table: [(Double, Double, Double)] = [(59, 76, 192), (98, 130, 234), (141, 176, 254), (184, 208, 249), (221, 221, 221),
                                                     (245, 196, 173), (244, 154, 123), (222, 96, 77), (180, 4, 38)]
            let x = t * Double(table.count - 1), i = min(Int(x), table.count - 2), f = x - Double(i)
            let (a, b) = (table[i], table[i + 1])
            return (byte((a.0 + f * (b.0 - a.0)) / 255), byte((a.1 + f * (b.1 - a.1)) / 255), byte((a.2 + f * (b.2 - a.2)) / 255))
        }
        let c = self == .viridis ? Self.viridisFit : Self.infernoFit
        var (r, g, b) = c[6]
        for k in stride(from: 5, through: 0, by: -1) {
            r = c[k].0 + t * r
            g = c[k].1 + t * g
            b = c[k].2 + t * b
        }
        return (byte(r), byte(g), byte(b))
    }

    private static let viridisFit: [(Double, Double, Double)] = [
        (0.2777273272234177, 0.005407344544966578, 0.3340998053353061),
        (0.1050930431085774, 1.404613529898575, 1.384590162594685),
        (-0.3308618287255563, 0.214847559468213, 0.09509516302823659),
        (-4.634230498983486, -5.799100973351585, -19.33244095627987),
        (6.228269936347081, 14.17993336680509, 56.69055260068105),
        (4.776384997670288, -13.74514537774601, -65.35303263337234),
        (-5.435455855934631, 4.645852612178535, 26.3124352495832),
    ]

    private static let infernoFit: [(Double, Double, Double)] = [
        (0.0002189403691192265, 0.001651004631001012, -0.01948089843709184),
        (0.1065134194856116, 0.5639564367884091, 3.932712388889277),
        (11.60249308247187, -3.972853965665698, -15.9423941062914),
        (-41.70399613139459, 17.43639888205313, 44.35414519872813),
        (77.162935699427, -33.40235894210092, -81.80730925738993),
        (-71.31942824499214, 32.62606426397723, 73.20951985803202),
        (25.13112622477341, -12.24266895238567, -23.07032500287172),
    ]
}
