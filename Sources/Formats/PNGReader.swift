import Foundation
import QPICore

/// Reads 8- and 16-bit greyscale PNG: one image, or a numbered series (`STEM_000.png`,
/// `STEM_001.png`, …) read as the layers of a grid. Files written by QPIKit carry their scale and
/// metadata in a `tEXt` chunk and are restored to physical values; other files give raw sample
/// values, with units, energies and pixel size from `ReadOptions`.
public enum PNGReader {
    /// Reads the image or series that `path` belongs to.
    public static func read(path: String, options: ReadOptions = ReadOptions()) throws -> Dataset {
        let paths = seriesMembers(of: path)
        var planes: [[Float]] = []
        var layers: [PNGLayer] = []
        var shape: (Int, Int)?
        var bitDepth = 8
        for member in paths {
            let file = try InputFile(path: member)
            let bytes = try file.bytes(at: 0, count: file.size)
            guard bytes.starts(with: PNGChunks.signature) else {
                throw FormatError(.unrecognised, path: member, "no PNG signature")
            }
            let gray = try LibPNG.decode(bytes, path: member)
            if let shape, shape != (gray.width, gray.height) {
                throw FormatError(.corrupt, path: member, "\(gray.width)×\(gray.height) differs from the series' \(shape.0)×\(shape.1)")
            }
            shape = (gray.width, gray.height)
            bitDepth = gray.bitDepth
            let bottomFirst = flippedRows(gray.samples, width: gray.width, height: gray.height)
            if let text = PNGChunks.text(in: bytes, keyword: PNGLayer.keyword) {
                let layer = try JSONCoding.decode(PNGLayer.self, from: text, path: member, what: "QPIKit PNG metadata")
                layers.append(layer)
                planes.append(bottomFirst.map(layer.value))
            } else {
                planes.append(bottomFirst.map(Float.init))
            }
        }
        guard let (width, height) = shape else {
            throw FormatError(.io, path: path, "no PNG file found")
        }
        if layers.count == planes.count, let first = layers.first {
            let ordered = zip(layers, planes).sorted { $0.0.layer < $1.0.layer }.flatMap(\.1)
            return try first.metadata.dataset(channelData: [ordered], path: path)
        }
        var assumptions = ["\(bitDepth)-bit PNG samples read as raw integer values"]
        let unit = options.sampleUnit(assumptions: &assumptions)
        let (x, y) = options.spatialAxes(rows: height, columns: width, assumptions: &assumptions)
        let sweep = paths.count > 1 ? try options.sweepAxis(count: paths.count, path: path, assumptions: &assumptions) : nil
        return Dataset(sweep: sweep, x: x, y: y, channels: [Channel(name: "data", unit: unit, data: planes.flatMap { $0 })],
                       metadata: Metadata(source: SourceInfo(format: paths.count > 1 ? "PNG series" : "PNG",
                                                             fileName: fileName(path),
                                                             header: paths.map(fileName).joined(separator: "\n")),
                                          assumptions: assumptions))
    }

    /// The numbered siblings of `path` (`STEM_<digits>.png` with the same digit count), sorted;
    /// `[path]` when the name is not numbered.
    static func seriesMembers(of path: String) -> [String] {
        let url = URL(fileURLWithPath: path)
        let name = url.deletingPathExtension().lastPathComponent
        guard let underscore = name.lastIndex(of: "_") else { return [path] }
        let digits = name[name.index(after: underscore)...]
        guard !digits.isEmpty, digits.allSatisfy(\.isNumber) else { return [path] }
        let stem = String(name[...underscore])
        let directory = url.deletingLastPathComponent()
        let siblings = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        let members = siblings.filter { candidate in
            guard candidate.hasPrefix(stem), candidate.hasSuffix(".png") else { return false }
            let middle = candidate.dropFirst(stem.count).dropLast(4)
            return middle.count == digits.count && middle.allSatisfy(\.isNumber)
        }.sorted()
        return members.isEmpty ? [path] : members.map { directory.appendingPathComponent($0).path }
    }
}
