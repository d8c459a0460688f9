import Foundation
import Formats

/// The text `qpi info` prints for a data set.
struct InfoReport {
    var path: String
    var format: DataFormat
    var dataset: Dataset

    var text: String {
        var lines = ["file:      \(path)", "format:    \(format.rawValue) (source: \(dataset.metadata.source.format))"]
        let kind = dataset.isGrid ? "spectral grid" : "image"
        lines.append("kind:      \(kind), \(dataset.x.count) × \(dataset.y.count) pixels"
                     + (dataset.sweep.map { " × \($0.count) sweep points" } ?? ""))
        lines.append("x:         \(Self.range(dataset.x))")
        lines.append("y:         \(Self.range(dataset.y))")
        if let sweep = dataset.sweep { lines.append("sweep:     \(sweep.name), \(Self.range(sweep))") }
        lines.append("angle:     \(dataset.metadata.scanAngleDegrees)°")
        lines.append("channels:  \(dataset.channels.count)")
        for channel in dataset.channels {
            // One pass, no copy of the channel (a grid can be larger than the memory left).
            let (low, high) = channel.data.reduce((Float.infinity, -Float.infinity)) { $1.isFinite ? (min($0.0, $1), max($0.1, $1)) : $0 }
            let stats = low > high ? "no finite samples"
                : "min \(Self.number(Double(low))) \(channel.unit), max \(Self.number(Double(high))) \(channel.unit)"
            lines.append("  \(channel.datasetName.padding(toLength: 24, withPad: " ", startingAt: 0)) [\(channel.unit)] \(channel.longName); \(stats)")
        }
        if !dataset.parameters.isEmpty {
            lines.append("per-pixel parameters: " + dataset.parameters.map { "\($0.name) [\($0.unit)]" }.joined(separator: ", "))
        }
        if dataset.metadata.missingPixels > 0 {
            lines.append("missing:   \(dataset.metadata.missingPixels) of \(dataset.pixelCount) pixels not recorded (NaN)")
        }
        for note in dataset.metadata.assumptions { lines.append("assumed:   \(note)") }
        for step in dataset.metadata.provenance {
            lines.append("history:   \(step.date) \(step.program) \(step.version) \(step.step) \(step.parametersJSON)")
        }
        return lines.joined(separator: "\n")
    }

    static func range(_ axis: Axis) -> String {
        guard let first = axis.values.first, let last = axis.values.last else { return "empty" }
        return "\(axis.count) points, \(number(first)) … \(number(last)) \(axis.unit)"
    }

    static func number(_ value: Double) -> String {
        value == 0 || (abs(value) >= 1e-3 && abs(value) < 1e4) ? String(format: "%.4g", value) : String(format: "%.4e", value)
    }
}
