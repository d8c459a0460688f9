import Dispatch
import Foundation
import QPICore

/// The conductance layers on their way to the maps, one layer at a time: each is read, measured
/// for the averaged spectrum, normalised where that acts on one layer, masked, Fourier-transformed
/// (`LayerFourier`) and resampled into the frame (`FrameSampler`). Workers hold one layer each,
/// so a grid read as Float32 is never copied whole.
enum ConductanceLayers {
    /// A whole stack (meV), already normalised: the steps that work along the energy axis (bias
    /// offset, lock-in calibration, Feenstra, Z and R maps) need every spectrum at once.
    case stack(SpectralStack)
    /// The grid's own Float32 layers (`layers × rows × columns`), each with its spatial mean
    /// subtracted when `subtractingMean` (the per-layer normalisation).
    case channel([Float], rows: Int, columns: Int, subtractingMean: Bool)

    /// What one pass over the layers gives.
    struct Pass {
        /// Every layer in the frame, unsymmetrised.
        var maps: [[Float]]
        /// For `.channel`: each layer's spatial mean before normalisation (the averaged
        /// spectrum) and its `SpectralStack.blockSetVariance` (nil below 2 × 2 blocks).
        var means: [Double]?
        var blockVariances: [Double]?
    }

    var shape: (layers: Int, rows: Int, columns: Int) {
        switch self {
        case .stack(let stack): (stack.energies.count, stack.rows, stack.columns)
        case .channel(let values, let rows, let columns, _): (values.count / (rows * columns), rows, columns)
        }
    }

    /// Runs every layer through the chain, in parallel on all cores. `mask` (true = masked, see
    /// `DefectMask`) is applied after normalisation.
    func pass(mask: [Bool]?, window: Window, dcRadius: Double, sampler: FrameSampler) -> Pass {
        let (layers, rows, columns) = shape
        let n = rows * columns
        let maps = IndexedResults<[Float]>(count: layers)
        let statistics = IndexedResults<(mean: Double, variance: Double?)>(count: layers)
        let workers = max(1, min(layers, ProcessInfo.processInfo.activeProcessorCount))
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            let fourier = LayerFourier(rows: rows, columns: columns, window: window, dcRadius: dcRadius)
            var plane = Plane(rows: rows, columns: columns), magnitude = plane
            for k in stride(from: worker, to: layers, by: workers) {
                switch self {
                case .stack(let stack):
                    plane.values.withUnsafeMutableBufferPointer { _ = $0.update(fromContentsOf: stack.values[k * n ..< (k + 1) * n]) }
                case .channel(let values, _, _, let subtractingMean):
                    for i in 0..<n { plane.values[i] = Double(values[k * n + i]) }
                    let mean = plane.values.reduce(0, +) / Double(n)
                    let variance = SpectralStack.hasBlockSets(rows: rows, columns: columns)
                        ? plane.values.withUnsafeBufferPointer { SpectralStack.blockSetVariance($0, rows: rows, columns: columns) } : nil
                    statistics.set(k, (mean, variance))
                    if subtractingMean { for i in 0..<n { plane.values[i] -= mean } }
                }
                let masked = mask.map { DefectMask.apply($0, to: plane) } ?? plane
                fourier.magnitude(of: masked.values, into: &magnitude)
                maps.set(k, sampler.sample(magnitude))
            }
        }
        guard case .channel = self else { return Pass(maps: maps.values, means: nil, blockVariances: nil) }
        let stats = statistics.values
        return Pass(maps: maps.values, means: stats.map(\.mean),
                    blockVariances: SpectralStack.hasBlockSets(rows: rows, columns: columns) ? stats.map { $0.variance! } : nil)
    }
}
