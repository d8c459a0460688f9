/// Reads RHK R9 `.sm4` files (`RHKSM4Page` describes the layout): image pages, or point
/// spectra (line pages of I(V) or I(z) spectra) when the file holds no image.
///
/// Samples are int32 counts: value = count × z scale + z offset, in the page's z unit
/// (SI prefixes resolved, `nA` → A); an axis value is offset + index × scale.
///
/// - Images: each image page of the first image's size is a channel named by its label
///   (scan direction left → backward). Column j lies at x = x offset + j × x scale and line i at
///   y = y offset + i × y scale; columns are mirrored when the x scale is negative and lines
///   flipped when the y scale is negative, so that x and y increase with the index and row 0
///   is the bottom (for y this is Gwyddion's rule; spym flips the other way, and the shared
///   files hold no image to settle it). The scan angle is the first image's.
/// - Spectra: the `y size` spectra of each line page are the columns of a 1 × N grid
///   (x = the spectrum's index, in recording order), the sweep from the x scale and offset
///   (named `Bias` in V), one channel per page that shares the first one's sweep; the tip
///   position and time of each spectrum (the drift data) are the parameters `X`, `Y`, `Time`.
///
/// Pages of other kinds or sizes are listed in the assumptions as not read. The header is a
/// summary of every page's fields and strings.
public enum RHKSM4Reader {
    /// Reads the file at `path`.
    public static func read(path: String) throws -> Dataset {
        let file = try InputFile(path: path)
        let pages = try RHKSM4Page.pages(in: file)
        let header = pages.map(summary).joined(separator: "\n")
        let source = SourceInfo(format: "RHK sm4", fileName: fileName(path), header: header)
        if let first = pages.first(where: { $0.dataType == 0 }) {
            let read = pages.filter { $0.dataType == 0 && $0.columns == first.columns && $0.rows == first.rows }
            return try image(read, from: file, source: source, notRead: notRead(pages, besides: read))
        }
        if let first = pages.first(where: { $0.dataType == 1 && [7, 8].contains($0.lineType) }) {
            let read = pages.filter {
                $0.dataType == 1 && $0.lineType == first.lineType && $0.columns == first.columns && $0.rows == first.rows
                    && $0.xScale == first.xScale && $0.xOffset == first.xOffset && $0.xUnit == first.xUnit
            }
            return try spectra(read, from: file, source: source, notRead: notRead(pages, besides: read))
        }
        let kinds = pages.map { "page \($0.number): data type \($0.dataType), line type \($0.lineType)" }
        throw FormatError(.unsupported, path: path, "no image page and no I(V) or I(z) spectrum page (line types 7, 8) to read: "
                          + (kinds.isEmpty ? "the file has no pages" : kinds.joined(separator: "; ")))
    }

    private static func image(_ pages: [RHKSM4Page], from file: InputFile, source: SourceInfo, notRead: [String]) throws -> Dataset {
        let first = pages[0]
        var assumptions = notRead + [
            "column j at x = x offset + j × x scale, line i at y = y offset + i × y scale; columns mirrored for a negative "
                + "x scale and lines flipped for a negative y scale (row 0 = bottom, Gwyddion's rule)",
        ]
        let x = axis("x", unit: first.xUnit, offset: first.xOffset, scale: first.xScale, count: first.columns, assumptions: &assumptions)
        let y = axis("y", unit: first.yUnit, offset: first.yOffset, scale: first.yScale, count: first.rows, assumptions: &assumptions)
        let channels = try pages.map { page in
            var values = try samples(of: page, from: file)
            if page.xScale < 0 || page.yScale < 0 {
                var oriented = values
                for i in values.indices {
                    let (r, c) = (i / page.columns, i % page.columns)
                    let row = page.yScale < 0 ? page.rows - 1 - r : r, column = page.xScale < 0 ? page.columns - 1 - c : c
                    oriented[row * page.columns + column] = values[i]
                }
                values = oriented
            }
            return channel(page, values, direction: page.scanDirection == 1 ? .backward : .forward)
        }
        let metadata = Metadata(source: source, scanAngleDegrees: first.angle, assumptions: assumptions)
        return Dataset(sweep: nil, x: x, y: y, channels: channels, metadata: metadata)
    }

    private static func spectra(_ pages: [RHKSM4Page], from file: InputFile, source: SourceInfo, notRead: [String]) throws -> Dataset {
        let first = pages[0]
        let (points, count) = (first.columns, first.rows)
        var assumptions = notRead + [
            "the \(count) spectra of a page are the columns of a 1 × \(count) grid in recording order (x = the spectrum's index); "
                + "RHK marks no sweep direction per spectrum, so alternating forward/backward sweeps are not separated",
        ]
        var sweep = axis("x", unit: first.xUnit, offset: first.xOffset, scale: first.xScale, count: points,
                         assumptions: &assumptions, ascending: false)
        sweep.name = sweep.unit == "V" ? "Bias" : first.xLabel.isEmpty ? (first.lineType == 8 ? "Z" : "x") : first.xLabel
        let channels = try pages.map { page in
            let values = try samples(of: page, from: file)
            // The file holds spectrum after spectrum; the model holds layer (sweep point) after layer.
            return channel(page, (0..<points * count).map { values[($0 % count) * points + $0 / count] }, direction: .forward)
        }
        var parameters: [PixelParameter] = []
        if first.drift.count == count {
            parameters = [PixelParameter(name: "X", unit: "m", values: first.drift.map { Float($0.x) }),
                          PixelParameter(name: "Y", unit: "m", values: first.drift.map { Float($0.y) }),
                          PixelParameter(name: "Time", unit: "s", values: first.drift.map { Float($0.time) })]
        } else {
            assumptions.append("the page has no drift data: the spectra's positions are unknown")
        }
        let index = Axis(name: "spectrum", unit: "", values: (0..<count).map(Double.init))
        return Dataset(sweep: sweep, x: index, y: Axis(name: "y", unit: "m", values: [0]), channels: channels,
                       parameters: parameters, metadata: Metadata(source: source, assumptions: assumptions))
    }

    /// offset + index × scale in the SI base unit of `unit`, ascending unless told otherwise.
    private static func axis(_ name: String, unit: String, offset: Double, scale: Double, count: Int,
                             assumptions: inout [String], ascending: Bool = true) -> Axis {
        let (base, factor) = siBaseUnit(unit) ?? (unit.trimming(" "), 1)
        if ascending && base != "m" {
            assumptions.append("the \(name) axis has unit '\(unit)', not a length: it is kept in it")
        }
        let values = (0..<count).map { (scale * Double($0) + offset) * factor }
        return Axis(name: name, unit: base, values: ascending && scale < 0 ? values.reversed() : values)
    }

    /// The page's samples in file order: count × z scale + z offset, in the z unit's SI base unit.
    private static func samples(of page: RHKSM4Page, from file: InputFile) throws -> [Float] {
        let raw = try file.bytes(at: page.dataOffset, count: 4 * page.rows * page.columns)
        let factor = siBaseUnit(page.zUnit)?.factor ?? 1
        return raw.withUnsafeBytes { bytes in
            (0..<raw.count / 4).map { i in
                let count = Int32(littleEndian: bytes.loadUnaligned(fromByteOffset: 4 * i, as: Int32.self))
                return Float((Double(count) * page.zScale + page.zOffset) * factor)
            }
        }
    }

    private static func channel(_ page: RHKSM4Page, _ data: [Float], direction: ScanDirection) -> Channel {
        let unit = siBaseUnit(page.zUnit)?.unit ?? page.zUnit.trimming(" ")
        return Channel(name: page.label.isEmpty ? "page \(page.number)" : page.label, unit: unit, direction: direction, data: data)
    }

    /// One assumption naming the pages outside `read`, or none.
    private static func notRead(_ pages: [RHKSM4Page], besides read: [RHKSM4Page]) -> [String] {
        let numbers = Set(read.map(\.number))
        let others = pages.filter { !numbers.contains($0.number) }.map { page in
            page.dataType > 1 ? "\(page.number) (data type \(page.dataType))"
                : "\(page.number) ('\(page.label)', data type \(page.dataType), line type \(page.lineType), \(page.columns) × \(page.rows))"
        }
        return others.isEmpty ? [] : ["pages not read (another kind, size or sweep than those read): " + others.joined(separator: ", ")]
    }

    /// One line of the page's header fields and non-empty strings.
    private static func summary(_ page: RHKSM4Page) -> String {
        var fields = ["page \(page.number)", "data type \(page.dataType)"]
        if page.dataType <= 1 {
            fields += ["page type \(page.pageType)", "line type \(page.lineType)", "size \(page.columns) × \(page.rows)",
                       "scan direction \(page.scanDirection)", "x scale \(page.xScale)", "x offset \(page.xOffset)",
                       "y scale \(page.yScale)", "y offset \(page.yOffset)", "z scale \(page.zScale)", "z offset \(page.zOffset)",
                       "period \(page.period) s", "bias \(page.bias) V", "current \(page.current) A", "angle \(page.angle)°"]
            fields += zip(RHKSM4Page.stringNames, page.strings).filter { !$0.1.trimming(" ").isEmpty }.map { "\($0.0): \($0.1)" }
        }
        return fields.joined(separator: "; ")
    }
}
