import Dispatch
import Foundation
import Formats
import Preprocess
import QPICore

/// Training data sets on disk: HDF5 files with `/maps` `[n, energies, pixels, pixels]` (float32,
/// the classifier's raw input in the common q-frame), `/labels` (class index, int64), `/targets`
/// and `/target_mask` `[n, regressions]`, `/cases` `[n, columns]` (every drawn parameter),
/// `/gap_meV`, `/indices` (example numbers in the whole set) and `/recipe` (JSON).
public enum TrainingDataset {
    /// Examples simulated at once and written as one block (bounds the memory in use).
    public static let blockSize = 64

    /// Simulates `indices` of `recipe` on every core and writes them to `path` (atomically);
    /// `progress(done, total)` after each block.
    public static func generate(_ recipe: DatasetRecipe, indices: Range<Int>, to path: String,
                                progress: ((Int, Int) -> Void)? = nil) throws {
        let generator = recipe.generator
        let n = indices.count
        try HDF5Document.write(to: path) { file in
            let writer = try Rows(file, recipe: recipe, count: n)
            for blockStart in stride(from: 0, to: n, by: blockSize) {
                let block = blockStart ..< min(blockStart + blockSize, n)
                let results = IndexedResults<Result<(TrainingCase, [[Float]], Double), any Error>>(count: block.count)
                DispatchQueue.concurrentPerform(iterations: block.count) { offset in
                    let example = recipe.example(indices.lowerBound + block.lowerBound + offset)
                    results.set(offset, Result {
                        let (maps, gap) = try generator.maps(example, route: recipe.route ?? .reciprocal)
                        return (example, maps.maps, gap)
                    })
                }
                let done = try results.values.map { try $0.get() }
                let regression = done.map { RegressionTarget.targets(for: $0.0.pairing) }
                try writer.write(at: block.lowerBound, maps: done.flatMap { $0.1.flatMap { $0 } },
                                 labels: done.map { Int64($0.0.pairingClass.rawValue) },
                                 targets: regression.flatMap(\.values), masks: regression.flatMap(\.mask),
                                 cases: done.flatMap(\.0.columns), gaps: done.map(\.2),
                                 numbers: block.map { Int64(indices.lowerBound + $0) })
                progress?(block.upperBound, n)
            }
        }
    }

    /// The recipe stored in the data set at `path`.
    public static func recipe(of path: String) throws -> DatasetRecipe {
        let file = try HDF5Arrays(path: path)
        guard file.hasDataset("recipe") else { throw FormatError(.corrupt, path: path, "not a QPIKit training data set (no /recipe)") }
        do { return try JSONDecoder().decode(DatasetRecipe.self, from: Data(try file.string("recipe").utf8)) } catch {
            throw FormatError(.corrupt, path: path, "unreadable /recipe: \(error)")
        }
    }

    /// Joins shards of one recipe into `path`, ordered by example number, a block at a time.
    public static func merge(_ inputs: [String], to path: String) throws {
        guard let first = inputs.first else { throw ModelError.noData }
        let recipe = try self.recipe(of: first)
        var pieces: [(file: HDF5Arrays, start: Int64, count: Int)] = []
        for input in inputs {
            guard try self.recipe(of: input) == recipe else {
                throw ModelError.mismatchedFile(path: input, reason: "was made from a different recipe than \(first)")
            }
            let file = try HDF5Arrays(path: input)
            let numbers = try file.integers("indices")
            pieces.append((file, numbers.first ?? 0, numbers.count))
        }
        pieces.sort { $0.start < $1.start }
        let total = pieces.reduce(0) { $0 + $1.count }
        try HDF5Document.write(to: path) { file in
            let writer = try Rows(file, recipe: recipe, count: total)
            var row = 0
            for piece in pieces {
                for start in stride(from: 0, to: piece.count, by: blockSize) {
                    let rows = start ..< min(start + blockSize, piece.count)
                    let source = piece.file
                    try writer.write(at: row, maps: try source.floats("maps", rows: rows), labels: try source.integers("labels", rows: rows),
                                     targets: try source.floats("targets", rows: rows), masks: try source.floats("target_mask", rows: rows),
                                     cases: try source.doubles("cases", rows: rows), gaps: try source.doubles("gap_meV", rows: rows),
                                     numbers: try source.integers("indices", rows: rows))
                    row += rows.count
                }
            }
        }
    }

    /// The datasets of one file, filled a block of examples at a time.
    private struct Rows {
        let maps, labels, targets, masks, cases, gaps, numbers: HDF5Rows

        init(_ file: HDF5Document, recipe: DatasetRecipe, count n: Int) throws {
            let (e, m, r) = (recipe.ratios.count, recipe.frame.pixels, RegressionTarget.allCases.count)
            try file.string("recipe", try JSONCoding.encode(recipe))
            try file.dataset("energy_over_gap", recipe.ratios, dims: [e])
            maps = try file.rows("maps", of: .float32, dims: [n, e, m, m], attributes: [
                "axes": .strings(["example", "energy_over_gap", "qy", "qx"]), "units": .string("|b| for qx, qy; arbitrary for the maps"),
            ])
            labels = try file.rows("labels", of: .int64, dims: [n], attributes: ["classes": .strings(PairingClass.allCases.map(\.label))])
            targets = try file.rows("targets", of: .float32, dims: [n, r], attributes: ["columns": .strings(RegressionTarget.allCases.map(\.rawValue))])
            masks = try file.rows("target_mask", of: .float32, dims: [n, r])
            cases = try file.rows("cases", of: .float64, dims: [n, TrainingCase.columnNames.count], attributes: ["columns": .strings(TrainingCase.columnNames)])
            gaps = try file.rows("gap_meV", of: .float64, dims: [n])
            numbers = try file.rows("indices", of: .int64, dims: [n])
        }

        func write(at row: Int, maps m: [Float], labels l: [Int64], targets t: [Float], masks k: [Float],
                   cases c: [Double], gaps g: [Double], numbers i: [Int64]) throws {
            try maps.write(m, at: row); try labels.write(l, at: row); try targets.write(t, at: row); try masks.write(k, at: row)
            try cases.write(c, at: row); try gaps.write(g, at: row); try numbers.write(i, at: row)
        }
    }
}
