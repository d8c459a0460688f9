import CFFTW
import Foundation

// Every raw FFTW call of QPIKit lives in this file.

/// FFTW's planner is not thread-safe; every plan creation and destruction holds this lock.
private let plannerLock = NSLock()

/// The precision of a floating-point computation: FFTW's double (`fftw_`) or single (`fftwf_`)
/// library, and the scalar of the buffers.
public enum Precision: String, Sendable, Codable, CaseIterable {
    case double, single
}

/// A scalar type FFTW transforms: `Double` or `Float`.
public protocol FFTScalar: BinaryFloatingPoint, SIMDScalar, Codable, Sendable {
    /// FFTW's library for this scalar.
    static var precision: Precision { get }
}

extension Double: FFTScalar {
    public static var precision: Precision { .double }
}

extension Float: FFTScalar {
    public static var precision: Precision { .single }
}

/// A batch of in-place 2-D complex double transforms of one size (`FourierTransform2D`).
public typealias FFT2D = FourierTransform2D<Double>

/// A batch of in-place 2-D complex transforms of one size in `Scalar`'s precision, with its own
/// 64-byte-aligned buffer (FFTW requires the alignment it planned with). Executing is
/// thread-safe across instances, so each worker thread owns one.
///
/// The buffer holds `batch` arrays of `rows × columns` complex numbers, interleaved (re, im),
/// row-major. Transforms are unnormalised: forward uses e^{−i…}, backward e^{+i…}.
///
/// With `Schedule.rowBlocks`, the transform runs in two stages that the caller drives: the 1-D
/// transforms along each row, a block of rows at a time (`transformRows`), then those along each
/// column (`transformColumns`). A caller that fills a block of rows just before transforming it
/// finds it still in cache, instead of writing every array out to memory and reading it back.
public final class FourierTransform2D<Scalar: FFTScalar>: @unchecked Sendable {
    /// Transform direction.
    public enum Direction: Sendable { case forward, backward }
    /// How hard FFTW searches for a fast plan: `estimate` plans instantly, `measure` runs trial
    /// transforms once (a quarter of a second at 512²) and is up to 10× faster per transform at
    /// 512² on the reference machine; measured plans are kept between runs (`FFTWisdom`).
    public enum Rigor: Sendable { case estimate, measure }
    /// How the 2-D transform is run: as FFTW's 2-D plan, or as rows in blocks of the given number
    /// of rows and then columns (the same transform up to rounding).
    public enum Schedule: Sendable, Equatable {
        case whole
        case rowBlocks(Int)
    }

    public let rows: Int
    public let columns: Int
    public let batch: Int
    /// Rows per block of `transformRows` (`rows` for `Schedule.whole`).
    public let rowBlock: Int
    private let storage: UnsafeMutablePointer<Scalar>
    private let plans: Plans

    /// FFTW's plans of the schedule.
    private enum Plans {
        case whole(OpaquePointer)
        /// Rows of a full block, rows of the shorter last block (if any), columns.
        case staged(block: OpaquePointer, tail: OpaquePointer?, columns: OpaquePointer)

        var all: [OpaquePointer] {
            switch self {
            case .whole(let plan): [plan]
            case .staged(let block, let tail, let columns): [block, columns] + (tail.map { [$0] } ?? [])
            }
        }
    }

    public init(rows: Int, columns: Int, batch: Int = 1, direction: Direction, rigor: Rigor = .estimate,
                schedule: Schedule = .whole) {
        precondition(rows > 0 && columns > 0 && batch > 0)
        self.rows = rows
        self.columns = columns
        self.batch = batch
        let count = 2 * rows * columns * batch
        // fftw_malloc and fftwf_malloc are the same aligned allocator.
        storage = fftw_malloc(count * MemoryLayout<Scalar>.stride)!.bindMemory(to: Scalar.self, capacity: count)
        HugePages.advise(UnsafeMutableRawPointer(storage), bytes: count * MemoryLayout<Scalar>.stride)
        // Zeroed with memset, not element by element through the generic scalar.
        memset(storage, 0, count * MemoryLayout<Scalar>.stride)
        let sign = direction == .forward ? FFTW_FORWARD : FFTW_BACKWARD
        let flags = UInt32(rigor == .measure ? FFTW_MEASURE : FFTW_ESTIMATE)
        let (storage, plane) = (UnsafeMutableRawPointer(self.storage), rows * columns)
        let arrays = fftw_iodim64(n: batch, is: plane, os: plane)
        /// `rank` dimensions transformed, `vector` dimensions looped over; strides in complex numbers.
        func plan(_ rank: [fftw_iodim64], _ vector: [fftw_iodim64]) -> OpaquePointer {
            var (rank, vector) = (rank, vector)
            return switch Scalar.precision {
            case .double:
                fftw_plan_guru64_dft(Int32(rank.count), &rank, Int32(vector.count), &vector,
                                     storage.assumingMemoryBound(to: fftw_complex.self),
                                     storage.assumingMemoryBound(to: fftw_complex.self), sign, flags)!
            case .single:
                fftwf_plan_guru64_dft(Int32(rank.count), &rank, Int32(vector.count), &vector,
                                      storage.assumingMemoryBound(to: fftwf_complex.self),
                                      storage.assumingMemoryBound(to: fftwf_complex.self), sign, flags)!
            }
        }
        let alongRows = fftw_iodim64(n: columns, is: 1, os: 1), alongColumns = fftw_iodim64(n: rows, is: columns, os: columns)
        switch schedule {
        case .whole: rowBlock = rows
        case .rowBlocks(let block):
            precondition(block > 0)
            rowBlock = min(block, rows)
        }
        let rowBlock = self.rowBlock
        plans = plannerLock.withLock {
            if rigor == .measure { FFTWisdom.load(Scalar.precision) }
            defer { if rigor == .measure { FFTWisdom.saveIfChanged(Scalar.precision) } }
            func blockOfRows(_ count: Int) -> OpaquePointer {
                plan([alongRows], [arrays, fftw_iodim64(n: count, is: columns, os: columns)])
            }
            switch schedule {
            case .whole:
                return .whole(plan([alongColumns, alongRows], [arrays]))
            case .rowBlocks:
                let tail = rows % rowBlock
                return .staged(block: blockOfRows(rowBlock), tail: tail == 0 ? nil : blockOfRows(tail),
                               columns: plan([alongColumns], [arrays, fftw_iodim64(n: columns, is: 1, os: 1)]))
            }
        }
        // FFTW_MEASURE overwrites the buffer while planning.
        memset(self.storage, 0, count * MemoryLayout<Scalar>.stride)
    }

    deinit {
        let plans = self.plans.all
        plannerLock.withLock {
            for plan in plans {
                switch Scalar.precision {
                case .double: fftw_destroy_plan(plan)
                case .single: fftwf_destroy_plan(plan)
                }
            }
        }
        fftw_free(storage)
    }

    /// The interleaved (re, im) buffer: `batch × rows × columns × 2` scalars.
    public var buffer: UnsafeMutableBufferPointer<Scalar> {
        UnsafeMutableBufferPointer(start: storage, count: 2 * rows * columns * batch)
    }

    /// Transforms the buffer in place.
    public func execute() {
        switch plans {
        case .whole(let plan): run(plan, from: storage)
        case .staged:
            for range in rowBlocks { transformRows(range) }
            transformColumns()
        }
    }

    /// The blocks of rows `transformRows` takes, in order: `rowBlock` rows each, the last one
    /// shorter when `rowBlock` does not divide `rows`.
    public var rowBlocks: some Sequence<Range<Int>> {
        stride(from: 0, to: rows, by: rowBlock).lazy.map { [rows, rowBlock] in $0 ..< min($0 + rowBlock, rows) }
    }

    /// The first stage of `Schedule.rowBlocks`: transforms along the rows `range` of every array,
    /// a block (`range` starts at a multiple of `rowBlock` and ends a block later or at the last row).
    public func transformRows(_ range: Range<Int>) {
        guard case .staged(let block, let tail, _) = plans else { preconditionFailure("transformRows needs Schedule.rowBlocks") }
        precondition(range.lowerBound % rowBlock == 0 && range.upperBound == min(range.lowerBound + rowBlock, rows))
        let start = storage + 2 * range.lowerBound * columns
        // FFTW runs a plan on other arrays only at the alignment it planned for.
        precondition(alignment(start) == alignment(storage), "a block of rows must keep the buffer's alignment")
        run(range.count == rowBlock ? block : tail!, from: start)
    }

    /// The second stage of `Schedule.rowBlocks`: transforms along the columns of every array,
    /// once every block of rows is transformed.
    public func transformColumns() {
        guard case .staged(_, _, let columns) = plans else { preconditionFailure("transformColumns needs Schedule.rowBlocks") }
        run(columns, from: storage)
    }

    /// Runs `plan` in place on the arrays that start at `start`.
    private func run(_ plan: OpaquePointer, from start: UnsafeMutablePointer<Scalar>) {
        let raw = UnsafeMutableRawPointer(start)
        switch Scalar.precision {
        case .double:
            let buffer = raw.assumingMemoryBound(to: fftw_complex.self)
            fftw_execute_dft(plan, buffer, buffer)
        case .single:
            let buffer = raw.assumingMemoryBound(to: fftwf_complex.self)
            fftwf_execute_dft(plan, buffer, buffer)
        }
    }

    /// FFTW's alignment class of `pointer`.
    private func alignment(_ pointer: UnsafeMutablePointer<Scalar>) -> Int32 {
        let raw = UnsafeMutableRawPointer(pointer)
        return switch Scalar.precision {
        case .double: fftw_alignment_of(raw.assumingMemoryBound(to: Double.self))
        case .single: fftwf_alignment_of(raw.assumingMemoryBound(to: Float.self))
        }
    }
}

/// A 2-D discrete cosine transform pair on a `rows × columns` double array with its own buffer:
/// `forward` is FFTW's REDFT10 (DCT-II, X_k = 2 Σ x_j cos(π(j + ½)k/n) along each axis) and
/// `inverse` its REDFT01 (DCT-III), so that inverse(forward(x)) = 4 rows columns x. It diagonalises
/// the 5-point Laplacian with mirror (Neumann) boundaries — eigenvalue 2 cos(πp/rows) +
/// 2 cos(πq/columns) − 4 at index (p, q) — without doubling the array as a complex FFT would.
public final class CosineTransform2D: @unchecked Sendable {
    public let rows: Int
    public let columns: Int
    private let storage: UnsafeMutablePointer<Double>
    private let forwardPlan: OpaquePointer
    private let inversePlan: OpaquePointer

    public init(rows: Int, columns: Int) {
        precondition(rows > 0 && columns > 0)
        self.rows = rows
        self.columns = columns
        storage = fftw_malloc(rows * columns * MemoryLayout<Double>.stride)!.bindMemory(to: Double.self, capacity: rows * columns)
        let (storage, n0, n1) = (self.storage, Int32(rows), Int32(columns))
        (forwardPlan, inversePlan) = plannerLock.withLock {
            (fftw_plan_r2r_2d(n0, n1, storage, storage, FFTW_REDFT10, FFTW_REDFT10, UInt32(FFTW_ESTIMATE))!,
             fftw_plan_r2r_2d(n0, n1, storage, storage, FFTW_REDFT01, FFTW_REDFT01, UInt32(FFTW_ESTIMATE))!)
        }
    }

    deinit {
        let plans = [forwardPlan, inversePlan]
        plannerLock.withLock { plans.forEach(fftw_destroy_plan) }
        fftw_free(storage)
    }

    /// The row-major array the transforms work on in place.
    public var buffer: UnsafeMutableBufferPointer<Double> {
        UnsafeMutableBufferPointer(start: storage, count: rows * columns)
    }

    /// DCT-II of the buffer, in place.
    public func forward() { fftw_execute(forwardPlan) }

    /// DCT-III of the buffer, in place.
    public func inverse() { fftw_execute(inversePlan) }
}

/// FFTW's wisdom — the plans `measure` found — kept between runs in a cache file per precision,
/// so that only the first run on a machine pays for measuring (FFTW checks that the wisdom fits
/// the library and the machine's code paths; a file it cannot read is ignored).
///
/// The double-precision file is `$QPIKIT_FFTW_WISDOM` when set (empty: no file), else
/// `$XDG_CACHE_HOME/qpikit/fftw-wisdom` or `~/.cache/qpikit/fftw-wisdom`; single precision adds
/// `-single` to that name. It is written to a temporary file and renamed. Callers hold
/// `plannerLock`.
enum FFTWisdom {
    /// The double-precision cache file, nil when disabled or when no home folder is known.
    static let basePath: String? = {
        let environment = ProcessInfo.processInfo.environment
        if let explicit = environment["QPIKIT_FFTW_WISDOM"] { return explicit.isEmpty ? nil : explicit }
        let cache = environment["XDG_CACHE_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? environment["HOME"].map { $0 + "/.cache" }
        return cache.map { $0 + "/qpikit/fftw-wisdom" }
    }()

    /// The cache file of `precision`.
    static func path(_ precision: Precision) -> String? {
        basePath.map { precision == .double ? $0 : $0 + "-single" }
    }

    /// The wisdom of each precision as last read or written, to skip rewriting an unchanged file.
    nonisolated(unsafe) private static var known: [Precision: String] = [:]
    /// The precisions whose cache file was imported.
    nonisolated(unsafe) private static var imported: Set<Precision> = []

    /// Imports the cache file of `precision` once per process.
    static func load(_ precision: Precision) {
        guard imported.insert(precision).inserted, let path = path(precision) else { return }
        let ok = precision == .double ? fftw_import_wisdom_from_filename(path) : fftwf_import_wisdom_from_filename(path)
        if ok != 0 { known[precision] = current(precision) }
    }

    /// The planner's wisdom of `precision` as text.
    private static func current(_ precision: Precision) -> String? {
        guard let text = precision == .double ? fftw_export_wisdom_to_string() : fftwf_export_wisdom_to_string() else { return nil }
        defer { free(text) }
        return String(cString: text)
    }

    /// Writes the wisdom of `precision` when planning added to it; failures are ignored (it is a cache).
    static func saveIfChanged(_ precision: Precision) {
        guard let path = path(precision), let wisdom = current(precision), wisdom != known[precision] else { return }
        let url = URL(fileURLWithPath: path)
        try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(getpid())")
        if (try? Data(wisdom.utf8).write(to: temporary)) != nil, rename(temporary.path, path) == 0 {
            known[precision] = wisdom
        } else {
            try? FileManager.default.removeItem(at: temporary)
        }
    }
}
