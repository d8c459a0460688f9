/// Reads TIFF images and multi-page stacks of 8/16/32-bit integers and 32/64-bit floats.
///
/// A file written by QPIKit is restored exactly from its `qpikit=` metadata line. Otherwise
/// ImageJ/Fiji hyperstack metadata (`channels`, `slices`, `unit`, `spacing`, resolution) is used
/// where present, and the rest comes from `ReadOptions`, with every assumption recorded.
/// Rows are stored top line first, so they are flipped to put row 0 at the bottom.
public enum TIFFReader {
    /// Reads the TIFF at `path`.
    public static func read(path: String, options: ReadOptions = ReadOptions()) throws -> Dataset {
        let size = try InputFile(path: path).size
        let file = try TIFFFile.open(path: path, mode: "r")
        let pages = file.pageCount(limit: 1 << 20)
        let info = file.pageInfo()
        guard info.samplesPerPixel == 1 else {
            throw FormatError(.unsupported, path: path, "\(info.samplesPerPixel) samples per pixel: only greyscale TIFF is supported")
        }
        guard [8, 16, 32, 64].contains(info.bitsPerSample), info.width > 0, info.height > 0 else {
            throw FormatError(.unsupported, path: path, "\(info.bitsPerSample)-bit samples of \(info.width)×\(info.height) are not supported")
        }
        let (total, overflow) = (info.width * info.height).multipliedReportingOverflow(by: pages * 4)
        guard !overflow, total <= 64 * size + (256 << 20) else {
            throw FormatError(.corrupt, path: path, "\(pages) pages of \(info.width)×\(info.height) cannot come from a \(size)-byte file")
        }
        let description = file.description() ?? ""
        var planes: [[Float]] = []
        for index in 0..<pages {
            try file.selectPage(index)  // in order: each call advances one page
            let pageInfo = file.pageInfo()
            guard pageInfo.width == info.width, pageInfo.height == info.height else {
                throw FormatError(.unsupported, path: path, "page \(index + 1) is \(pageInfo.width)×\(pageInfo.height), page 1 is \(info.width)×\(info.height)")
            }
            planes.append(flippedRows(try file.readPage(pageInfo), width: info.width, height: info.height))
        }
        let properties = imageJProperties(description)
        if let images = properties["images"].flatMap({ Int($0) }), images != pages {
            throw FormatError(.truncated, path: path, "ImageJ metadata declares \(images) pages, the file holds \(pages)")
        }
        if let json = properties["qpikit"] {
            let embedded = try EmbeddedMetadata.decode(json, path: path)
            return try embedded.dataset(channelData: interleavedChannels(planes, count: embedded.channels.count, path: path), path: path)
        }
        return try foreign(planes: planes, info: info, properties: properties, resolution: file.xResolution(),
                           options: options, path: path)
    }

    /// A TIFF without QPIKit metadata: channels and slices from ImageJ where given.
    private static func foreign(planes: [[Float]], info: TIFFFile.PageInfo, properties: [String: String],
                                resolution: Double?, options: ReadOptions, path: String) throws -> Dataset {
        var assumptions: [String] = []
        let channels = Int(properties["channels"] ?? "") ?? 1
        guard channels >= 1, planes.count % channels == 0 else {
            throw FormatError(.corrupt, path: path, "ImageJ says \(channels) channels but the file has \(planes.count) pages")
        }
        let layers = planes.count / channels
        var options = options
        if options.pixelSize == nil, let resolution, let unit = properties["unit"],
           let size = metres([1 / resolution], unit: unit == "micron" ? "um" : unit)?.first {
            options.pixelSize = size
        }
        let unit = options.sampleUnit(assumptions: &assumptions)
        let (x, y) = options.spatialAxes(rows: info.height, columns: info.width, assumptions: &assumptions)
        var sweep: Axis?
        if layers > 1 {
            if options.sweepValues == nil, let spacing = Double(properties["spacing"] ?? ""), properties["zunit"] == "mV" {
                let origin = Double(properties["zorigin"] ?? "") ?? 0
                options.sweepValues = (0..<layers).map { (Double($0) - origin) * spacing * 1e-3 }
            }
            sweep = try options.sweepAxis(count: layers, path: path, assumptions: &assumptions)
        }
        let data = try interleavedChannels(planes, count: channels, path: path)
        let format = properties["ImageJ"] != nil ? "ImageJ TIFF" : "TIFF"
        return Dataset(sweep: sweep, x: x, y: y,
                       channels: data.enumerated().map { Channel(name: channels > 1 ? "channel \($0.offset + 1)" : "data", unit: unit, data: $0.element) },
                       metadata: Metadata(source: SourceInfo(format: format, fileName: fileName(path),
                                                             header: properties.isEmpty ? "" : properties.map { "\($0)=\($1)" }.sorted().joined(separator: "\n")),
                                          assumptions: assumptions))
    }

    /// Splits pages stored channel-fastest into one layer-major array per channel.
    private static func interleavedChannels(_ planes: [[Float]], count: Int, path: String) throws -> [[Float]] {
        guard count > 0, planes.count % count == 0 else {
            throw FormatError(.corrupt, path: path, "\(planes.count) pages cannot hold \(count) channels")
        }
        return (0..<count).map { c in stride(from: c, to: planes.count, by: count).flatMap { planes[$0] } }
    }

    /// `key=value` lines of an ImageJ description.
    static func imageJProperties(_ description: String) -> [String: String] {
        var properties: [String: String] = [:]
        for line in description.split(separator: "\n") {
            guard let eq = line.firstIndex(of: "=") else { continue }
            properties[String(line[..<eq])] = String(line[line.index(after: eq)...])
        }
        return properties
    }
}
