extension DataFormat {
    /// Writes `dataset` to `path` in the format its extension names. With `channel`, only that
    /// channel is written. Returns the paths written and what the format could not carry.
    public static func write(_ dataset: Dataset, to path: String, channel: Channel? = nil) throws -> (paths: [String], losses: [String]) {
        let format = try forOutput(path: path)
        var selected = dataset
        if let channel { selected.channels = [channel] }
        guard !selected.channels.isEmpty else {
            throw FormatError(.invalidRequest, path: path, "nothing to write: the data set has no channels")
        }
        switch format {
        case .hdf5:
            try HDF5Writer.write(selected, to: path)
            return ([path], [])
        case .tiff:
            try TIFFWriter.write(selected, to: path)
            return ([path], TIFFWriter.losses(selected))
        case .gwyddion:
            try GwyddionWriter.write(selected, to: path)
            return ([path], GwyddionWriter.losses(selected))
        case .png:
            let written = selected.channels[0]
            let paths = try PNGWriter.write(selected, to: path, channel: written)
            var losses = ["PNG holds 16-bit samples: each layer is quantised to (max − min)/65534 (error at most half that)"]
            let dropped = selected.channels.count - 1
            if dropped > 0 {
                losses.append("PNG holds one channel: wrote '\(written.longName)', left out \(dropped) other channel(s) (choose with --channel)")
            }
            return (paths, losses)
        default:
            throw FormatError(.invalidRequest, path: path, "QPIKit does not write \(format.rawValue) files")
        }
    }
}
