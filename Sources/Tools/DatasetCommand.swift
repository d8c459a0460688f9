import ArgumentParser
import Foundation
import Formats
import Model
import Preprocess
import QPICore

/// `qpi dataset`: training data for the pairing classifier, simulated with domain randomisation.
struct DatasetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dataset",
        abstract: "Simulate labelled QPI maps for training and evaluating the classifier.",
        subcommands: [Generate.self, Merge.self], defaultSubcommand: Generate.self)

    /// `qpi dataset [generate]`.
    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "generate",
            abstract: "Simulate COUNT labelled map stacks in the common q-frame (HDF5).",
            discussion: """
                Every example is drawn from the domain randomisation of docs/model-card.md and depends only on --seed and its number, so shards made anywhere merge into exactly the set one run would make. Writes DIR/dataset.h5, or DIR/shard-I-of-N.h5 with --shard.

                Examples:
                  qpi dataset --count 2000 --seed 7 --out data/test
                  qpi dataset --count 20000 --seed 1 --out data/train --shard 3/16
                  qpi dataset --count 2000 --seed 8 --snr 3 --out data/noisy
                  qpi dataset merge --out data/train/dataset.h5 data/train/shard-*.h5

                On a Slurm cluster (0-based array indices):
                  #SBATCH --array=0-15
                  qpi dataset --count 20000 --seed 1 --out train \\
                      --shard $SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT
                """)

        @Option(help: "Number of examples in the whole set (all shards).")
        var count: Int
        @Option(help: "Output folder (created if missing).")
        var out: String
        @Option(help: "Random seed of the set.")
        var seed: UInt64 = 1
        @Option(help: "Make only shard I of N (0-based), e.g. 3/16.")
        var shard: String = "0/1"
        @Option(help: "k-mesh size of the simulations.")
        var mesh: Int = 96
        @Option(help: "Fixed signal-to-noise ratio for every map (default: randomised).")
        var snr: Double?
        @Option(help: "Rashba coupling range αR in meV, LOW:HIGH or one value (default: 0).")
        var rashba: String?
        @Option(help: "Only this class.")
        var onlyClass: PairingClass?
        @Option(help: "How maps are made: reciprocal (q-space maps with measurement effects; fast) or real-space (synthetic grids run through the preprocessing; slow).")
        var route: TrainingMapGenerator.Route = .reciprocal
        @Option(help: "Precision of the simulations: single (maps within 1e-4 of double, relative to each map's largest value; faster) or double.")
        var precision: Precision = .single

        var shardNumbers: (Int, Int)? {
            let parts = shard.split(separator: "/").compactMap { Int($0) }
            guard parts.count == 2, parts[1] >= 1, parts[0] >= 0, parts[0] < parts[1] else { return nil }
            return (parts[0], parts[1])
        }

        var rashbaRange: ClosedRange<Double>? {
            guard let rashba else { return 0 ... 0 }
            let values = rashba.split(separator: ":").compactMap { Double($0) }
            guard values.count == 1 || values.count == 2, let low = values.first, let high = values.last, low <= high, low >= 0 else { return nil }
            return low ... high
        }

        func validate() throws {
            guard count >= 1 else { throw ValidationError("--count must be at least 1") }
            guard shardNumbers != nil else { throw ValidationError("--shard must be I/N with 0 ≤ I < N") }
            guard mesh >= 8, mesh % 2 == 0 else { throw ValidationError("--mesh must be an even number ≥ 8") }
            if let snr, !(snr > 0) { throw ValidationError("--snr must be positive") }
            guard rashbaRange != nil else { throw ValidationError("--rashba must be a value or LOW:HIGH in meV, ≥ 0") }
        }

        func run() throws {
            var randomization = DomainRandomization.standard
            if let snr { randomization.signalToNoise = snr ... snr; randomization.noiseFreeFraction = 0 }
            randomization.rashbaMeV = rashbaRange!
            let recipe = DatasetRecipe(seed: seed, count: count, randomization: randomization, meshSize: mesh,
                                       material: try Material.nbse2(), onlyClass: onlyClass?.label,
                                       route: route == .reciprocal ? nil : route, precision: precision)
            let (index, shards) = shardNumbers!
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            let path = shards == 1 ? "\(out)/dataset.h5" : "\(out)/shard-\(index)-of-\(shards).h5"
            let indices = recipe.indices(shard: index, of: shards)
            let bar = ProgressBar("dataset")
            let start = Date()
            try TrainingDataset.generate(recipe, indices: indices, to: path) { bar.update($0, $1) }
            print(String(format: "wrote %@ (%d examples %d…%d, %.1f s)", path, indices.count, indices.lowerBound,
                         max(indices.upperBound - 1, indices.lowerBound), Date().timeIntervalSince(start)))
        }
    }

    /// `qpi dataset merge`.
    struct Merge: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Join shards of one data set into a single file, ordered by example number.")

        @Option(help: "Merged output file (.h5).")
        var out: String
        @Argument(help: "Shard files.")
        var shards: [String]

        func validate() throws {
            guard !shards.isEmpty else { throw ValidationError("give at least one shard") }
            try OutputPath.require(out)
        }

        func run() throws {
            try TrainingDataset.merge(shards, to: out)
            print("wrote \(out) from \(shards.count) shard(s)")
        }
    }
}
