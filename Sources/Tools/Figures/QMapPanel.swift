import Foundation
import Formats
import QPICore

/// A QPI map in the common q-frame, drawn with the first Brillouin-zone hexagon, the six Bragg
/// peaks, q axes in units of 2π/a (bottom, left) and Å⁻¹ (top), and optionally a colour bar.
struct QMapPanel {
    var frame: QFrame
    /// Lattice constant a in Å (for the Å⁻¹ scale).
    var latticeConstant: Double

    func draw(_ canvas: Canvas, map: [Float], box: Box, title: String, colormap: Colormap = .inferno,
              range: (Double, Double)? = nil, colourBar: String? = nil, size: Double = 8) {
        let m = frame.pixels, h = frame.halfWidth
        let range = range ?? Plot.robustRange(map)
        Plot.image(canvas, map, rows: m, columns: m, box: box, colormap: colormap, range: range)
        func point(_ qx: Double, _ qy: Double) -> (Double, Double) { box.point((qx + h) / (2 * h), (qy + h) / (2 * h)) }
        let corners = LatticeGeometry.zoneCornersInFrame.map { point($0.x, $0.y) }
        canvas.line(corners, colour: Canvas.Colour(r: 1, g: 1, b: 1, a: 0.8), width: 0.8)
        for peak in LatticeGeometry.braggPeaksInFrame {
            let (x, y) = point(peak.x, peak.y)
            canvas.circle(x: x, y: y, radius: 0.05 * box.width / (2 * h) * 2, colour: Canvas.Colour(r: 0.3, g: 0.9, b: 1), width: 0.8)
        }
        let extent = h * LatticeGeometry.frameUnitInTwoPiOverA
        let inverseAngstrom = h * LatticeGeometry.braggLength / latticeConstant
        Plot.axes(canvas, box: box, x: AxisScale(low: -extent, high: extent, label: "qx (2π/a)"),
                  y: AxisScale(low: -extent, high: extent, label: "qy (2π/a)"),
                  top: AxisScale(low: -inverseAngstrom, high: inverseAngstrom, label: "qx (Å⁻¹)"), size: size)
        canvas.text(title, x: box.x + box.width / 2, y: box.y - 2.6 * size - 10, size: size + 1.5, bold: true, align: .centre)
        if let colourBar {
            Plot.colourBar(canvas, box: Box(x: box.x + box.width + 6, y: box.y, width: 8, height: box.height),
                           colormap: colormap, range: range, label: colourBar, size: size)
        }
    }
}
