import CFFTW
import Foundation

// Every raw FFTW call of QPIKit lives in this file.

/// FFTW's planner is not thread-safe; every plan creation and destruction holds this lock.
private let plannerLock = NSLock()

/// A batch of in-place 2-D complex double transforms of one size, with its own 64-byte-aligned
/// buffer (FFTW requires the alignment it planned with). Executing is thread-safe across
/// instances, so each worker thread owns one.
///
/// The buffer holds `batch` arrays of `rows × columns` complex numbers, interleaved (re, im),
/// row-major. Transforms are unnormalised: forward uses e^{−i…}, backward e^{+i…}.
public final class FFT2D: @unchecked Sendable {
    /// Transform direction.
    public enum Direction: Sendable { case forward, backward }
    /// How hard FFTW searches for a fast plan: `estimate` plans instantly, `measure` runs trial
    /// transforms once (seconds at 512²) and is faster for repeated use.
    public enum Rigor: Sendable { case estimate, measure }

    public let rows: Int
    public let columns: Int
    public let batch: Int
    private let storage: UnsafeMutablePointer<fftw_complex>
    private let plan: fftw_plan

    public init(rows: Int, columns: Int, batch: Int = 1, direction: Direction, rigor: Rigor = .estimate) {
        precondition(rows > 0 && columns > 0 && batch > 0)
        self.rows = rows
        self.columns = columns
        self.batch = batch
        let count = rows * columns * batch
        storage = fftw_alloc_complex(count)!
        storage.withMemoryRebound(to: Double.self, capacity: 2 * count) { $0.initialize(repeating: 0, count: 2 * count) }
        let sign = direction == .forward ? FFTW_FORWARD : FFTW_BACKWARD
        let flags = UInt32(rigor == .measure ? FFTW_MEASURE : FFTW_ESTIMATE)
        var dims = [Int32(rows), Int32(columns)]
        let storage = self.storage
        plan = plannerLock.withLock {
            fftw_plan_many_dft(2, &dims, Int32(batch), storage, nil, 1, Int32(rows * columns),
                               storage, nil, 1, Int32(rows * columns), sign, flags)!
        }
        // FFTW_MEASURE overwrites the buffer while planning.
        storage.withMemoryRebound(to: Double.self, capacity: 2 * count) { $0.update(repeating: 0, count: 2 * count) }
    }

    deinit {
        let plan = self.plan
        plannerLock.withLock { fftw_destroy_plan(plan) }
        fftw_free(storage)
    }

    /// The interleaved (re, im) buffer: `batch × rows × columns × 2` doubles.
    public var buffer: UnsafeMutableBufferPointer<Double> {
        storage.withMemoryRebound(to: Double.self, capacity: 2 * rows * columns * batch) {
            UnsafeMutableBufferPointer(start: $0, count: 2 * rows * columns * batch)
        }
    }

    /// Transforms the buffer in place.
    public func execute() {
        fftw_execute_dft(plan, storage, storage)
    }
}
