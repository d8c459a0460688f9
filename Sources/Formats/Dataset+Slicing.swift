extension Dataset {
    /// Layer `layer` of `channel` as an image with this data set's axes.
    public func image(of channel: Channel, layer: Int = 0) -> Image2D {
        precondition(layer >= 0 && layer < layerCount, "layer \(layer) out of 0..<\(layerCount)")
        let n = pixelCount
        return Image2D(name: channel.name, unit: channel.unit, x: x, y: y,
                       values: Array(channel.data[layer * n ..< (layer + 1) * n]))
    }

    /// The spectrum of `channel` at pixel (`row`, `column`), one value per layer.
    public func spectrum(of channel: Channel, row: Int, column: Int) -> [Float] {
        let n = pixelCount
        let offset = row * x.count + column
        return (0..<layerCount).map { channel.data[$0 * n + offset] }
    }

    /// A copy holding only the channels that `keep` accepts.
    public func filteringChannels(_ keep: (Channel) -> Bool) -> Dataset {
        var copy = self
        copy.channels = channels.filter(keep)
        return copy
    }
}
