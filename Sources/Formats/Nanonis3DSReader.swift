/// Reads Nanonis grid spectroscopy (`.3ds`) files.
///
/// Layout: a `key=value` text header ending in `:HEADER_END:\r\n`, then one record per pixel,
/// x fastest, each holding the per-pixel parameters and then every channel's sweep, all
/// big-endian float32. A stopped measurement leaves a shorter file: the whole pixel records
/// present are kept, the rest are NaN and counted in `metadata.missingPixels`.
/// Pixel records are streamed in blocks, so peak memory stays close to the size of the data.
public enum Nanonis3DSReader {
    static let headerEnd = Array(":HEADER_END:".utf8)
    /// Largest header searched for the end marker.
    static let headerLimit = 1 << 20

    /// Reads the grid at `path`.
    public static func read(path: String) throws -> Dataset {
        let file = try InputFile(path: path)
        guard var dataStart = try file.offset(after: headerEnd, within: headerLimit) else {
            throw FormatError(.unrecognised, path: path, "no ':HEADER_END:' marker: not a Nanonis .3ds file")
        }
        let headerText = decodeHeaderText(try file.bytes(at: 0, count: dataStart))
        // The marker is followed by CR LF.
        for byte in [UInt8(ascii: "\r"), UInt8(ascii: "\n")] {
            if dataStart < file.size, try file.bytes(at: dataStart, count: 1)[0] == byte { dataStart += 1 }
        }
        let layout = try Layout(header: KeyValueHeader.equalsSeparated(headerText), path: path)
        try layout.checkSize(fileSize: file.size, dataStart: dataStart, path: path)

        let present = Swift.min(layout.pixels, (file.size - dataStart) / layout.recordBytes)
        var parameters = layout.parameterLabels.map {
            // Sweep limits carry no unit in the header; they are in the sweep signal's unit.
            PixelParameter(name: $0.name, unit: $0.name.hasPrefix("Sweep ") && $0.unit.isEmpty ? layout.sweepLabel.unit : $0.unit,
                           values: [Float](repeating: .nan, count: layout.pixels))
        }
        var channels = layout.channelLabels.map {
            Channel(name: $0.name, unit: $0.unit, direction: $0.direction, longName: $0.label,
                    data: [Float](repeating: .nan, count: layout.pixels * layout.points))
        }
        try streamRecords(file: file, layout: layout, dataStart: dataStart, present: present,
                          parameters: &parameters, channels: &channels)

        var assumptions: [String] = []
        let sweep = layout.sweepAxis(firstPixel: parameters, present: present, assumptions: &assumptions)
        if present < layout.pixels {
            assumptions.append("grid incomplete: \(present) of \(layout.pixels) pixels recorded; "
                               + "the \(layout.pixels - present) missing pixels are NaN")
        }
        let metadata = Metadata(
            source: SourceInfo(format: "Nanonis 3ds", fileName: fileName(path), header: headerText),
            scanAngleDegrees: layout.settings[4], missingPixels: layout.pixels - present,
            assumptions: assumptions)
        return Dataset(
            sweep: sweep,
            x: .pixelCentres(name: "x", center: layout.settings[0], width: layout.settings[2], count: layout.nx),
            y: .pixelCentres(name: "y", center: layout.settings[1], width: layout.settings[3], count: layout.ny),
            channels: channels, parameters: parameters, metadata: metadata)
    }

    /// Reads pixel records in blocks of about 16 MiB and scatters them into the arrays.
    private static func streamRecords(file: InputFile, layout: Layout, dataStart: Int, present: Int,
                                      parameters: inout [PixelParameter],
                                      channels: inout [Channel]) throws {
        let recordsPerBlock = Swift.max(1, (16 << 20) / layout.recordBytes)
        let buffer = UnsafeMutableRawBufferPointer.allocate(
            byteCount: recordsPerBlock * layout.recordBytes, alignment: 16)
        defer { buffer.deallocate() }
        let record = UnsafeMutablePointer<Float>.allocate(capacity: layout.recordBytes / 4)
        defer { record.deallocate() }
        let pixels = layout.pixels
        let points = layout.points
        var first = 0
        while first < present {
            let count = Swift.min(recordsPerBlock, present - first)
            try file.read(into: buffer, at: dataStart + first * layout.recordBytes,
                          count: count * layout.recordBytes)
            for r in 0..<count {
                let pixel = first + r
                decodeBigEndianFloats(buffer.baseAddress! + r * layout.recordBytes,
                                      count: layout.recordBytes / 4, into: record)
                for k in parameters.indices { parameters[k].values[pixel] = record[k] }
                var source = layout.parameterCount
                for c in channels.indices {
                    channels[c].data.withUnsafeMutableBufferPointer { out in
                        for e in 0..<points { out[e * pixels + pixel] = record[source + e] }
                    }
                    source += points
                }
            }
            first += count
        }
    }

    /// The sizes and names that the header declares.
    struct Layout {
        var nx: Int
        var ny: Int
        var points: Int
        var settings: [Double]
        var parameterLabels: [NanonisLabel]
        var channelLabels: [NanonisLabel]
        var sweepLabel: NanonisLabel
        var header: KeyValueHeader

        var pixels: Int { nx * ny }
        var parameterCount: Int { parameterLabels.count }
        var recordBytes: Int { (parameterCount + channelLabels.count * points) * 4 }

        init(header: KeyValueHeader, path: String) throws {
            self.header = header
            let dims = try header.require("Grid dim", in: path).split(separator: "x")
                .compactMap { Int($0.trimming(" ")) }
            guard dims.count == 2, dims[0] > 0, dims[1] > 0, dims[0] <= 1 << 20, dims[1] <= 1 << 20 else {
                throw FormatError(.corrupt, path: path, "'Grid dim' is not two positive sizes: '\(header["Grid dim"] ?? "")'")
            }
            (nx, ny) = (dims[0], dims[1])
            points = try header.requireInt("Points", in: path)
            guard points > 0, points <= 1 << 24 else {
                throw FormatError(.corrupt, path: path, "'Points' must be positive, got \(points)")
            }
            settings = (header["Grid settings"] ?? "").split(separator: ";").compactMap { parseNumber($0) }
            guard settings.count == 5, settings.allSatisfy(\.isFinite) else {
                throw FormatError(.corrupt, path: path, "'Grid settings' needs 5 numbers (x;y;width;height;angle)")
            }
            let names = header.list("Fixed parameters") + header.list("Experiment parameters")
            let declared = try header.requireInt("# Parameters (4 byte)", in: path)
            guard declared == names.count else {
                throw FormatError(.corrupt, path: path,
                                  "'# Parameters (4 byte)' is \(declared) but \(names.count) parameters are named")
            }
            parameterLabels = names.map(NanonisLabel.init)
            channelLabels = header.list("Channels").map(NanonisLabel.init)
            guard !channelLabels.isEmpty else {
                throw FormatError(.corrupt, path: path, "header names no channels")
            }
            if let experimentSize = header["Experiment size (bytes)"].flatMap({ Int($0) }),
               experimentSize != channelLabels.count * points * 4 {
                throw FormatError(.corrupt, path: path,
                                  "'Experiment size (bytes)' is \(experimentSize) but \(channelLabels.count) channels × \(points) points need \(channelLabels.count * points * 4)")
            }
            sweepLabel = NanonisLabel(header["Sweep Signal"] ?? "Sweep")
        }

        /// Rejects files whose declared grid needs far more memory than the file can justify.
        func checkSize(fileSize: Int, dataStart: Int, path: String) throws {
            let (total, overflow) = recordBytes.multipliedReportingOverflow(by: pixels)
            let available = fileSize - dataStart
            guard !overflow, total <= 32 * available + (64 << 20) else {
                throw FormatError(.corrupt, path: path,
                                  "header declares \(nx)×\(ny) pixels × \(recordBytes) bytes, but the file holds only \(available) bytes of data")
            }
            guard available >= recordBytes else {
                throw FormatError(.truncated, path: path,
                                  "file ends before the first pixel record (\(available) of \(recordBytes) bytes)")
            }
        }

        /// The sweep axis: multi-segment when the header describes active segments, otherwise
        /// linear from the first pixel's `Sweep Start` to `Sweep End`.
        func sweepAxis(firstPixel parameters: [PixelParameter], present: Int,
                       assumptions: inout [String]) -> Axis {
            let name = sweepLabel.name
            let unit = sweepLabel.unit
            if let segments = multiSegmentAxis() {
                return Axis(name: name, unit: unit, values: segments)
            }
            let start = parameters.first { $0.name == "Sweep Start" }?.values.first
            let end = parameters.first { $0.name == "Sweep End" }?.values.first
            guard present > 0, let start, let end, start.isFinite, end.isFinite else {
                assumptions.append("no 'Sweep Start'/'Sweep End' parameters: sweep axis is the point index")
                return Axis(name: name, unit: "", values: (0..<points).map(Double.init))
            }
            if let starts = parameters.first(where: { $0.name == "Sweep Start" })?.values.prefix(present),
               starts.contains(where: { $0 != start }) {
                assumptions.append("sweep limits vary between pixels: the axis is the first pixel's; per-pixel limits are in the 'Sweep Start'/'Sweep End' parameters")
            }
            return .linear(name: name, unit: unit, from: Double(start), to: Double(end), count: points)
        }

        /// Concatenated segments of a multi-line-segment (MLS) sweep, when active and consistent.
        private func multiSegmentAxis() -> [Double]? {
            guard let mode = header.value(endingWith: ">Sweep mode"), mode.uppercased().contains("MLS"),
                  let settings = header.entries.first(where: { $0.key.contains("MultiLine Settings") })?.value
            else { return nil }
            let numbers = settings.split(separator: ",").compactMap { parseNumber($0) }
            guard numbers.count >= 5, numbers.count % 5 == 0 else { return nil }
            var values: [Double] = []
            for s in stride(from: 0, to: numbers.count, by: 5) {
                guard numbers[s + 4] >= 1, numbers[s + 4] <= Double(points) else { return nil }
                let steps = Int(numbers[s + 4])
                values += Axis.linear(name: "", unit: "", from: numbers[s], to: numbers[s + 1], count: steps).values
            }
            return values.count == points ? values : nil
        }
    }
}

/// The last path component of `path`.
func fileName(_ path: String) -> String {
    path.split(separator: "/").last.map(String.init) ?? path
}
