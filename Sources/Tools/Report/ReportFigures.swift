import Analysis
import QPICore
import Foundation
import Formats
import Model

/// The report's figures, drawn with Cairo from `ReportPanels`: one PNG per subject and a
/// multi-panel publication figure as PDF (vector text and lines).
struct ReportFigures {
    let run: AnalysisRun
    let folder: String
    var panels: ReportPanels { ReportPanels(run: run) }
    var ratios: [Double] { run.model.metadata.ratios }

    func writeAll() throws -> [ReportWriter.Figure] {
        let delta = run.result.gap.delta
        let energies = ratios.map { String(format: "%.2f", $0 * delta) }.joined(separator: ", ")
        var figures: [ReportWriter.Figure] = []
        func add(_ file: String, _ caption: String, width: Double, height: Double, draw: (Canvas) -> Void) throws {
            let canvas = try Canvas(width: width, height: height, kind: .png, path: folder + "/" + file)
            draw(canvas)
            try canvas.write()
            figures.append(.init(file: file, caption: caption))
        }
        try add("topograph.png", "Topograph after drift correction with the measured drift field u(r) (arrows), and the |FFT| of the topograph with the detected Bragg peaks (red circles). Lengths in nm.",
                width: 760, height: 380) { canvas in
            panels.topograph(canvas, box: Box(x: 60, y: 45, width: 280, height: 280))
            panels.topographFourier(canvas, box: Box(x: 440, y: 45, width: 280, height: 280))
        }
        try add("spectrum.png", String(format: "Spatially averaged spectrum (black), the same averaged over the half of the field farthest from impurities (grey: what the refinement fits) and the refined simulator's spectrum (green; docs/refinement.md); dashed lines at ±Δ = ±%.3f meV (%@).", delta, run.result.gap.method.rawValue),
                width: 560, height: 340) { canvas in
            panels.spectrum(canvas, box: Box(x: 75, y: 35, width: 450, height: 250))
        }
        try add("qpi_maps.png", "QPI maps |FFT(dI/dV)| in the common q-frame at ω/Δ = \(ratios.map { "\($0)" }.joined(separator: ", ")) (E = \(energies) meV): top row as measured (what the classifier sees), bottom row C6v-symmetrised. White: first Brillouin zone; cyan circles: Bragg peaks. q in 2π/a (bottom, left) and Å⁻¹ (top).",
                width: 250 * Double(ratios.count) + 40, height: 560) { canvas in
            mapRows(canvas, rows: [("measured", run.maps), ("C6v-symmetrised", run.symmetrised)])
        }
        let match = run.summary.bestMatch
        try add("comparison.png", "Measured maps (top) beside the simulation of the best match at the refined parameters (middle: \(match?.channel ?? "") \(match?.combination ?? ""), χ = \(String(format: "%.2f", match?.mixAngleRad ?? 0)) rad, scalar impurity, at the same ω/Δ), and the residual (bottom: measured minus the simulation scaled by least squares per map).",
                width: 250 * Double(ratios.count) + 40, height: 840) { canvas in
            mapRows(canvas, rows: [("measured", run.maps), ("simulated " + (match?.channel ?? ""), run.match.maps),
                                   ("residual", run.maps.residual(from: run.match.maps))])
        }
        try add("probabilities.png", "Class probabilities of the classifier (temperature-calibrated); the predicted class in red.",
                width: 480, height: 220) { canvas in
            panels.probabilities(canvas, box: Box(x: 140, y: 35, width: 280, height: 160))
        }
        try add("steps.png", "Every processing step with its parameters, as recorded in the provenance of the outputs.",
                width: 820, height: panels.stepsHeight + 20) { canvas in
            panels.steps(canvas, box: Box(x: 15, y: 5, width: 790, height: panels.stepsHeight))
        }
        try writePDF()
        figures.append(.init(file: "figure.pdf", caption: "Publication figure (vector PDF): (a) topograph, (b) averaged spectrum, (c) class probabilities, (d) measured and (e) simulated QPI maps."))
        return figures
    }

    /// Rows of q-frame maps, one column per ratio, with a shared colour scale per row.
    func mapRows(_ canvas: Canvas, rows: [(String, QMapStack)], origin: (Double, Double) = (60, 50), size: Double = 180, gap: Double = 70) {
        for (row, (label, stack)) in rows.enumerated() {
            for (column, map) in stack.maps.enumerated() {
                let box = Box(x: origin.0 + Double(column) * (size + gap), y: origin.1 + Double(row) * (size + 95), width: size, height: size)
                panels.qmap(canvas, box: box, map: map, title: String(format: "%@, ω/Δ = %.2f", label, stack.ratios[column]),
                            colourBar: column == stack.maps.count - 1)
            }
        }
    }

    /// figure.pdf: a 2-column-wide multi-panel figure.
    func writePDF() throws {
        let path = folder + "/figure.pdf"
        let canvas = try Canvas(width: 1000, height: 760, kind: .pdf, path: path)
        panels.topograph(canvas, box: Box(x: 60, y: 45, width: 220, height: 220))
        panels.spectrum(canvas, box: Box(x: 370, y: 45, width: 300, height: 200))
        panels.probabilities(canvas, box: Box(x: 820, y: 45, width: 140, height: 160))
        for (text, x) in [("(a)", 10.0), ("(b)", 320), ("(c)", 700)] { canvas.text(text, x: x, y: 20, size: 12, bold: true) }
        canvas.text("(d)", x: 10, y: 330, size: 12, bold: true)
        canvas.text("(e)", x: 10, y: 560, size: 12, bold: true)
        mapRows(canvas, rows: [("measured", run.maps), ("simulated", run.match.maps)], origin: (60, 345), size: 150, gap: 90)
        try canvas.write()
    }
}
