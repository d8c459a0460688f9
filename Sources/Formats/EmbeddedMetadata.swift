import Foundation
import QPICore

/// Everything of a `Dataset` except the channel samples, as one line of JSON. TIFF and PNG
/// files written by QPIKit carry it so that reading them back restores axes, channel names,
/// units, per-pixel parameters, source header and provenance exactly.
struct EmbeddedMetadata: Codable {
    struct ChannelInfo: Codable {
        var name: String
        var unit: String
        var direction: ScanDirection
        var longName: String
    }

    struct ParameterInfo: Codable {
        var name: String
        var unit: String
        /// Little-endian float32 values, base64.
        var values: String
    }

    var format = "qpikit-embedded-1"
    var sweep: Axis?
    var x: Axis
    var y: Axis
    var channels: [ChannelInfo]
    var parameters: [ParameterInfo]
    var metadata: Metadata

    init(_ dataset: Dataset) {
        sweep = dataset.sweep
        x = dataset.x
        y = dataset.y
        channels = dataset.channels.map {
            ChannelInfo(name: $0.name, unit: $0.unit, direction: $0.direction, longName: $0.longName)
        }
        parameters = dataset.parameters.map { parameter in
            let bytes = parameter.values.withUnsafeBytes { Data($0) }
            return ParameterInfo(name: parameter.name, unit: parameter.unit, values: bytes.base64EncodedString())
        }
        metadata = dataset.metadata
    }

    /// Single-line JSON.
    func encoded() throws -> String { try JSONCoding.encode(self) }

    static func decode(_ text: String, path: String) throws -> EmbeddedMetadata {
        try JSONCoding.decode(EmbeddedMetadata.self, from: text, path: path, what: "QPIKit metadata block")
    }

    /// Rebuilds the data set around channel samples given in the stored channel order.
    func dataset(channelData: [[Float]], path: String) throws -> Dataset {
        guard channelData.count == channels.count else {
            throw FormatError(.corrupt, path: path, "metadata lists \(channels.count) channels, the file holds \(channelData.count)")
        }
        let pixels = x.count * y.count
        let expected = pixels * (sweep?.count ?? 1)
        if let short = channelData.first(where: { $0.count != expected }) {
            throw FormatError(.truncated, path: path, "the file holds \(short.count) samples per channel, its metadata declares \(expected)")
        }
        let restored = try parameters.map { info -> PixelParameter in
            guard let data = Data(base64Encoded: info.values), data.count == pixels * 4 else {
                throw FormatError(.corrupt, path: path, "parameter '\(info.name)' in the metadata block is damaged")
            }
            let values = data.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
            return PixelParameter(name: info.name, unit: info.unit, values: values)
        }
        return Dataset(sweep: sweep, x: x, y: y,
                       channels: zip(channels, channelData).map {
                           Channel(name: $0.name, unit: $0.unit, direction: $0.direction, longName: $0.longName, data: $1)
                       },
                       parameters: restored, metadata: metadata)
    }
}
