/// Perceptually uniform colour maps as 8-bit RGB.
public enum Colormap: String, Sendable, CaseIterable {
    case viridis

    /// The colour at `t` in 0…1 (clamped), as 8-bit RGB.
    ///
    /// Viridis (van der Walt & Smith, matplotlib 2.0) through the 6th-order polynomial fit of
    /// its table (max error below 1/255 per channel).
    public func rgb(_ t: Double) -> (UInt8, UInt8, UInt8) {
        let t = t.isFinite ? min(max(t, 0), 1) : 0
        let c: [(Double, Double, Double)] = [
            (0.2777273272234177, 0.005407344544966578, 0.3340998053353061),
            (0.1050930431085774, 1.404613529898575, 1.384590162594685),
            (-0.3308618287255563, 0.214847559468213, 0.09509516302823659),
            (-4.634230498983486, -5.799100973351585, -19.33244095627987),
            (6.228269936347081, 14.17993336680509, 56.69055260068105),
            (4.776384997670288, -13.74514537774601, -65.35303263337234),
            (-5.435455855934631, 4.645852612178535, 26.3124352495832),
        ]
        var (r, g, b) = c[6]
        for k in stride(from: 5, through: 0, by: -1) {
            r = c[k].0 + t * r
            g = c[k].1 + t * g
            b = c[k].2 + t * b
        }
        func byte(_ v: Double) -> UInt8 { UInt8(min(max(v, 0), 1) * 255 + 0.5) }
        return (byte(r), byte(g), byte(b))
    }
}
