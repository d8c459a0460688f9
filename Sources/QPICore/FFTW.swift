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
    /// transforms once (a quarter of a second at 512²) and is up to 10× faster per transform at
    /// 512² on the reference machine; measured plans are kept between runs (`FFTWisdom`).
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
        HugePages.advise(UnsafeMutableRawPointer(storage), bytes: count * MemoryLayout<fftw_complex>.stride)
        storage.withMemoryRebound(to: Double.self, capacity: 2 * count) { $0.initialize(repeating: 0, count: 2 * count) }
        let sign = direction == .forward ? FFTW_FORWARD : FFTW_BACKWARD
        let flags = UInt32(rigor == .measure ? FFTW_MEASURE : FFTW_ESTIMATE)
        var dims = [Int32(rows), Int32(columns)]
        let storage = self.storage
        plan = plannerLock.withLock {
            if rigor == .measure { _ = FFTWisdom.loaded }
            let plan = fftw_plan_many_dft(2, &dims, Int32(batch), storage, nil, 1, Int32(rows * columns),
                                          storage, nil, 1, Int32(rows * columns), sign, flags)!
            if rigor == .measure { FFTWisdom.saveIfChanged() }
            return plan
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

/// FFTW's wisdom — the plans `measure` found — kept between runs in a cache file, so that only
/// the first run on a machine pays for measuring (FFTW checks that the wisdom fits the
/// library and the machine's code paths; a file it cannot read is ignored).
///
/// The file is `$QPIKIT_FFTW_WISDOM` when set (empty: no file), else
/// `$XDG_CACHE_HOME/qpikit/fftw-wisdom` or `~/.cache/qpikit/fftw-wisdom`. It is written to a
/// temporary file and renamed. Callers hold `plannerLock`.
enum FFTWisdom {
    /// The cache file, nil when disabled or when no home folder is known.
    static let path: String? = {
        let environment = ProcessInfo.processInfo.environment
        if let explicit = environment["QPIKIT_FFTW_WISDOM"] { return explicit.isEmpty ? nil : explicit }
        let cache = environment["XDG_CACHE_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? environment["HOME"].map { $0 + "/.cache" }
        return cache.map { $0 + "/qpikit/fftw-wisdom" }
    }()

    /// The wisdom as last read or written, to skip rewriting an unchanged file.
    nonisolated(unsafe) private static var known: String?

    /// Imports the cache file once per process.
    static let loaded: Void = {
        if let path, fftw_import_wisdom_from_filename(path) != 0 { known = current() }
    }()

    /// The planner's wisdom as text.
    private static func current() -> String? {
        guard let text = fftw_export_wisdom_to_string() else { return nil }
        defer { fftw_free(text) }
        return String(cString: text)
    }

    /// Writes the wisdom when planning added to it; failures are ignored (it is a cache).
    static func saveIfChanged() {
        guard let path, let wisdom = current(), wisdom != known else { return }
        let url = URL(fileURLWithPath: path)
        try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".fftw-wisdom.\(getpid())")
        if (try? Data(wisdom.utf8).write(to: temporary)) != nil, rename(temporary.path, path) == 0 {
            known = wisdom
        } else {
            try? FileManager.default.removeItem(at: temporary)
        }
    }
}
