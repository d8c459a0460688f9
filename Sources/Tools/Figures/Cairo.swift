import CCairo
import Formats

// Every raw Cairo call of QPIKit lives in this file; the figures see `Canvas`.

/// A drawing surface (PNG raster or PDF vector) with a Cairo context. Coordinates are points
/// from the top-left corner; PNGs are rendered at `scale` pixels per point.
final class Canvas {
    enum Kind { case png, pdf }
    struct Colour { var r: Double, g: Double, b: Double, a: Double = 1 }
    enum Alignment { case left, centre, right }

    let width: Double, height: Double
    private let kind: Kind
    private let surface: OpaquePointer
    private let context: OpaquePointer
    private let path: String

    /// A canvas of `width` × `height` points that `write()` saves to `path`.
    init(width: Double, height: Double, kind: Kind, path: String, scale: Double = 2) throws {
        self.width = width
        self.height = height
        self.kind = kind
        self.path = path
        switch kind {
        case .png:
            surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32(width * scale), Int32(height * scale))
        case .pdf:
            surface = cairo_pdf_surface_create(path, width, height)
        }
        guard cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS else {
            cairo_surface_destroy(surface)
            throw FigureError(path: path, "Cairo cannot create the figure surface")
        }
        context = cairo_create(surface)
        if kind == .png { cairo_scale(context, scale, scale) }
        fill(x: 0, y: 0, width: width, height: height, colour: Colour(r: 1, g: 1, b: 1))
    }

    deinit {
        cairo_destroy(context)
        cairo_surface_destroy(surface)
    }

    private func set(_ colour: Colour) { cairo_set_source_rgba(context, colour.r, colour.g, colour.b, colour.a) }

    func fill(x: Double, y: Double, width: Double, height: Double, colour: Colour) {
        set(colour)
        cairo_rectangle(context, x, y, width, height)
        cairo_fill(context)
    }

    /// Strokes the polyline through `points`, closed when `closed`.
    func line(_ points: [(Double, Double)], colour: Colour, width: Double = 1, closed: Bool = false, dash: Double? = nil) {
        guard let first = points.first else { return }
        set(colour)
        cairo_set_line_width(context, width)
        if let dash { var d = [dash, dash]; cairo_set_dash(context, &d, 2, 0) } else { cairo_set_dash(context, nil, 0, 0) }
        cairo_move_to(context, first.0, first.1)
        for p in points.dropFirst() { cairo_line_to(context, p.0, p.1) }
        if closed { cairo_close_path(context) }
        cairo_stroke(context)
        cairo_set_dash(context, nil, 0, 0)
    }

    func circle(x: Double, y: Double, radius: Double, colour: Colour, width: Double = 1) {
        set(colour)
        cairo_set_line_width(context, width)
        cairo_new_sub_path(context)
        cairo_arc(context, x, y, radius, 0, 2 * Double.pi)
        cairo_stroke(context)
    }

    /// Draws `text` with its baseline at `y`, aligned at `x`, optionally rotated by `angle` rad.
    func text(_ text: String, x: Double, y: Double, size: Double = 10, bold: Bool = false,
              align: Alignment = .left, colour: Colour = Colour(r: 0, g: 0, b: 0), angle: Double = 0) {
        set(colour)
        cairo_select_font_face(context, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL)
        cairo_set_font_size(context, size)
        var extents = cairo_text_extents_t()
        cairo_text_extents(context, text, &extents)
        let shift = align == .left ? 0 : align == .centre ? extents.x_advance / 2 : extents.x_advance
        cairo_save(context)
        cairo_translate(context, x, y)
        cairo_rotate(context, angle)
        cairo_move_to(context, -shift, 0)
        cairo_show_text(context, text)
        cairo_restore(context)
    }

    /// Draws an RGB image (`pixels` rows of `columns`, row 0 at the top) into the rectangle.
    func image(_ rgb: [UInt8], columns: Int, rows: Int, x: Double, y: Double, width: Double, height: Double, smooth: Bool = false) {
        let stride = Int(cairo_format_stride_for_width(CAIRO_FORMAT_RGB24, Int32(columns)))
        var data = [UInt8](repeating: 0, count: stride * rows)
        for r in 0..<rows {
            for c in 0..<columns {
                let s = 3 * (r * columns + c), t = r * stride + 4 * c
                data[t] = rgb[s + 2]; data[t + 1] = rgb[s + 1]; data[t + 2] = rgb[s]; data[t + 3] = 255
            }
        }
        data.withUnsafeMutableBytes { buffer in
            let source = cairo_image_surface_create_for_data(buffer.baseAddress!.assumingMemoryBound(to: UInt8.self),
                                                             CAIRO_FORMAT_RGB24, Int32(columns), Int32(rows), Int32(stride))
            defer { cairo_surface_destroy(source) }
            cairo_save(context)
            cairo_translate(context, x, y)
            cairo_scale(context, width / Double(columns), height / Double(rows))
            cairo_set_source_surface(context, source, 0, 0)
            cairo_pattern_set_filter(cairo_get_source(context), smooth ? CAIRO_FILTER_BILINEAR : CAIRO_FILTER_NEAREST)
            cairo_rectangle(context, 0, 0, Double(columns), Double(rows))
            cairo_fill(context)
            cairo_restore(context)
        }
    }

    /// Finishes the figure: a PNG is encoded and moved into place atomically; a PDF is
    /// completed (the caller gives a temporary path and renames it).
    func write() throws {
        cairo_surface_flush(surface)
        switch kind {
        case .png:
            try AtomicOutput.write(to: path) { temporary in
                guard cairo_surface_write_to_png(surface, temporary) == CAIRO_STATUS_SUCCESS else {
                    throw FigureError(path: path, "Cairo cannot write the PNG")
                }
            }
        case .pdf:
            cairo_surface_finish(surface)
            guard cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS else {
                throw FigureError(path: path, "Cairo cannot write the PDF")
            }
        }
    }
}
