/// The common q-frame in which simulated and measured QPI maps are compared (docs/physics.md §6):
/// Cartesian q in units of the Bragg vector length |b| = 4π/(√3 a), one Bragg vector along +qy,
/// a square window |qx|, |qy| ≤ `halfWidth`, sampled on `pixels × pixels` points.
///
/// With an odd pixel count the centre pixel sits exactly at q = 0, so symmetry operations about
/// the origin map pixels onto pixels.
public struct QFrame: Sendable, Equatable, Codable {
    /// Half the window's side, in units of |b|.
    public var halfWidth: Double
    /// Pixels along each side.
    public var pixels: Int

    public init(halfWidth: Double, pixels: Int) {
        precondition(halfWidth > 0 && pixels > 1, "QFrame needs a positive window and at least 2 pixels")
        self.halfWidth = halfWidth
        self.pixels = pixels
    }

    /// The default frame: |q| up to 1.2 |b| (the whole first Brillouin zone and the six Bragg
    /// peaks), 101 × 101 pixels.
    public static let standard = QFrame(halfWidth: 1.2, pixels: 101)

    /// Pixel spacing in units of |b|.
    public var step: Double { 2 * halfWidth / Double(pixels - 1) }

    /// Pixel-centre coordinates along qx (and qy), in units of |b|, from −halfWidth to +halfWidth.
    public var axis: [Double] { (0..<pixels).map { -halfWidth + Double($0) * step } }
}
