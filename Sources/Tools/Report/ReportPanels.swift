import Analysis
import Foundation
import Formats
import Model
import Preprocess
import QPICore

/// The panels of the report, each drawn into a box of a canvas so that the PNG figures and the
/// multi-panel PDF share them.
struct ReportPanels {
    let run: AnalysisRun

    /// Pixel size in nm.
    var pixelNanometres: Double { abs(run.result.corrected.x.uniformStep ?? 1e-10) * 1e9 }
    /// Lattice constant in Å (measured).
    var latticeAngstrom: Double { run.result.latticeConstant * 1e10 }

    /// The corrected topograph with the drift field u(r) as arrows (nm axes).
    func topograph(_ canvas: Canvas, box: Box) {
        let plane = run.result.topograph
        let values = plane.values.map(Float.init)
        Plot.image(canvas, values, rows: plane.rows, columns: plane.columns, box: box, colormap: .inferno, range: Plot.robustRange(values))
        var note = "no drift correction"
        if let field = run.result.drift?.field {
            let step = max(plane.rows, plane.columns) / 14
            let largest = field.ux.values.indices.map { (field.ux.values[$0] * field.ux.values[$0] + field.uy.values[$0] * field.uy.values[$0]).squareRoot() }.max() ?? 0
            let scale = largest > 0 ? 0.8 * Double(step) / largest : 1
            for r in stride(from: step / 2, to: plane.rows, by: step) {
                for c in stride(from: step / 2, to: plane.columns, by: step) {
                    let (x0, y0) = box.point((Double(c) + 0.5) / Double(plane.columns), (Double(r) + 0.5) / Double(plane.rows))
                    let dx = field.ux[r, c] * scale * box.width / Double(plane.columns)
                    let dy = -field.uy[r, c] * scale * box.height / Double(plane.rows)
                    canvas.line([(x0, y0), (x0 + dx, y0 + dy)], colour: Canvas.Colour(r: 0.3, g: 0.9, b: 1), width: 1)
                    canvas.circle(x: x0 + dx, y: y0 + dy, radius: 0.8, colour: Canvas.Colour(r: 0.3, g: 0.9, b: 1), width: 1)
                }
            }
            note = String(format: "arrows: drift u(r), max %.2f nm (×%.1f)", largest * pixelNanometres, scale)
        }
        let width = Double(plane.columns) * pixelNanometres, height = Double(plane.rows) * pixelNanometres
        Plot.axes(canvas, box: box, x: AxisScale(low: 0, high: width, label: "x (nm)"), y: AxisScale(low: 0, high: height, label: "y (nm)"))
        canvas.text("Topograph (" + run.result.topographSource + "), drift-corrected", x: box.x + box.width / 2, y: box.y - 16, size: 9.5, bold: true, align: .centre)
        canvas.text(note, x: box.x + box.width / 2, y: box.y - 5, size: 8, align: .centre)
    }

    /// |FFT| of the topograph (log scale) with the detected Bragg peaks circled (nm⁻¹ axes).
    func topographFourier(_ canvas: Canvas, box: Box) {
        let plane = run.result.topograph
        let magnitude = FourierStack.magnitudes(of: plane.values.map(Float.init), rows: plane.rows, columns: plane.columns,
                                                window: .hann, dcRadius: 2)[0]
        let (rows, columns) = (plane.rows, plane.columns)
        var shifted = [Float](repeating: 0, count: rows * columns)
        for r in 0..<rows {
            for c in 0..<columns {
                let value = magnitude.values[((r + (rows + 1) / 2) % rows) * columns + (c + (columns + 1) / 2) % columns]
                shifted[r * columns + c] = Float(log10(max(value, 1e-12)))
            }
        }
        Plot.image(canvas, shifted, rows: rows, columns: columns, box: box, colormap: .viridis, range: Plot.robustRange(shifted))
        let kx = Double.pi / pixelNanometres, ky = kx
        for peak in run.result.braggPeaks {
            let (x, y) = box.point(0.5 + peak.qx / (2 * Double.pi), 0.5 + peak.qy / (2 * Double.pi))
            canvas.circle(x: x, y: y, radius: 5, colour: Plot.red, width: 1.2)
        }
        Plot.axes(canvas, box: box, x: AxisScale(low: -kx, high: kx, label: "kx (rad/nm)"), y: AxisScale(low: -ky, high: ky, label: "ky (rad/nm)"))
        canvas.text("|FFT| of the topograph (Hann window, log)", x: box.x + box.width / 2, y: box.y - 16, size: 9.5, bold: true, align: .centre)
        canvas.text(String(format: "red: detected Bragg peaks; lattice constant a = %.3f Å", latticeAngstrom),
                    x: box.x + box.width / 2, y: box.y - 5, size: 8, align: .centre)
    }

    /// The averaged spectrum with the gap (±Δ), the same away from impurities (what the
    /// refinement fits), the refined simulator's spectrum and the Dynes fit where it converged.
    func spectrum(_ canvas: Canvas, box: Box) {
        let energies = run.result.energies, values = run.result.averageSpectrum
        let gap = run.result.gap
        let fitted = run.refinement.spectrum
        var series: [([Double], [Double], Canvas.Colour, Bool)] = [(energies, values, Plot.black, false),
                                                                     (fitted.energiesMeV, fitted.measured, Plot.grey, false),
                                                                     (fitted.energiesMeV, fitted.fitted, Plot.green, false)]
        if let d = gap.dynes, d.count == 4 {
            let xs = stride(from: energies.min()!, through: energies.max()!, by: (energies.max()! - energies.min()!) / 400).map { $0 }
            let ys = xs.map { d[2] * GapEstimate.dynes($0, delta: d[0], gamma: d[1]) + d[3] }
            series.append((xs, ys, Plot.red, false))
        }
        let (low, high) = ((values + fitted.measured).min() ?? 0, (values + fitted.measured).max() ?? 1)
        let margin = 0.08 * (high - low)
        let x = AxisScale(low: energies.min() ?? -1, high: energies.max() ?? 1, label: "bias energy E (meV)")
        let y = AxisScale.quantity(low: low - margin, high: high + margin, name: "⟨dI/dV⟩",
                                   unit: run.result.corrected.channel(named: run.result.channel)?.unit ?? "a.u.")
        for e in [-gap.delta, gap.delta] where e >= x.low && e <= x.high {
            let (px, _) = box.point(x.fraction(e), 0)
            canvas.line([(px, box.y), (px, box.y + box.height)], colour: Plot.blue, width: 1, dash: 4)
        }
        Plot.lines(canvas, box: box, x: x, y: y, series: series)
        canvas.text(String(format: "Averaged spectrum: Δ = %.3f meV (%@)", gap.delta, gap.method.rawValue),
                    x: box.x + box.width / 2, y: box.y - 16, size: 9.5, bold: true, align: .centre)
        canvas.text("black: whole field; grey: away from impurities (fitted); green: simulator" + (gap.dynes == nil ? "" : "; red: Dynes fit"),
                    x: box.x + box.width / 2, y: box.y - 5, size: 8, align: .centre)
    }

    /// One q-frame map with its overlays.
    func qmap(_ canvas: Canvas, box: Box, map: [Float], title: String, colourBar: Bool = false) {
        QMapPanel(frame: run.result.options.frame, latticeConstant: latticeAngstrom)
            .draw(canvas, map: map, box: box, title: title, colourBar: colourBar ? "|FFT| (a.u.)" : nil)
    }

    /// Horizontal bars of the class probabilities.
    func probabilities(_ canvas: Canvas, box: Box) {
        let classes = run.model.metadata.classes
        let rowHeight = box.height / Double(classes.count)
        for (i, label) in classes.enumerated() {
            let p = run.prediction.probabilities[label] ?? 0
            let y = box.y + Double(i) * rowHeight
            let colour = label == run.prediction.pairingClass ? Plot.red : Plot.blue
            canvas.fill(x: box.x, y: y + 0.2 * rowHeight, width: max(p * box.width, 0.5), height: 0.6 * rowHeight, colour: colour)
            canvas.text(label, x: box.x - 6, y: y + 0.5 * rowHeight + 3, size: 9, align: .right)
            canvas.text(String(format: "%.1f %%", 100 * p), x: box.x + max(p * box.width, 0) + 4, y: y + 0.5 * rowHeight + 3, size: 9)
        }
        canvas.line([(box.x, box.y), (box.x, box.y + box.height)], colour: Plot.black, width: 0.8)
        canvas.text("Class probabilities (calibrated)", x: box.x + box.width / 2, y: box.y - 8, size: 9.5, bold: true, align: .centre)
    }

    /// The preprocessing steps with their parameters, as text.
    func steps(_ canvas: Canvas, box: Box) {
        var y = box.y + 12
        canvas.text("Processing steps (provenance)", x: box.x, y: y, size: 11, bold: true)
        for step in run.summary.preprocessing {
            y += 18
            canvas.text("• \(step.step)  (qpi \(step.version))", x: box.x, y: y, size: 9.5, bold: true)
            for (key, value) in step.parameters.sorted(by: { $0.key < $1.key }).map({ ($0.key, $0.value.text) }) {
                y += 12
                let text = value.count > 110 ? String(value.prefix(107)) + "…" : value
                canvas.text("\(key) = \(text)", x: box.x + 14, y: y, size: 8)
            }
        }
    }

    /// Height the `steps` panel needs.
    var stepsHeight: Double {
        30 + Double(run.summary.preprocessing.count) * 18 + Double(run.summary.preprocessing.reduce(0) { $0 + $1.parameters.count }) * 12
    }
}
