import Foundation
import Formats

/// A rectangle on a canvas, in points.
struct Box {
    var x: Double, y: Double, width: Double, height: Double

    /// Canvas position of the fractions (fx, fy) of the box, fy = 0 at the bottom.
    func point(_ fx: Double, _ fy: Double) -> (Double, Double) { (x + fx * width, y + (1 - fy) * height) }
}

/// A linear axis: data range and the ticks to label.
struct AxisScale {
    var low: Double, high: Double
    var label: String
    /// Tick values are shown divided by this (the unit's SI prefix or a ×10ⁿ in the label).
    var factor = 1.0

    init(low: Double, high: Double, label: String) {
        self.low = low
        self.high = high
        self.label = label
    }

    /// An axis for `name` in `unit` whose tick labels stay readable at any magnitude: an SI unit
    /// gets the prefix that brings the largest |value| into 1…1000 (pA, nS, mV), any other unit a
    /// ×10ⁿ factor (n a multiple of 3) in the label.
    static func quantity(low: Double, high: Double, name: String, unit: String) -> AxisScale {
        var axis = AxisScale(low: low, high: high, label: unit.isEmpty ? name : "\(name) (\(unit))")
        let largest = max(abs(low), abs(high))
        guard largest > 0, largest.isFinite else { return axis }
        let power = Int((log10(largest) / 3).rounded(.down)) * 3
        guard power != 0 else { return axis }
        let prefixes = [-15: "f", -12: "p", -9: "n", -6: "µ", -3: "m", 3: "k", 6: "M", 9: "G"]
        axis.factor = pow(10, Double(power))
        if let prefix = prefixes[power], siUnits.contains(unit) {
            axis.label = "\(name) (\(prefix)\(unit))"
        } else {
            let exponent = String(power).map { superscripts[$0] ?? $0 }
            axis.label = "\(name) (×10\(String(exponent))" + (unit.isEmpty ? ")" : " \(unit))")
        }
        return axis
    }

    /// Units that take SI prefixes.
    static let siUnits: Set<String> = ["A", "S", "V", "m", "A/V", "Hz", "eV"]
    static let superscripts: [Character: Character] = ["-": "⁻", "0": "⁰", "1": "¹", "2": "²", "3": "³", "4": "⁴",
                                                       "5": "⁵", "6": "⁶", "7": "⁷", "8": "⁸", "9": "⁹"]

    /// The text of tick `v`.
    func tickLabel(_ v: Double) -> String { Self.format(v / factor) }

    func fraction(_ v: Double) -> Double { (v - low) / (high - low) }

    /// About five round tick values within the range.
    var ticks: [Double] {
        let span = high - low
        guard span > 0, span.isFinite else { return [] }
        let raw = span / 5, magnitude = pow(10, floor(log10(raw)))
        let step = [1.0, 2, 2.5, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? 10 * magnitude
        return stride(from: (low / step).rounded(.up) * step, through: high + 1e-9 * span, by: step).map { $0 }
    }

    static func format(_ v: Double) -> String {
        let text = abs(v) < 1e-12 ? "0" : String(format: "%g", (v * 1e4).rounded() / 1e4)
        return text.replacingOccurrences(of: "-", with: "−")
    }
}

/// Plotting on a `Canvas`: colour-mapped images with axes and colour bars, and line plots.
enum Plot {
    static let black = Canvas.Colour(r: 0, g: 0, b: 0)
    static let white = Canvas.Colour(r: 1, g: 1, b: 1)
    static let red = Canvas.Colour(r: 0.85, g: 0.1, b: 0.1)
    static let blue = Canvas.Colour(r: 0.12, g: 0.35, b: 0.75)
    static let green = Canvas.Colour(r: 0.1, g: 0.6, b: 0.2)
    static let grey = Canvas.Colour(r: 0.45, g: 0.45, b: 0.45)

    /// The 2nd and 98th percentiles of the finite values (so a few hot pixels do not set the scale).
    static func robustRange(_ values: [Float], symmetric: Bool = false) -> (Double, Double) {
        let finite = values.filter(\.isFinite).map(Double.init).sorted()
        guard let first = finite.first, let last = finite.last else { return (0, 1) }
        let low = finite[Int(0.02 * Double(finite.count - 1))], high = finite[Int(0.98 * Double(finite.count - 1))]
        if symmetric { let m = max(abs(low), abs(high), 1e-30); return (-m, m) }
        return high > low ? (low, high) : (first, last > first ? last : first + 1)
    }

    /// Draws `values` (`rows` × `columns`, row 0 at the bottom) into `box` with `colormap` over `range`.
    static func image(_ canvas: Canvas, _ values: [Float], rows: Int, columns: Int, box: Box, colormap: Colormap,
                      range: (Double, Double)) {
        var rgb = [UInt8](repeating: 0, count: rows * columns * 3)
        let span = range.1 > range.0 ? range.1 - range.0 : 1
        for r in 0..<rows {
            for c in 0..<columns {
                let v = values[(rows - 1 - r) * columns + c]
                let (red, green, blue) = v.isFinite ? colormap.rgb((Double(v) - range.0) / span) : (0, 0, 0)
                let o = 3 * (r * columns + c)
                rgb[o] = red; rgb[o + 1] = green; rgb[o + 2] = blue
            }
        }
        canvas.image(rgb, columns: columns, rows: rows, x: box.x, y: box.y, width: box.width, height: box.height)
    }

    /// Axes along the bottom and left of `box` (and optionally a second scale along the top).
    static func axes(_ canvas: Canvas, box: Box, x: AxisScale, y: AxisScale, top: AxisScale? = nil, size: Double = 8) {
        canvas.line([box.point(0, 1), box.point(0, 0), box.point(1, 0), box.point(1, 1)], colour: black, width: 0.8, closed: true)
        for t in x.ticks {
            let (px, py) = box.point(x.fraction(t), 0)
            canvas.line([(px, py), (px, py + 3)], colour: black, width: 0.8)
            canvas.text(x.tickLabel(t), x: px, y: py + 3 + size, size: size, align: .centre)
        }
        canvas.text(x.label, x: box.x + box.width / 2, y: box.y + box.height + 2 * size + 8, size: size + 1, align: .centre)
        for t in y.ticks {
            let (px, py) = box.point(0, y.fraction(t))
            canvas.line([(px - 3, py), (px, py)], colour: black, width: 0.8)
            canvas.text(y.tickLabel(t), x: px - 5, y: py + size / 3, size: size, align: .right)
        }
        canvas.text(y.label, x: box.x - 3.2 * size - 10, y: box.y + box.height / 2, size: size + 1, align: .centre, angle: -Double.pi / 2)
        if let top {
            for t in top.ticks {
                let (px, py) = box.point(top.fraction(t), 1)
                canvas.line([(px, py - 3), (px, py)], colour: black, width: 0.8)
                canvas.text(top.tickLabel(t), x: px, y: py - 5, size: size, align: .centre)
            }
            canvas.text(top.label, x: box.x + box.width / 2, y: box.y - size - 9, size: size + 1, align: .centre)
        }
    }

    /// A vertical colour bar with its value scale.
    static func colourBar(_ canvas: Canvas, box: Box, colormap: Colormap, range: (Double, Double), label: String, size: Double = 8) {
        let steps = 64
        let values = (0..<steps).map { Float(range.0 + (range.1 - range.0) * Double($0) / Double(steps - 1)) }
        image(canvas, values, rows: steps, columns: 1, box: box, colormap: colormap, range: range)
        let scale = AxisScale(low: range.0, high: range.1, label: label)
        canvas.line([box.point(0, 0), box.point(1, 0), box.point(1, 1), box.point(0, 1)], colour: black, width: 0.6, closed: true)
        for t in scale.ticks {
            let (px, py) = box.point(1, scale.fraction(t))
            canvas.line([(px, py), (px + 3, py)], colour: black, width: 0.6)
            canvas.text(String(format: "%.3g", t), x: px + 5, y: py + size / 3, size: size)
        }
        canvas.text(label, x: box.x + box.width + 5.5 * size, y: box.y + box.height / 2, size: size, align: .centre, angle: -Double.pi / 2)
    }

    /// Line series `(x, y, colour, dashed)` in `box` over the given scales, clipped to them.
    static func lines(_ canvas: Canvas, box: Box, x: AxisScale, y: AxisScale, series: [([Double], [Double], Canvas.Colour, Bool)]) {
        for (xs, ys, colour, dashed) in series {
            let points = zip(xs, ys).filter { $0.1.isFinite }.map { box.point(x.fraction($0.0), min(max(y.fraction($0.1), 0), 1)) }
            canvas.line(points, colour: colour, width: 1.2, dash: dashed ? 3 : nil)
        }
        axes(canvas, box: box, x: x, y: y)
    }
}
