import Dispatch
import Foundation
import QPICore

/// |FFT| of every layer of a stack: mean removed, windowed, and the DC region (within `dcRadius`
/// Fourier pixels of q = 0) replaced by the mean of the ring just outside it. Layers run in
/// parallel on all cores, each worker with its own measured FFTW plan.
public enum FourierStack {
    public static func magnitudes(_ stack: SpectralStack, window: Window, dcRadius: Double) -> [Plane] {
        magnitudes(of: stack.values, layers: stack.energies.count, rows: stack.rows, columns: stack.columns,
                   window: window, dcRadius: dcRadius)
    }

    /// The same for a Float32 grid (`layers × rows × columns`), without converting it first.
    public static func magnitudes(of values: [Float], rows: Int, columns: Int, window: Window, dcRadius: Double) -> [Plane] {
        magnitudes(of: values, layers: values.count / (rows * columns), rows: rows, columns: columns, window: window, dcRadius: dcRadius)
    }

    private static func magnitudes<T: BinaryFloatingPoint & Sendable>(of values: [T], layers: Int, rows: Int, columns: Int,
                                                                      window: Window, dcRadius: Double) -> [Plane] {
        let workers = max(1, min(layers, ProcessInfo.processInfo.activeProcessorCount))
        let results = IndexedResults<Plane>(count: layers)
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            let fft = FFT2D(rows: rows, columns: columns, direction: .forward, rigor: .estimate)
            for k in stride(from: worker, to: layers, by: workers) {
                results.set(k, magnitude(of: values, layer: k, rows: rows, columns: columns, fft: fft, window: window, dcRadius: dcRadius))
            }
        }
        return results.values
    }

    private static func magnitude<T: BinaryFloatingPoint>(of values: [T], layer k: Int, rows: Int, columns: Int, fft: FFT2D,
                                                          window: Window, dcRadius: Double) -> Plane {
        let buffer = fft.buffer
        let wy = window.weights(rows), wx = window.weights(columns)
        let n = rows * columns
        var inside: [Int] = [], ring: [Int] = []
        let reach = Int(dcRadius.rounded(.up)) + 1
        for dy in -reach...reach {
            for dx in -reach...reach {
                let d = Double(dx * dx + dy * dy).squareRoot()
                let index = ((dy + rows) % rows) * columns + (dx + columns) % columns
                if d <= dcRadius { inside.append(index) } else if d <= dcRadius + 1 { ring.append(index) }
            }
        }
        do {
            let layer = values[k * n ..< (k + 1) * n]
            let mean = layer.reduce(0.0) { $0 + Double($1) } / Double(n)
            for r in 0..<rows {
                for c in 0..<columns {
                    let i = r * columns + c
                    buffer[2 * i] = (Double(layer[layer.startIndex + i]) - mean) * wy[r] * wx[c]
                    buffer[2 * i + 1] = 0
                }
            }
            fft.execute()
            var magnitude = Plane(rows: rows, columns: columns)
            for i in 0..<n { magnitude.values[i] = (buffer[2 * i] * buffer[2 * i] + buffer[2 * i + 1] * buffer[2 * i + 1]).squareRoot() }
            if !ring.isEmpty {
                let fill = ring.map { magnitude.values[$0] }.reduce(0, +) / Double(ring.count)
                for i in inside { magnitude.values[i] = fill }
            }
            return magnitude
        }
    }
}
