import Foundation
import QPICore

/// A spectroscopic grid built from a series of images of one area, one per bias (constant-current
/// dI/dV maps, e.g. one Nanonis `.sxm` per energy): the layers are ordered by each file's bias,
/// files whose frame differs are refused, and the images are registered to the first by
/// cross-correlating their topographs (the drift between images), each shifted by whole pixels.
/// Every channel of the images becomes a channel of the grid, the topograph included, so each
/// layer keeps its own topograph.
public enum MapSeries {
    /// The grid made of the images at `paths` (at least two).
    public static func read(paths: [String]) throws -> Dataset {
        guard paths.count >= 2 else { throw FormatError(.invalidRequest, path: paths.first ?? "", "a map series needs at least two images") }
        let images = try paths.map { path -> (String, Dataset, Double) in
            let image = try DataFormat.read(path: path)
            guard !image.isGrid else { throw FormatError(.invalidRequest, path: path, "is a spectroscopic grid, not one image of a series") }
            return (path, image, try bias(of: image, path: path))
        }.sorted { $0.2 < $1.2 }
        let (firstPath, first, _) = images[0]
        for (path, image, _) in images.dropFirst() {
            try requireSameFrame(image, as: first, path: path, reference: firstPath)
        }
        let reference = try topograph(of: first, path: firstPath)
        let (rows, columns) = (first.y.count, first.x.count)
        var shifts: [(Int, Int)] = []
        var layers: [[Channel]] = []
        for (path, image, _) in images {
            let shift = offset(of: try topograph(of: image, path: path), from: reference, rows: rows, columns: columns)
            shifts.append(shift)
            layers.append(image.channels.map { channel in
                var moved = channel
                moved.data = shifted(channel.data, by: shift, rows: rows, columns: columns)
                return moved
            })
        }
        let channels = first.channels.indices.map { c in
            Channel(name: first.channels[c].name, unit: first.channels[c].unit, direction: first.channels[c].direction,
                    longName: first.channels[c].longName, data: layers.flatMap { $0[c].data })
        }
        var metadata = first.metadata
        metadata.source = SourceInfo(format: "map series of \(first.metadata.source.format)", fileName: images.map { fileName($0.0) }.joined(separator: ", "),
                                     header: first.metadata.source.header)
        metadata.assumptions.append("layers registered to \(fileName(firstPath)) by the cross-correlation of their topographs, shifted by whole pixels (edges repeat the last line)")
        metadata.provenance.append(ProcessStep(step: "map-series", parameters: [
            "files": .list(images.map { .string($0.0) }), "bias_V": .numbers(images.map(\.2)),
            "shifts_pixels": .list(shifts.map { .numbers([Double($0.0), Double($0.1)]) }),
        ]))
        return Dataset(sweep: Axis(name: "Bias", unit: "V", values: images.map(\.2)), x: first.x, y: first.y,
                       channels: channels, metadata: metadata)
    }

    /// The bias (V) an image was recorded at: the `BIAS` of a Nanonis header.
    static func bias(of image: Dataset, path: String) throws -> Double {
        let header = KeyValueHeader.colonSections(image.metadata.source.header)
        guard let text = header["BIAS"], let bias = parseNumber(Substring(text.trimming(" "))) else {
            throw FormatError(.unsupported, path: path, "the file records no bias (a Nanonis ':BIAS:' entry): cannot place it in a map series")
        }
        return bias
    }

    static func requireSameFrame(_ image: Dataset, as first: Dataset, path: String, reference: String) throws {
        let tolerance = 1e-3 * abs(first.x.uniformStep ?? 1e-10)
        func same(_ a: Axis, _ b: Axis) -> Bool { a.count == b.count && zip(a.values, b.values).allSatisfy { abs($0 - $1) <= tolerance } }
        guard same(image.x, first.x), same(image.y, first.y), image.metadata.scanAngleDegrees == first.metadata.scanAngleDegrees else {
            throw FormatError(.invalidRequest, path: path, "its frame (\(image.x.count) × \(image.y.count) pixels, angle \(image.metadata.scanAngleDegrees)°) differs from \(fileName(reference))'s")
        }
        guard image.channels.map(\.datasetName) == first.channels.map(\.datasetName) else {
            throw FormatError(.invalidRequest, path: path, "its channels differ from \(fileName(reference))'s")
        }
    }

    static func topograph(of image: Dataset, path: String) throws -> [Double] {
        guard let z = image.heightChannel else { throw FormatError(.corrupt, path: path, "no channel to register with") }
        return z.data.map(Double.init)
    }

    /// The whole-pixel shift (rows, columns) that best maps `image` onto `reference`: the maximum
    /// of their circular cross-correlation (mean removed, through FFTW).
    static func offset(of image: [Double], from reference: [Double], rows: Int, columns: Int) -> (Int, Int) {
        let forward = FFT2D(rows: rows, columns: columns, direction: .forward)
        func spectrum(_ values: [Double]) -> [Double] {
            let finite = values.filter(\.isFinite)
            let mean = finite.reduce(0, +) / Double(max(finite.count, 1))
            let buffer = forward.buffer
            for i in 0 ..< rows * columns { buffer[2 * i] = values[i].isFinite ? values[i] - mean : 0; buffer[2 * i + 1] = 0 }
            forward.execute()
            return Array(buffer)
        }
        let (a, b) = (spectrum(reference), spectrum(image))
        let backward = FFT2D(rows: rows, columns: columns, direction: .backward)
        let buffer = backward.buffer
        for i in 0 ..< rows * columns {   // A · conj(B)
            buffer[2 * i] = a[2 * i] * b[2 * i] + a[2 * i + 1] * b[2 * i + 1]
            buffer[2 * i + 1] = a[2 * i + 1] * b[2 * i] - a[2 * i] * b[2 * i + 1]
        }
        backward.execute()
        var best = 0
        for i in 0 ..< rows * columns where buffer[2 * i] > buffer[2 * best] { best = i }
        func signed(_ k: Int, _ n: Int) -> Int { k <= n / 2 ? k : k - n }
        return (signed(best / columns, rows), signed(best % columns, columns))
    }

    /// `values` (layers of `rows × columns`) moved by `shift` pixels, edges repeating the last line.
    static func shifted(_ values: [Float], by shift: (Int, Int), rows: Int, columns: Int) -> [Float] {
        guard shift != (0, 0) else { return values }
        let plane = rows * columns
        var out = values
        for layer in 0 ..< values.count / plane {
            for r in 0..<rows {
                let source = min(max(r - shift.0, 0), rows - 1)
                for c in 0..<columns {
                    out[layer * plane + r * columns + c] = values[layer * plane + source * columns + min(max(c - shift.1, 0), columns - 1)]
                }
            }
        }
        return out
    }
}
