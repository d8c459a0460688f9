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
        let phaseScale = LatticeGeometry.braggLength   // q in |b|, r in a
        for row in 0..<m {
            for column in 0..<m {
                let q = SIMD2(axis[column], axis[row])
                var factor = 1.0
                if envelopeWidth.isFinite { factor *= exp(-(q * q).sum() / (envelopeWidth * envelopeWidth)) }
                if sites.count > 1 {
                    var re = 0.0, im = 0.0
                    for r in sites {
                        let phase = phaseScale * (q * r).sum()
                        re += cos(phase); im += sin(phase)
                    }
                    factor *= (re * re + im * im).squareRoot() / Double(sites.count).squareRoot()
                }
                out[row * m + column] *= Float(factor)
            }
        }
        if blurPixels > 0.05 {
            out = GaussianBlur.apply(out.map(Double.init), rows: m, columns: m, sigma: blurPixels, edges: .clamped).map(Float.init)
        }
        if signalToNoise.isFinite { out = Self.addingNoise(to: out, signalToNoise: signalToNoise, random: &random) }
        return out
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
