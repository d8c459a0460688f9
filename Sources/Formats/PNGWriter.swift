import Foundation
import QPICore

/// Writes one channel of a `Dataset` as 16-bit greyscale PNG (one file per layer for a grid:
/// `STEM_000.png`, `STEM_001.png`, …) with the scale and QPIKit metadata in a `tEXt` chunk, plus
/// 8-bit viridis previews (`STEM_preview.png` or `STEM_preview_000.png`, …).
/// Quantisation error is at most half a step: (max − min) / 65534 / 2 per layer.
public enum PNGWriter {
    /// Writes `channel` (default: the first forward channel) of `dataset` next to `path`;
    /// returns the paths written (data files first, then previews).
    @discardableResult
    public static func write(_ dataset: Dataset, to path: String, channel: Channel? = nil) throws -> [String] {
        guard let channel = channel ?? dataset.channels.first(where: { $0.direction == .forward }) ?? dataset.channels.first else {
            throw FormatError(.invalidRequest, path: path, "nothing to write: no channels")
        }
        let stem = path.hasSuffix(".png") ? String(path.dropLast(4)) : path
        let layers = dataset.layerCount
        let digits = max(3, String(layers - 1).count)
        func numbered(_ base: String, _ i: Int) -> String {
            let n = String(i)
            return "\(base)_\(String(repeating: "0", count: max(0, digits - n.count)))\(n).png"
        }
        let dataPaths = dataset.isGrid ? (0..<layers).map { numbered(stem, $0) } : [stem + ".png"]
        let previewPaths = dataset.isGrid ? (0..<layers).map { numbered(stem + "_preview", $0) } : [stem + "_preview.png"]
        var single = dataset.filteringChannels { _ in false }
        single.channels = [Channel(name: channel.name, unit: channel.unit, direction: channel.direction,
                                   longName: channel.longName, data: [])]
        let embedded = EmbeddedMetadata(single)
        let (nx, ny) = (dataset.x.count, dataset.y.count)
        try AtomicOutput.write(to: dataPaths + previewPaths) { temporaries in
            for layer in 0..<layers {
                let values = flippedRows(channel.data[layer * nx * ny ..< (layer + 1) * nx * ny], width: nx, height: ny)
                let (codes, offset, scale) = PNGLayer.quantise(values[...])
                let info = PNGLayer(layer: layer, offset: offset, scale: scale, nanCode: PNGLayer.nanCode, metadata: embedded)
                var png = try LibPNG.encodeGray16(codes, width: nx, height: ny, path: dataPaths[layer])
                png = PNGChunks.insertingText(png, keyword: PNGLayer.keyword, text: try JSONCoding.encode(info))
                try writeBytes(png, to: temporaries[layer], reportedAs: dataPaths[layer])
                let preview = try LibPNG.encodeRGB8(colourMapped(codes), width: nx, height: ny, path: previewPaths[layer])
                try writeBytes(preview, to: temporaries[layers + layer], reportedAs: previewPaths[layer])
            }
        }
        return dataPaths + previewPaths
    }

    private static func colourMapped(_ codes: [UInt16]) -> [UInt8] {
        var rgb = [UInt8](repeating: 0, count: codes.count * 3)
        for (i, code) in codes.enumerated() where Int(code) != PNGLayer.nanCode {
            let (r, g, b) = Colormap.viridis.rgb(Double(code) / 65534)
            rgb[3 * i] = r; rgb[3 * i + 1] = g; rgb[3 * i + 2] = b
        }
        return rgb
    }
}

