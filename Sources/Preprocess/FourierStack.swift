import Dispatch
import Foundation
import QPICore

/// |FFT| of every layer of a Float32 stack (`layers × rows × columns`), each by `LayerFourier`;
/// layers run in parallel on all cores.
public enum FourierStack {
    public static func magnitudes(of values: [Float], rows: Int, columns: Int, window: Window, dcRadius: Double) -> [Plane] {
        let n = rows * columns, layers = values.count / n
        let workers = max(1, min(layers, ProcessInfo.processInfo.activeProcessorCount))
        let results = IndexedResults<Plane>(count: layers)
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            let fourier = LayerFourier(rows: rows, columns: columns, window: window, dcRadius: dcRadius)
            for k in stride(from: worker, to: layers, by: workers) {
                var magnitude = Plane(rows: rows, columns: columns)
                fourier.magnitude(of: values[k * n ..< (k + 1) * n], into: &magnitude)
                results.set(k, magnitude)
            }
        }
        return results.values
    }
}
