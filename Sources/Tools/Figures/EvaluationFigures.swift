import Foundation
import Formats
import Model

/// The figures of `qpi evaluate`: the confusion matrix and the reliability diagram.
enum EvaluationFigures {
    static let black = Canvas.Colour(r: 0, g: 0, b: 0)
    static let grey = Canvas.Colour(r: 0.5, g: 0.5, b: 0.5)

    /// Row-normalised confusion matrix (viridis), with counts in each cell.
    static func confusion(_ evaluation: Evaluation, to path: String) throws {
        let k = evaluation.classes.count, cell = 56.0, left = 130.0, top = 40.0
        let canvas = try Canvas(width: left + cell * Double(k) + 30, height: top + cell * Double(k) + 110, kind: .png, path: path)
        canvas.text(String(format: "Confusion matrix — accuracy %.1f %% (%d maps)", 100 * evaluation.accuracy, evaluation.examples),
                    x: 10, y: 22, size: 12, bold: true)
        for t in 0..<k {
            let total = max(evaluation.confusion[t].reduce(0, +), 1)
            for p in 0..<k {
                let fraction = Double(evaluation.confusion[t][p]) / Double(total)
                let (r, g, b) = Colormap.viridis.rgb(fraction)
                let x = left + Double(p) * cell, y = top + Double(t) * cell
                canvas.fill(x: x, y: y, width: cell - 1, height: cell - 1, colour: .init(r: Double(r) / 255, g: Double(g) / 255, b: Double(b) / 255))
                canvas.text("\(evaluation.confusion[t][p])", x: x + cell / 2, y: y + cell / 2 + 4, size: 10, align: .centre,
                            colour: fraction > 0.5 ? black : .init(r: 1, g: 1, b: 1))
            }
            canvas.text(evaluation.classes[t], x: left - 6, y: top + (Double(t) + 0.5) * cell + 4, size: 9, align: .right)
            canvas.text(evaluation.classes[t], x: left + (Double(t) + 0.5) * cell + 3, y: top + Double(k) * cell + 8, size: 9,
                        align: .right, angle: -Double.pi / 3)
        }
        canvas.text("true class", x: 12, y: top + Double(k) * cell / 2, size: 10, angle: -Double.pi / 2)
        canvas.text("predicted class", x: left + Double(k) * cell / 2, y: top + Double(k) * cell + 100, size: 10, align: .centre)
        try canvas.write()
    }

    /// Accuracy against confidence per bin, with the diagonal of perfect calibration.
    static func reliability(_ evaluation: Evaluation, to path: String) throws {
        let (left, top, size) = (60.0, 40.0, 300.0)
        let canvas = try Canvas(width: left + size + 30, height: top + size + 60, kind: .png, path: path)
        canvas.text(String(format: "Reliability — expected calibration error %.3f", evaluation.expectedCalibrationError),
                    x: 10, y: 22, size: 12, bold: true)
        func point(_ confidence: Double, _ accuracy: Double) -> (Double, Double) { (left + confidence * size, top + (1 - accuracy) * size) }
        for bin in evaluation.reliability where bin.count > 0 {
            let (x0, y0) = point(bin.lower, bin.accuracy), (x1, _) = point(bin.upper, 0)
            canvas.fill(x: x0, y: y0, width: x1 - x0 - 1, height: top + size - y0, colour: .init(r: 0.27, g: 0.51, b: 0.71))
        }
        canvas.line([point(0, 0), point(1, 1)], colour: grey, dash: 4)
        canvas.line([point(0, 1), point(0, 0), point(1, 0)], colour: black)
        for t in stride(from: 0.0, through: 1.0, by: 0.2) {
            let (x, _) = point(t, 0), (_, y) = point(0, t)
            canvas.line([(x, top + size), (x, top + size + 4)], colour: black)
            canvas.text(String(format: "%.1f", t), x: x, y: top + size + 16, size: 9, align: .centre)
            canvas.line([(left - 4, y), (left, y)], colour: black)
            canvas.text(String(format: "%.1f", t), x: left - 7, y: y + 3, size: 9, align: .right)
        }
        canvas.text("confidence (top-class probability)", x: left + size / 2, y: top + size + 34, size: 10, align: .centre)
        canvas.text("accuracy", x: 18, y: top + size / 2 + 20, size: 10, angle: -Double.pi / 2)
        try canvas.write()
    }
}
