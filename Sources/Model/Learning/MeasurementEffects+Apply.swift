import Foundation
import QPICore

extension MeasurementEffects {
    /// The affine map of frame coordinates: (1 + scale error) · rotation · shear.
    var distortion: SIMD4<Double> {
        let s = 1 + scaleError, c = cos(rotation), n = sin(rotation)
        // [[c, −n], [n, c]] · [[1, shear], [0, 1]]
        return s * SIMD4(c, c * shear - n, n, n * shear + c)
    }

    /// A simulator mesh map (`size` × `size`, q = 0 suppressed) rendered into `frame` as a
    /// measurement would show it: distorted, multiplied by the envelope and the speckle of
    /// several impurities, blurred, and with noise added before the modulus.
    public func apply(toMesh map: [Double], size: Int, frame: QFrame) -> [Float] {
        var random = SeededRandom(seed: seed)
        var out = frame.render(mesh: map, size: size, distortion: distortion)
        let axis = frame.axis, m = frame.pixels
        let sites = (0..<max(impurities, 1)).map { _ in SIMD2(random.uniform(), random.uniform()) * fieldOfView }
        let speckle = sites.count > 1 ? Self.speckle(sites: sites, axis: axis) : nil
        for row in 0..<m {
            for column in 0..<m {
                let q = SIMD2(axis[column], axis[row])
                var factor = 1.0
                if envelopeWidth.isFinite { factor *= exp(-(q * q).sum() / (envelopeWidth * envelopeWidth)) }
                if let speckle { factor *= speckle[row * m + column] }
                out[row * m + column] *= Float(factor)
            }
        }
        if blurPixels > 0.05 {
            out = GaussianBlur.apply(out.map(Double.init), rows: m, columns: m, sigma: blurPixels, edges: .clamped).map(Float.init)
        }
        if signalToNoise.isFinite { out = Self.addingNoise(to: out, signalToNoise: signalToNoise, random: &random) }
        return out
    }

    /// |Σ_r e^{iq·r}| / √(sites) on the frame's pixels (q in |b|, r in a): the interference of
    /// several impurities. The phase factor is separable, e^{iq·r} = e^{i qx rx} e^{i qy ry}, so
    /// each site costs one complex product per pixel and 2m sin/cos pairs.
    static func speckle(sites: [SIMD2<Double>], axis: [Double]) -> [Double] {
        let m = axis.count, phaseScale = LatticeGeometry.braggLength
        var re = [Double](repeating: 0, count: m * m), im = re
        for r in sites {
            let x = axis.map { phaseScale * $0 * r.x }, y = axis.map { phaseScale * $0 * r.y }
            let (xc, xs) = (x.map(cos), x.map(sin)), (yc, ys) = (y.map(cos), y.map(sin))
            for row in 0..<m {
                for column in 0..<m {
                    re[row * m + column] += xc[column] * yc[row] - xs[column] * ys[row]
                    im[row * m + column] += xc[column] * ys[row] + xs[column] * yc[row]
                }
            }
        }
        let norm = 1 / Double(sites.count).squareRoot()
        return zip(re, im).map { ($0 * $0 + $1 * $1).squareRoot() * norm }
    }

    /// |map + complex Gaussian noise| with the noise's RMS = the map's RMS / `signalToNoise`
    /// (the modulus of a Fourier transform of a noisy image).
    public static func addingNoise(to map: [Float], signalToNoise: Double, random: inout SeededRandom) -> [Float] {
        let finite = map.filter(\.isFinite)
        let rms = (finite.reduce(0.0) { $0 + Double($1) * Double($1) } / Double(max(finite.count, 1))).squareRoot()
        let sigma = rms / signalToNoise / 2.0.squareRoot()
        return map.map { v in
            let re = Double(v) + sigma * random.gaussian(), im = sigma * random.gaussian()
            return Float((re * re + im * im).squareRoot())
        }
    }
}
