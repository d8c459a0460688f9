import Foundation
import QPICore

/// The normalisation every map stack gets before the network sees it, the same for simulated
/// and measured maps: q = 0 and the six Bragg peaks are masked (a simulated map carries no
/// signal there, a measured one mostly topography), each layer is divided by its mean, taken
/// to log(x + 0.05) to tame its dynamic range, and standardised to zero mean and unit variance
/// over the unmasked pixels. Non-finite pixels count as masked.
public enum ClassifierInput {
    /// Mask radius around q = 0 and each Bragg peak, in units of |b|.
    public static let maskRadius = 0.06

    /// Whether each frame pixel is used (not masked).
    public static func usedPixels(_ frame: QFrame) -> [Bool] {
        let axis = frame.axis
        let centres = [SIMD2<Double>(0, 0)] + LatticeGeometry.braggPeaksInFrame
        return (0 ..< frame.pixels * frame.pixels).map { index in
            let q = SIMD2(axis[index % frame.pixels], axis[index / frame.pixels])
            return centres.allSatisfy { c in ((q - c) * (q - c)).sum() > maskRadius * maskRadius }
        }
    }

    /// The network input for `maps` (`[energy][row-major frame pixel]`), flattened `[energy, pixel]`.
    public static func normalise(_ maps: [[Float]], frame: QFrame, used: [Bool]? = nil) -> [Float] {
        let used = used ?? usedPixels(frame)
        var out: [Float] = []
        out.reserveCapacity(maps.count * used.count)
        for map in maps {
            let valid = used.indices.filter { used[$0] && map[$0].isFinite }
            let mean = valid.reduce(0.0) { $0 + Double(map[$1]) } / Double(max(valid.count, 1))
            guard mean > 0 else { out += [Float](repeating: 0, count: map.count); continue }
            var layer = [Double](repeating: 0, count: map.count)
            for i in valid { layer[i] = log(max(Double(map[i]), 0) / mean + 0.05) }
            let centre = valid.reduce(0.0) { $0 + layer[$1] } / Double(valid.count)
            let spread = (valid.reduce(0.0) { $0 + (layer[$1] - centre) * (layer[$1] - centre) } / Double(valid.count)).squareRoot()
            let scale = spread > 0 ? 1 / spread : 0
            var normalised = [Float](repeating: 0, count: map.count)
            for i in valid { normalised[i] = Float((layer[i] - centre) * scale) }
            out += normalised
        }
        return out
    }
}
