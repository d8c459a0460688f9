import Dispatch
import Foundation
import Preprocess
import QPICore

/// Runs the T-matrix QPI simulation of docs/physics.md: prepare the mesh once (H(k)'s spin
/// blocks where S_z is conserved, else the eigensystem), then every energy in parallel on all
/// cores, each with its own FFTW buffers.
public enum QPISimulator {
    /// Simulates every energy of `parameters` on at most `threads` cores (default: all);
    /// `progress(done, total)` is called after each energy (from worker threads).
    public static func run(_ parameters: SimulationParameters, threads: Int? = nil,
                           progress: (@Sendable (Int, Int) -> Void)? = nil) throws -> QPISimulation {
        let problems = parameters.problems
        guard problems.isEmpty else { throw ModelError.invalidParameters(problems) }
        return try simulate(parameters, system: nil, threads: threads, progress: progress)
    }

    /// Simulates every energy of `parameters` on an already diagonalised system (the same
    /// Hamiltonian and mesh), so several energy lists or impurities can share one diagonalisation.
    public static func run(_ parameters: SimulationParameters, on system: MeshEigensystem, threads: Int? = nil,
                           progress: (@Sendable (Int, Int) -> Void)? = nil) throws -> QPISimulation {
        try simulate(parameters, system: system, threads: threads, progress: progress)
    }

    /// The simulation on `system` when given (its mesh), else on `parameters`' mesh.
    static func simulate(_ parameters: SimulationParameters, system: MeshEigensystem?, threads: Int?,
                         progress: (@Sendable (Int, Int) -> Void)?) throws -> QPISimulation {
        let hamiltonian = system?.hamiltonian
            ?? BdGHamiltonian(normal: NormalState(material: parameters.material), pairing: parameters.pairing)
        let size = system?.size ?? parameters.meshSize
        let outputs = switch parameters.precision {
        case .double:
            try compute(parameters, pool: WorkerPool<Double>(hamiltonian: hamiltonian, size: size, system: system), threads: threads, progress: progress)
        case .single:
            try compute(parameters, pool: WorkerPool<Float>(hamiltonian: hamiltonian, size: size, system: system), threads: threads, progress: progress)
        }
        let delta0 = parameters.pairing.deltaMeV
        return QPISimulation(
            parameters: parameters,
            latticeLDOS: outputs.ldos,
            meshMaps: outputs.qpi,
            maps: QMapStack(maps: outputs.maps,
                            frame: parameters.frame, ratios: parameters.energiesMeV.map { delta0 > 0 ? $0 / delta0 : .nan },
                            gap: delta0 > 0 ? GapEstimate(delta: delta0, method: .pairingAmplitude) : nil),
            dos: outputs.dos)
    }

    /// Every energy of `parameters` by the workers of `pool`, in parallel, each writing its
    /// layers of δρ(R) and |δρ(q)| in place and rendering its map into the frame while the layer
    /// is fresh (q = 0 suppressed for the rendering only, without a copy of the layer).
    private static func compute<S>(_ parameters: SimulationParameters, pool: WorkerPool<S>, threads: Int?,
                                   progress: (@Sendable (Int, Int) -> Void)?)
        throws -> (ldos: MeshLayers, qpi: MeshLayers, maps: [[Float]], dos: [Double]) {
        let energies = parameters.energiesMeV
        let (size, points) = (pool.size, pool.size * pool.size)
        let results = IndexedResults<Result<(dos: Double, map: [Float]), any Error>>(count: energies.count)
        let workers = max(1, min(energies.count, threads ?? ProcessInfo.processInfo.activeProcessorCount))
        let next = Counter(), done = Counter()
        var qpi: MeshLayers?
        let ldos = MeshLayers(size: pool.size, count: energies.count) { ldos in
            qpi = MeshLayers(size: pool.size, count: energies.count) { maps in
                let (ldos, maps) = (SharedPointer(base: ldos), SharedPointer(base: maps))
                DispatchQueue.concurrentPerform(iterations: workers) { _ in
                    let worker = pool.take()
                    defer { pool.give(worker) }
                    while case let index = next.increment() - 1, index < energies.count {
                        let output = Result { () throws -> (dos: Double, map: [Float]) in
                            let layer = maps.base + index * points
                            let dos = try worker.compute(energy: energies[index], eta: parameters.etaMeV, impurity: parameters.impurityMeV,
                                                         ldos: ldos.base + index * points, qpi: layer)
                            let origin = layer[0]
                            layer[0] = originReplacement(UnsafeBufferPointer(start: layer, count: points), size: size)
                            defer { layer[0] = origin }
                            return (dos, parameters.frame.render(mesh: UnsafeBufferPointer(start: layer, count: points), size: size))
                        }
                        results.set(index, output)
                        progress?(done.increment(), energies.count)
                    }
                }
            }
        }
        let outputs = try results.values.map { try $0.get() }
        return (ldos, qpi!, outputs.map(\.map), outputs.map(\.dos))
    }

    /// The mesh map with its q = 0 value replaced by the mean of the six nearest mesh neighbours
    /// (±b1/N, ±b2/N, ±(b1 + b2)/N), which carries no interference information.
    /// (`map` is consumed: a layer read from `MeshLayers` is changed in place, not copied again.)
    static func suppressingOrigin(_ map: consuming [Double], size n: Int) -> [Double] {
        map[0] = map.withUnsafeBufferPointer { originReplacement($0, size: n) }
        return map
    }

    /// The mean of the six mesh neighbours of q = 0 in the N × N `map`.
    static func originReplacement(_ map: UnsafeBufferPointer<Double>, size n: Int) -> Double {
        let neighbours = [(1, 0), (n - 1, 0), (0, 1), (0, n - 1), (1, 1), (n - 1, n - 1)]
        return neighbours.reduce(0.0) { sum, q in sum + map[q.0 * n + q.1] } / 6
    }
}

/// Reusable energy workers of one precision (their FFTW plans and buffers are costly to make).
private final class WorkerPool<S: FFTScalar>: @unchecked Sendable {
    /// Where every worker's G0(k) comes from, prepared once for all of them.
    private let source: EnergyWorker<S>.Source
    private var free: [EnergyWorker<S>] = []
    private let lock = NSLock()

    /// Workers for `hamiltonian` on the N = `size` mesh: H(k)'s spin blocks where the state
    /// conserves S_z (no diagonalisation), else `system`, diagonalised here when not given.
    init(hamiltonian: BdGHamiltonian, size: Int, system: MeshEigensystem?) throws {
        source = GreenStructure(hamiltonian) == .spinConserving
            ? .spinBlocks(SpinBlocks(hamiltonian: hamiltonian, size: size))
            : .eigensystem(try system ?? MeshEigensystem(hamiltonian: hamiltonian, size: size))
    }

    /// Mesh size N.
    var size: Int { source.size }

    func take() -> EnergyWorker<S> {
        lock.lock(); defer { lock.unlock() }
        return free.popLast() ?? EnergyWorker(source: source)
    }

    func give(_ worker: EnergyWorker<S>) {
        lock.lock(); defer { lock.unlock() }
        free.append(worker)
    }
}

/// A thread-safe counter.
final class Counter: @unchecked Sendable {
    private var value = 0
    private let lock = NSLock()

    /// Adds `n` and returns the new total.
    @discardableResult
    func add(_ n: Int) -> Int {
        lock.lock(); defer { lock.unlock() }
        value += n
        return value
    }

    /// Adds one and returns the new total.
    func increment() -> Int { add(1) }
}
