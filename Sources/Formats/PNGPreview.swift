/// Colour-mapped 8-bit previews of one or more planes, tiled left to right with a one-pixel
/// gap, each plane scaled from its own minimum to its 98th percentile, so that a few bright
/// pixels (Bragg peaks in a QPI map) do not hide the rest (NaN drawn black).
public enum PNGPreview {
    /// Writes `planes` (each `height × width`, row 0 at the bottom) to `path` atomically.
    public static func write(_ planes: [[Float]], width: Int, height: Int, to path: String,
                             colormap: Colormap = .viridis) throws {
        guard !planes.isEmpty, width > 0, height > 0 else {
            throw FormatError(.invalidRequest, path: path, "nothing to preview")
        }
        let total = planes.count * (width + 1) - 1
        var rgb = [UInt8](repeating: 255, count: total * height * 3)
        for (index, plane) in planes.enumerated() {
            let finite = plane.filter(\.isFinite).sorted()
            let low = finite.first ?? 0, high = finite.isEmpty ? 1 : finite[min(finite.count - 1, Int(0.98 * Double(finite.count)))]
            let span = high > low ? high - low : 1
            for r in 0..<height {
                for c in 0..<width {
                    let v = plane[(height - 1 - r) * width + c]
                    let (red, green, blue) = v.isFinite ? colormap.rgb(Double((v - low) / span)) : (0, 0, 0)
                    let o = 3 * (r * total + index * (width + 1) + c)
                    rgb[o] = red; rgb[o + 1] = green; rgb[o + 2] = blue
                }
            }
        }
        let png = try LibPNG.encodeRGB8(rgb, width: total, height: height, path: path)
        try AtomicOutput.write(to: path) { try writeBytes(png, to: $0, reportedAs: path) }
    }
}
