import Foundation

/// A Bragg peak of an image: its wave vector in radians per pixel (x along columns, y along rows,
/// y up) and the Fourier amplitude there.
public struct BraggPeak: Sendable, Equatable, Codable {
    public var qx: Double
    public var qy: Double
    public var amplitude: Double

    public init(qx: Double, qy: Double, amplitude: Double) {
        self.qx = qx
        self.qy = qy
        self.amplitude = amplitude
    }

    public var vector: SIMD2<Double> { SIMD2(qx, qy) }
    /// |q| in radians per pixel.
    public var length: Double { (qx * qx + qy * qy).squareRoot() }
    /// Direction in radians from +x.
    public var angle: Double { atan2(qy, qx) }
}
